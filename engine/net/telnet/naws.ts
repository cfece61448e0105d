/**
 * NAWS (RFC 1073, option 31): the client reports its window size as
 * IAC SB NAWS <w16> <h16> IAC SE (IAC bytes doubled, already undone by the parser).
 * Zero means "unknown" for either dimension.
 */
export interface WindowSize {
  readonly width: number;
  readonly height: number;
}

export function parseNaws(payload: Uint8Array): WindowSize | undefined {
  if (payload.length !== 4) return undefined;
  return { width: (payload[0]! << 8) | payload[1]!, height: (payload[2]! << 8) | payload[3]! };
}

export function encodeNaws(size: WindowSize): Uint8Array {
  return Uint8Array.of((size.width >> 8) & 0xff, size.width & 0xff, (size.height >> 8) & 0xff, size.height & 0xff);
}
