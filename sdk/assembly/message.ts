/**
 * Builder for the structured output model (engine/output/message.ts): a kind,
 * spans of text with semantic styles and entity references, and optional data
 * for GMCP. Packs never write colours or bytes; each client's renderer does.
 *
 *   Message.kind("say").name(actor.name, actor.id).text(' says, "').styled(text, "speech").text('"')
 *
 * Kinds: room say pose move info system error help replay combat prompt.
 * Styles: room-title room-desc exit name speech emote system error hint
 *         emphasis good bad item.
 * The engine rejects unknown kinds and styles and strips control characters.
 */
import { quote, toJson } from './json/index';
import { reqQuoted, reqRaw } from './memory';

class Span {
  constructor(
    public text: string,
    public style: string,
    public ref: string,
  ) {}

  toJson(): string {
    let out = '{"text":' + quote(this.text);
    if (this.style.length > 0) out += ',"style":' + quote(this.style);
    if (this.ref.length > 0) out += ',"ref":' + quote(this.ref);
    return out + '}';
  }
}

export class Message {
  private spans: Span[] = [];
  private dataJson: string = '';

  constructor(private messageKind: string) {}

  /** Start a message of this kind. */
  static kind(kind: string): Message {
    return new Message(kind);
  }

  /** A one-span message (kind "error", style "error"): refusals such as "You can't go that way." */
  static error(text: string): Message {
    return new Message('error').styled(text, 'error');
  }

  /** A one-span message of kind "info". */
  static info(text: string): Message {
    return new Message('info').text(text);
  }

  /** Plain text. Adjacent plain spans are merged to keep the JSON small. */
  text(text: string): Message {
    return this.span(text, '', '');
  }

  /** Text with a style class. */
  styled(text: string, style: string): Message {
    return this.span(text, style, '');
  }

  /** A character or entity name (style "name") that refers to entity `id`. */
  name(name: string, id: string): Message {
    return this.span(name, 'name', id);
  }

  /** Text with a style and an entity reference (clients may make it clickable). */
  ref(text: string, style: string, id: string): Message {
    return this.span(text, style, id);
  }

  /** A line break. */
  newline(): Message {
    return this.span('\n', '', '');
  }

  /**
   * Attach structured data, e.g. `.data("Room.Info", new JsonObj().set("name", n))`.
   * `value` may be anything `toJson` accepts.
   */
  data<T>(pkg: string, value: T): Message {
    this.dataJson = '{"package":' + quote(pkg) + ',"value":' + toJson<T>(value) + '}';
    return this;
  }

  /** The text a plain client would show (all spans concatenated). */
  plain(): string {
    const parts = new Array<string>(this.spans.length);
    for (let i = 0; i < this.spans.length; i++) parts[i] = this.spans[i].text;
    return parts.join('');
  }

  get kindName(): string {
    return this.messageKind;
  }

  toJson(): string {
    const parts = new Array<string>(this.spans.length);
    for (let i = 0; i < this.spans.length; i++) parts[i] = this.spans[i].toJson();
    let out = '{"kind":' + quote(this.messageKind) + ',"spans":[' + parts.join(',') + ']';
    if (this.dataJson.length > 0) out += ',"data":' + this.dataJson;
    return out + '}';
  }

  toString(): string {
    return this.toJson();
  }

  /**
   * Append the same JSON as toJson() to the request being built (memory.ts
   * `req*`): send() and Events.emit() write messages without building the string.
   */
  writeRequest(): void {
    reqRaw('{"kind":');
    reqQuoted(this.messageKind);
    reqRaw(',"spans":[');
    const spans = this.spans;
    for (let i = 0; i < spans.length; i++) {
      const sp = unchecked(spans[i]);
      reqRaw(i > 0 ? ',{"text":' : '{"text":');
      reqQuoted(sp.text);
      if (sp.style.length > 0) {
        reqRaw(',"style":');
        reqQuoted(sp.style);
      }
      if (sp.ref.length > 0) {
        reqRaw(',"ref":');
        reqQuoted(sp.ref);
      }
      reqRaw('}');
    }
    reqRaw(']');
    if (this.dataJson.length > 0) {
      reqRaw(',"data":');
      reqRaw(this.dataJson);
    }
    reqRaw('}');
  }

  private span(text: string, style: string, ref: string): Message {
    if (text.length == 0) return this;
    const n = this.spans.length;
    if (n > 0 && style.length == 0 && ref.length == 0) {
      const prev = this.spans[n - 1];
      if (prev.style.length == 0 && prev.ref.length == 0) {
        prev.text += text;
        return this;
      }
    }
    this.spans.push(new Span(text, style, ref));
    return this;
  }
}
