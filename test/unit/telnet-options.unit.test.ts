import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DO, DONT, WILL, WONT, type NegotiationVerb } from '../../engine/net/telnet/codes.ts';
import { OptionTable, encodeNegotiations, type OptionPolicy } from '../../engine/net/telnet/options.ts';

const policy = new Map<number, OptionPolicy>([
  [24, { local: false, remote: true }], // TTYPE: the client may
  [25, { local: true, remote: false }], // EOR: we may
  [3, { local: true, remote: true }], // SGA: both
]);

describe('OptionTable (RFC 1143 Q method)', () => {
  it('our request to enable the client side sends DO and waits in WANTYES; WILL completes it silently', () => {
    const t = new OptionTable(policy);
    assert.deepEqual(t.request('remote', 24, true).send, [[DO, 24]]);
    assert.deepEqual(t.state('remote', 24), { state: 'wantyes', queue: 'empty' });
    assert.ok(t.pending(24));
    const out = t.receive(WILL, 24);
    assert.deepEqual(out.send, [], 'an acknowledgement is never answered');
    assert.deepEqual(out.changes, [{ option: 24, side: 'remote', enabled: true }]);
    assert.ok(t.enabled('remote', 24));
    assert.ok(!t.pending(24));
  });

  it('a refusal (WONT) of our DO leaves the option off without a reply', () => {
    const t = new OptionTable(policy);
    t.request('remote', 24, true);
    assert.deepEqual(t.receive(WONT, 24), { send: [], changes: [] });
    assert.deepEqual(t.state('remote', 24), { state: 'no', queue: 'empty' });
  });

  it('agrees to an allowed unsolicited request, once', () => {
    const t = new OptionTable(policy);
    assert.deepEqual(t.receive(DO, 3).send, [[WILL, 3]]);
    assert.deepEqual(t.receive(DO, 3).send, [], 'already on: no answer, so DO/WILL cannot ping-pong');
    assert.deepEqual(t.receive(WILL, 3).send, [[DO, 3]]);
    assert.ok(t.enabled('local', 3) && t.enabled('remote', 3));
  });

  it('refuses an unknown option once per side and then ignores repeats', () => {
    const t = new OptionTable(policy);
    assert.deepEqual(t.receive(WILL, 99).send, [[DONT, 99]]);
    assert.deepEqual(t.receive(WILL, 99).send, []);
    assert.deepEqual(t.receive(DO, 99).send, [[WONT, 99]]);
    assert.deepEqual(t.receive(DO, 99).send, []);
    assert.ok(!t.enabled('local', 99) && !t.enabled('remote', 99));
  });

  it('refuses a side we do not allow even for a known option', () => {
    const t = new OptionTable(policy);
    assert.deepEqual(t.receive(DO, 24).send, [[WONT, 24]], 'we never send our own terminal type');
    assert.deepEqual(t.receive(WILL, 25).send, [[DONT, 25]]);
  });

  it('turns an option off on WONT/DONT and confirms it', () => {
    const t = new OptionTable(policy);
    t.receive(DO, 3);
    const out = t.receive(DONT, 3);
    assert.deepEqual(out.send, [[WONT, 3]]);
    assert.deepEqual(out.changes, [{ option: 3, side: 'local', enabled: false }]);
  });

  it('queues an opposite request while one is in flight (WANTYES + disable -> WANTNO after the answer)', () => {
    const t = new OptionTable(policy);
    t.request('local', 25, true); // WILL EOR sent
    assert.deepEqual(t.request('local', 25, false).send, [], 'no second command while waiting');
    assert.deepEqual(t.state('local', 25), { state: 'wantyes', queue: 'opposite' });
    const out = t.receive(DO, 25);
    assert.deepEqual(out.send, [[WONT, 25]], 'the queued disable goes out after the answer');
    assert.deepEqual(t.state('local', 25), { state: 'wantno', queue: 'empty' });
    t.receive(DONT, 25);
    assert.deepEqual(t.state('local', 25), { state: 'no', queue: 'empty' });
  });

  it('queues an enable behind a pending disable (WANTNO + enable -> WANTYES after the answer)', () => {
    const t = new OptionTable(policy);
    t.receive(DO, 3); // on
    assert.deepEqual(t.request('local', 3, false).send, [[WONT, 3]]);
    t.request('local', 3, true);
    assert.deepEqual(t.state('local', 3), { state: 'wantno', queue: 'opposite' });
    assert.deepEqual(t.receive(DONT, 3).send, [[WILL, 3]]);
    assert.deepEqual(t.state('local', 3), { state: 'wantyes', queue: 'empty' });
    t.receive(DO, 3);
    assert.ok(t.enabled('local', 3));
  });

  it('WANTNO answered by the positive verb is an error that ends in NO (queue empty) or YES (queue opposite)', () => {
    const t = new OptionTable(policy);
    t.receive(DO, 3);
    t.request('local', 3, false);
    assert.deepEqual(t.receive(DO, 3).send, []);
    assert.deepEqual(t.state('local', 3), { state: 'no', queue: 'empty' });
  });

  it('stops answering an option after maxNegotiationsPerOption replies', () => {
    const t = new OptionTable(policy, { maxNegotiationsPerOption: 4 });
    let sent = 0;
    let capped = false;
    for (let i = 0; i < 50; i++) {
      const out = t.receive(i % 2 === 0 ? DO : DONT, 3);
      sent += out.send.length;
      capped ||= out.capped === true;
    }
    assert.equal(sent, 4);
    assert.ok(capped);
  });

  it('two RFC 1143 peers making random requests always settle with agreeing states', () => {
    const bothPolicy = new Map<number, OptionPolicy>([[7, { local: true, remote: true }]]);
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 200; round++) {
      const a = new OptionTable(bothPolicy, { maxNegotiationsPerOption: 1000 });
      const b = new OptionTable(bothPolicy, { maxNegotiationsPerOption: 1000 });
      const toB: Array<readonly [NegotiationVerb, number]> = [];
      const toA: Array<readonly [NegotiationVerb, number]> = [];
      for (let step = 0; step < 10; step++) {
        const side = rand() < 0.5 ? 'local' : 'remote';
        const on = rand() < 0.5;
        if (rand() < 0.5) toB.push(...a.request(side, 7, on).send);
        else toA.push(...b.request(side, 7, on).send);
        // deliver some messages in flight, in order
        while (rand() < 0.5 && (toA.length > 0 || toB.length > 0)) {
          const msgB = toB.shift();
          if (msgB) toA.push(...b.receive(msgB[0], msgB[1]).send);
          const msgA = toA.shift();
          if (msgA) toB.push(...a.receive(msgA[0], msgA[1]).send);
        }
      }
      let guard = 0;
      while (toA.length > 0 || toB.length > 0) {
        assert.ok(guard++ < 100, 'negotiation must terminate');
        const msgB = toB.shift();
        if (msgB) toA.push(...b.receive(msgB[0], msgB[1]).send);
        const msgA = toA.shift();
        if (msgA) toB.push(...a.receive(msgA[0], msgA[1]).send);
      }
      assert.equal(a.enabled('local', 7), b.enabled('remote', 7), `round ${round}: a.us vs b.him`);
      assert.equal(a.enabled('remote', 7), b.enabled('local', 7), `round ${round}: a.him vs b.us`);
      assert.ok(!a.pending(7) && !b.pending(7));
    }
  });

  it('encodes commands as IAC verb option', () => {
    assert.deepEqual(
      [
        ...encodeNegotiations([
          [WILL, 1],
          [DONT, 31],
        ]),
      ],
      [255, WILL, 1, 255, DONT, 31],
    );
  });
});
