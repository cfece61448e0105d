/**
 * Test entry for test/unit/sdk-json.unit.test.ts: each export reads its input,
 * exercises the SDK's JSON module or Message builder, and writes the result as
 * output, so the test can compare against JavaScript's own JSON.
 */
import { JsonValue, JsonObj, JsonArr, Message, parseJson, jsonError, quote, raw, inputString, outputString } from '../index';
import { reqBegin, reqBlock, reqLength } from '../memory';
import { output_set } from '@extism/as-pdk/lib/env';

/** Parse the input and write it back compactly, or `ERR:<reason>`. */
export function roundtrip(): i32 {
  const v = parseJson(inputString());
  outputString(v === null ? 'ERR:' + jsonError() : v.toJson());
  return 0;
}

/** The input text as a JSON string literal. */
export function quote_input(): i32 {
  outputString(quote(inputString()));
  return 0;
}

/** Parse a JSON string literal (the input) and write back the decoded text. */
export function unquote_input(): i32 {
  const v = parseJson(inputString());
  let s: string | null = null;
  if (v !== null) s = v.asString();
  outputString(s === null ? 'ERR:' + jsonError() : s);
  return 0;
}

/** Exercise the getters on an object input. */
export function getters(): i32 {
  const v = parseJson(inputString());
  if (v === null) {
    outputString('ERR:' + jsonError());
    return 0;
  }
  const o = v.getObject('o');
  const a = v.getArray('a');
  let objKeys: string[] = [];
  let objInner: string | null = null;
  if (o !== null) {
    objKeys = o.keys();
    objInner = o.getString('inner');
  }
  const out = new JsonObj()
    .set('s', v.getString('s'))
    .set('n', v.getNumber('n', -1))
    .set('b', v.getBool('b'))
    .set('hasS', v.has('s'))
    .set('hasZ', v.has('zzz'))
    .set('missing', v.getString('zzz'))
    .set('wrongType', v.getString('n'))
    .set('numberFallback', v.getNumber('s', 42))
    .set('objKeys', objKeys)
    .set('objInner', objInner)
    .set('arrLen', a === null ? -1 : a.length)
    .set('notObject', v.getObject('s') === null)
    .set('notArray', v.getArray('o') === null);
  outputString(out.toJson());
  return 0;
}

/** Build a document with the writers: every kind of value, escapes and non-ASCII. */
export function builder(): i32 {
  const text = inputString();
  const nested = JsonValue.newObject().set('k', JsonValue.fromString(text));
  const out = new JsonObj()
    .set('text', text)
    .set('int', 42)
    .set('neg', -7)
    .set('float', 1.5)
    .set('big', 1e21)
    .set('nan', NaN)
    .set('yes', true)
    .set('none', <string | null>null)
    .set('list', new JsonArr().push(text).push(1).push(false))
    .set('strings', ['a', '"b"', 'é'])
    .set('dom', nested)
    .set('raw', raw('{"pre":[1,2]}'))
    .setIfPresent('absent', <string | null>null);
  outputString(out.toJson());
  return 0;
}

function sayMessage(text: string): Message {
  return Message.kind('say').name('Zoë', '01ACTOR').text(' says, "').styled(text, 'speech').text('"').data('Comm.Channel.Text', new JsonObj().set('channel', 'say').set('talker', 'Zoë').set('text', text));
}

/** The documented Message example, with the input as the spoken text. */
export function message(): i32 {
  outputString(sayMessage(inputString()).toJson());
  return 0;
}

/** The same message as send()/Events.emit() write it into a request. */
export function message_request(): i32 {
  const msg = sayMessage(inputString());
  reqBegin();
  msg.writeRequest();
  const len = reqLength();
  output_set(reqBlock(), <u64>len);
  return 0;
}

/**
 * `{"doc":{…},"remove":["k",…],"ask":["k",…]}`: remove the keys from doc, then
 * answer `{"doc":<doc after>,"has":[…],"get":[…]}` for the asked keys (lookups
 * through the small-object scan and the index of larger objects alike).
 */
export function members(): i32 {
  const v = parseJson(inputString());
  if (v === null) {
    outputString('ERR:' + jsonError());
    return 0;
  }
  const doc = v.getObject('doc')!;
  const remove = v.getArray('remove')!;
  const ask = v.getArray('ask')!;
  for (let i = 0; i < remove.length; i++) doc.remove(remove[i].asString()!);
  const has = new JsonArr();
  const got = new JsonArr();
  for (let i = 0; i < ask.length; i++) {
    const k = ask[i].asString()!;
    has.push(doc.has(k));
    const m = doc.get(k);
    got.push(m === null ? raw('"<missing>"') : raw(m.toJson()));
  }
  outputString(new JsonObj().set('doc', doc).set('has', has).set('get', got).toJson());
  return 0;
}
