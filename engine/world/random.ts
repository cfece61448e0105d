/**
 * Seeded randomness for packs (sfc32, two draws per u64). Packs get randomness
 * only from the host, so a world started with the same seed and fed the same
 * requests makes the same choices — tests and replays are reproducible.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.next32(); // mix the seed in
  }

  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  nextU64(): bigint {
    return (BigInt(this.next32()) << 32n) | BigInt(this.next32());
  }
}
