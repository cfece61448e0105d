/**
 * MSSP (MUD Server Status Protocol, option 70): on DO MSSP the server sends
 * IAC SB MSSP (MSSP_VAR name (MSSP_VAL value)+)+ IAC SE, which crawlers use to list
 * the game (NAME, PLAYERS, UPTIME, CODEBASE, PORT, ...).
 */
import { MSSP_VAL, MSSP_VAR } from './codes.ts';

export type MsspValue = string | number | boolean | readonly (string | number)[];
export type MsspVariables = Readonly<Record<string, MsspValue>>;

const encoder = new TextEncoder();

/** NUL, MSSP_VAR and MSSP_VAL would break the framing; remove them (IAC is escaped by the framer). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0002]/g, '');
}

function valueText(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? '1' : '0';
  return clean(String(v));
}

/** The subnegotiation payload for a set of MSSP variables. */
export function encodeMssp(vars: MsspVariables): Uint8Array {
  const bytes: number[] = [];
  for (const [name, value] of Object.entries(vars)) {
    const values = Array.isArray(value) ? (value as readonly (string | number)[]) : [value as string | number | boolean];
    if (values.length === 0) continue;
    bytes.push(MSSP_VAR, ...encoder.encode(clean(name).toUpperCase()));
    for (const v of values) bytes.push(MSSP_VAL, ...encoder.encode(valueText(v)));
  }
  return Uint8Array.from(bytes);
}

/** Decode an MSSP payload (used by tests and by tools that crawl other servers). */
export function decodeMssp(payload: Uint8Array): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const decoder = new TextDecoder();
  let name: string | undefined;
  let i = 0;
  while (i < payload.length) {
    const marker = payload[i]!;
    let j = i + 1;
    while (j < payload.length && payload[j] !== MSSP_VAR && payload[j] !== MSSP_VAL) j++;
    const text = decoder.decode(payload.subarray(i + 1, j));
    if (marker === MSSP_VAR) {
      name = text;
      out[name] ??= [];
    } else if (marker === MSSP_VAL && name !== undefined) {
      out[name]!.push(text);
    }
    i = j;
  }
  return out;
}
