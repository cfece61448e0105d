/**
 * Telnet byte values (RFC 854) and the option numbers Myriad speaks.
 * Names follow the RFCs and the MUD protocol pages (mudstandards / tintin.mudhalla.net).
 */

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const GA = 249;
export const EL = 248;
export const EC = 247;
export const AYT = 246;
export const AO = 245;
export const IP = 244;
export const BRK = 243;
export const DM = 242;
export const NOP = 241;
export const SE = 240;
/** End of record (RFC 885): marks the end of a prompt when the EOR option is on. */
export const EOR_CMD = 239;

export type NegotiationVerb = typeof WILL | typeof WONT | typeof DO | typeof DONT;

export function isNegotiationVerb(byte: number): byte is NegotiationVerb {
  return byte === WILL || byte === WONT || byte === DO || byte === DONT;
}

/** Option numbers. */
export const OPT = {
  ECHO: 1,
  SGA: 3,
  TTYPE: 24,
  EOR: 25,
  NAWS: 31,
  CHARSET: 42,
  MSSP: 70,
  MCCP2: 86,
  GMCP: 201,
} as const;
export type KnownOption = (typeof OPT)[keyof typeof OPT];

const OPTION_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(OPT).map(([name, code]) => [code, name]));

/** A readable option name for logs: "NAWS", or "option 99" for ones we do not speak. */
export function optionName(option: number): string {
  return OPTION_NAMES.get(option) ?? `option ${option}`;
}

const COMMAND_NAMES: ReadonlyMap<number, string> = new Map([
  [DONT, 'DONT'],
  [DO, 'DO'],
  [WONT, 'WONT'],
  [WILL, 'WILL'],
  [SB, 'SB'],
  [GA, 'GA'],
  [EL, 'EL'],
  [EC, 'EC'],
  [AYT, 'AYT'],
  [AO, 'AO'],
  [IP, 'IP'],
  [BRK, 'BRK'],
  [DM, 'DM'],
  [NOP, 'NOP'],
  [SE, 'SE'],
  [EOR_CMD, 'EOR'],
]);

export function commandName(command: number): string {
  return COMMAND_NAMES.get(command) ?? `command ${command}`;
}

/** TTYPE subnegotiation verbs (RFC 1091). */
export const TTYPE_IS = 0;
export const TTYPE_SEND = 1;

/** CHARSET subnegotiation verbs (RFC 2066). */
export const CHARSET_REQUEST = 1;
export const CHARSET_ACCEPTED = 2;
export const CHARSET_REJECTED = 3;
export const CHARSET_TTABLE_IS = 4;
export const CHARSET_TTABLE_REJECTED = 5;

/** MSSP variable / value markers. */
export const MSSP_VAR = 1;
export const MSSP_VAL = 2;
