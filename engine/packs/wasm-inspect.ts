/**
 * Read a module's memory limits from its binary, because neither
 * WebAssembly.Module nor Extism exposes them (and Extism's `memory.maxPages`
 * does not limit the guest's own memory — the module's declared maximum does).
 */

export interface MemoryLimits {
  readonly min: number;
  /** null: the module declares no maximum (refused at load). */
  readonly max: number | null;
}

const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;
const IMPORT_KIND_MEMORY = 2;

export function readMemoryLimits(bytes: Uint8Array): MemoryLimits | null {
  const r = new Reader(bytes);
  r.pos = 8; // magic + version
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === SECTION_MEMORY) {
      if (r.u32() > 0) return r.limits();
      return null;
    }
    if (id === SECTION_IMPORT) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        r.skipName();
        r.skipName();
        const kind = r.byte();
        if (kind === IMPORT_KIND_MEMORY) return r.limits();
        skipImportDesc(r, kind);
      }
    }
    r.pos = end;
  }
  return null;
}

function skipImportDesc(r: Reader, kind: number): void {
  if (kind === 0)
    r.u32(); // function: type index
  else if (kind === 1) {
    r.byte(); // table: elem type
    r.limits();
  } else if (kind === 3) {
    r.byte(); // global: value type, mutability
    r.byte();
  } else if (kind === 4) {
    r.byte(); // tag
    r.u32();
  }
}

class Reader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    const b = this.bytes[this.pos++];
    if (b === undefined) throw new Error('unexpected end of module');
    return b;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 35) throw new Error('bad LEB128');
    }
  }
  skipName(): void {
    const len = this.u32();
    this.pos += len;
  }
  limits(): MemoryLimits {
    const flags = this.byte();
    const min = this.u32();
    const max = flags & 1 ? this.u32() : null;
    return { min, max };
  }
}
