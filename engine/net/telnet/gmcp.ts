/**
 * GMCP (Generic MUD Communication Protocol, option 201): subnegotiations carrying
 * "Package.Name <json>". Parses incoming messages, encodes outgoing ones, and keeps
 * the client's Core.Hello and Core.Supports.Set/Add/Remove module list.
 */

export type GmcpParse = { readonly ok: true; readonly package: string; readonly data: unknown } | { readonly ok: false; readonly reason: string };

/** Package names: dotted words ("Core.Supports.Set", "Char.Vitals"). */
const PACKAGE_NAME = /^[A-Za-z_][\w-]*(\.[\w-]+)*$/;
const MAX_PACKAGE_NAME = 128;

const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

export function parseGmcp(payload: Uint8Array): GmcpParse {
  const text = decoder.decode(payload);
  const space = text.search(/\s/);
  const name = space < 0 ? text : text.slice(0, space);
  const body = space < 0 ? '' : text.slice(space + 1).trim();
  if (name.length === 0 || name.length > MAX_PACKAGE_NAME || !PACKAGE_NAME.test(name)) {
    return { ok: false, reason: `bad GMCP package name ${JSON.stringify(name.slice(0, 40))}` };
  }
  if (body === '') return { ok: true, package: name, data: undefined };
  try {
    return { ok: true, package: name, data: JSON.parse(body) as unknown };
  } catch (err) {
    return { ok: false, reason: `GMCP ${name}: invalid JSON (${(err as Error).message})` };
  }
}

/** The subnegotiation payload for one GMCP message (framing and IAC escaping are the caller's). */
export function encodeGmcp(pkg: string, value?: unknown): Uint8Array {
  const json = value === undefined ? undefined : JSON.stringify(value);
  return encoder.encode(json === undefined ? pkg : `${pkg} ${json}`);
}

export function isValidPackageName(pkg: string): boolean {
  return pkg.length > 0 && pkg.length <= MAX_PACKAGE_NAME && PACKAGE_NAME.test(pkg);
}

/** The client's Core.Hello and the modules it listed with Core.Supports.*. */
export class GmcpState {
  client?: string;
  version?: string;
  /** Lower-cased module name -> version. */
  private readonly modules = new Map<string, number>();
  /** Whether the client ever sent Core.Supports.*; if not, every package is sent. */
  private announced = false;

  /** Update from one incoming message; returns true if it was a Core message we track. */
  track(pkg: string, data: unknown): boolean {
    switch (pkg.toLowerCase()) {
      case 'core.hello':
        if (typeof data === 'object' && data !== null) {
          const d = data as Record<string, unknown>;
          if (typeof d['client'] === 'string') this.client = d['client'].slice(0, 64);
          if (typeof d['version'] === 'string') this.version = d['version'].slice(0, 64);
        }
        return true;
      case 'core.supports.set':
        this.modules.clear();
        this.apply(data, true);
        return true;
      case 'core.supports.add':
        this.apply(data, true);
        return true;
      case 'core.supports.remove':
        this.apply(data, false);
        return true;
      default:
        return false;
    }
  }

  private apply(data: unknown, add: boolean): void {
    this.announced = true;
    if (!Array.isArray(data)) return;
    for (const item of data) {
      if (typeof item !== 'string') continue;
      const [name = '', version = '1'] = item.trim().split(/\s+/);
      if (!isValidPackageName(name)) continue;
      if (add) this.modules.set(name.toLowerCase(), Number.parseInt(version, 10) || 1);
      else this.modules.delete(name.toLowerCase());
    }
  }

  /** Supported modules as the client wrote them ("Char 1" -> "char 1"), sorted. */
  supported(): string[] {
    return [...this.modules].map(([name, v]) => `${name} ${v}`).sort();
  }

  /**
   * Should a message in `pkg` go to this client? "Room.Info" is wanted if the client
   * listed "Room.Info" or "Room". Before any Core.Supports the answer is yes.
   */
  wants(pkg: string): boolean {
    if (!this.announced) return true;
    const lower = pkg.toLowerCase();
    if (lower.startsWith('core.')) return true;
    const parts = lower.split('.');
    for (let n = parts.length; n > 0; n--) if (this.modules.has(parts.slice(0, n).join('.'))) return true;
    return false;
  }
}
