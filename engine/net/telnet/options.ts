/**
 * Telnet option negotiation with the RFC 1143 "Q method": each option has a state
 * for our side ("us": do we WILL it) and the client's side ("him": do we want him
 * to), each NO / YES / WANTNO / WANTYES with a one-deep queue. This guarantees two
 * correct peers never loop. Against broken peers two more guards apply: a refusal
 * of an option we do not speak is sent once, and at most `maxNegotiationsPerOption`
 * replies are sent per option.
 *
 * Pure: it returns the commands to send and the option changes to act on.
 */
import { DO, DONT, WILL, WONT, type NegotiationVerb } from './codes.ts';
import { DEFAULT_TELNET_LIMITS } from './limits.ts';

export type QState = 'no' | 'yes' | 'wantno' | 'wantyes';
export type QQueue = 'empty' | 'opposite';
/** `local`: the option on our side (we send WILL/WONT). `remote`: on the client's side (we send DO/DONT). */
export type Side = 'local' | 'remote';

export interface OptionPolicy {
  /** We agree to enable it on our side when asked (DO -> WILL). */
  readonly local: boolean;
  /** We agree to let the client enable it (WILL -> DO). */
  readonly remote: boolean;
}

export interface OptionChange {
  readonly option: number;
  readonly side: Side;
  readonly enabled: boolean;
}

export interface NegotiationOutput {
  /** Commands to send, in order: [verb, option]. */
  readonly send: ReadonlyArray<readonly [NegotiationVerb, number]>;
  /** Options whose enabled state changed. */
  readonly changes: readonly OptionChange[];
  /** Set when this command was ignored because the option hit its reply cap (log it once). */
  readonly capped?: boolean;
}

interface Half {
  state: QState;
  queue: QQueue;
}

interface Entry {
  local: Half;
  remote: Half;
  replies: number;
  refusedLocal: boolean;
  refusedRemote: boolean;
}

const NOTHING: NegotiationOutput = Object.freeze({ send: [], changes: [] });

export interface OptionTableOptions {
  readonly maxNegotiationsPerOption?: number;
}

export class OptionTable {
  private readonly entries = new Map<number, Entry>();
  private readonly maxReplies: number;

  constructor(
    private readonly policy: ReadonlyMap<number, OptionPolicy>,
    options: OptionTableOptions = {},
  ) {
    this.maxReplies = options.maxNegotiationsPerOption ?? DEFAULT_TELNET_LIMITS.maxNegotiationsPerOption;
  }

  enabled(side: Side, option: number): boolean {
    return this.entries.get(option)?.[side].state === 'yes';
  }

  /** The Q-method state of one side of an option (for tests and diagnostics). */
  state(side: Side, option: number): { readonly state: QState; readonly queue: QQueue } {
    const half = this.entries.get(option)?.[side];
    return half ? { state: half.state, queue: half.queue } : { state: 'no', queue: 'empty' };
  }

  /** True while we wait for an answer on this option (WANTYES/WANTNO on either side). */
  pending(option: number): boolean {
    const e = this.entries.get(option);
    if (!e) return false;
    return e.local.state.startsWith('want') || e.remote.state.startsWith('want');
  }

  /** Handle IAC <verb> <option> from the client. */
  receive(verb: NegotiationVerb, option: number): NegotiationOutput {
    const e = this.entry(option);
    if (e.replies >= this.maxReplies) return { send: [], changes: [], capped: true };
    const side: Side = verb === WILL || verb === WONT ? 'remote' : 'local';
    const positive = verb === WILL || verb === DO;
    const before = e[side].state === 'yes';
    const send: Array<readonly [NegotiationVerb, number]> = [];
    const half = e[side];
    const yes = side === 'remote' ? DO : WILL;
    const no = side === 'remote' ? DONT : WONT;
    const agree = this.policy.get(option)?.[side] ?? false;

    if (positive) {
      switch (half.state) {
        case 'no':
          if (agree) {
            half.state = 'yes';
            send.push([yes, option]);
          } else {
            const refusedKey = side === 'remote' ? 'refusedRemote' : 'refusedLocal';
            if (!e[refusedKey]) send.push([no, option]); // refuse once; a repeat is ignored
            e[refusedKey] = true;
          }
          break;
        case 'yes':
          break; // already on: no reply (this is what stops DO/WILL echo loops)
        case 'wantno':
          // Error: our DONT/WONT was answered by WILL/DO.
          if (half.queue === 'empty') half.state = 'no';
          else {
            half.state = 'yes';
            half.queue = 'empty';
          }
          break;
        case 'wantyes':
          if (half.queue === 'empty') half.state = 'yes';
          else {
            half.state = 'wantno';
            half.queue = 'empty';
            send.push([no, option]);
          }
          break;
      }
    } else {
      switch (half.state) {
        case 'no':
          break;
        case 'yes':
          half.state = 'no';
          send.push([no, option]);
          break;
        case 'wantno':
          if (half.queue === 'empty') half.state = 'no';
          else {
            half.state = 'wantyes';
            half.queue = 'empty';
            send.push([yes, option]);
          }
          break;
        case 'wantyes':
          half.state = 'no';
          half.queue = 'empty';
          break;
      }
    }
    e.replies += send.length;
    const after = half.state === 'yes';
    const changes = before === after ? [] : [{ option, side, enabled: after }];
    return { send, changes };
  }

  /** Ask to turn an option on or off (our side: WILL/WONT; the client's: DO/DONT). */
  request(side: Side, option: number, enable: boolean): NegotiationOutput {
    const e = this.entry(option);
    const half = e[side];
    const before = half.state === 'yes';
    const send: Array<readonly [NegotiationVerb, number]> = [];
    const yes = side === 'remote' ? DO : WILL;
    const no = side === 'remote' ? DONT : WONT;
    if (enable) {
      switch (half.state) {
        case 'no':
          half.state = 'wantyes';
          send.push([yes, option]);
          break;
        case 'wantno':
          half.queue = 'opposite';
          break;
        case 'wantyes':
          half.queue = 'empty';
          break;
        case 'yes':
          break;
      }
    } else {
      switch (half.state) {
        case 'yes':
          half.state = 'wantno';
          send.push([no, option]);
          break;
        case 'wantno':
          half.queue = 'empty';
          break;
        case 'wantyes':
          half.queue = 'opposite';
          break;
        case 'no':
          break;
      }
    }
    if (send.length === 0 && before === (half.state === 'yes')) return NOTHING;
    const after = half.state === 'yes';
    return { send, changes: before === after ? [] : [{ option, side, enabled: after }] };
  }

  private entry(option: number): Entry {
    let e = this.entries.get(option);
    if (!e) {
      e = {
        local: { state: 'no', queue: 'empty' },
        remote: { state: 'no', queue: 'empty' },
        replies: 0,
        refusedLocal: false,
        refusedRemote: false,
      };
      this.entries.set(option, e);
    }
    return e;
  }
}

/** Encode [verb, option] pairs as IAC <verb> <option> bytes. */
export function encodeNegotiations(commands: NegotiationOutput['send']): Uint8Array {
  const out = new Uint8Array(commands.length * 3);
  commands.forEach(([verb, option], i) => {
    out[i * 3] = 255;
    out[i * 3 + 1] = verb;
    out[i * 3 + 2] = option;
  });
  return out;
}
