/**
 * The world's point index: every entity with a `spatial.position` component
 * (`{"x","y","z"}` in metres, 0.1 m precision) filed in a uniform 2D grid of
 * square cells, so radius, bounding-box and nearest queries look at the cells
 * around the question instead of every entity (docs/abi.md, queries `near`,
 * `box`, `nearest`; the spatial pack, docs/packs/spatial.md).
 *
 * Why a grid and not an R-tree or k-d tree: positions change on every step a
 * character takes, and a grid update is two Map operations; MUD worlds are wide
 * and flat, so z is filtered, not gridded. 16 m cells: a room is 10–30 m across,
 * so a "who is near me" query of 20–50 m reads 9–25 cells. A query that would
 * read more cells than there are points scans the points instead, so a huge
 * radius never costs more than one pass over the indexed entities (never over
 * all entities: only positioned ones are here).
 */

/** The component the engine indexes. Owned by the first-party spatial pack. */
export const POSITION_COMPONENT = 'spatial.position';

/** 16 m: see the header. */
export const DEFAULT_CELL_METRES = 16;

/** Positions are kept in decimetres (the reference's NUMERIC(10,1)): integer math, no float drift. */
const DM = 10;
/** ±99,999,999.9 m in decimetres: the reference's coordinate range. */
const MAX_DM = 999_999_999;
/** Grid cell coordinates are offset into [0, 2^24) per axis to build one numeric key. */
const CELL_OFFSET = 2 ** 23;

export interface Hit {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Distance from the query point in metres (3D); 0 for box queries. */
  readonly d: number;
}

interface Point {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly cell: number;
}

export class SpatialIndex {
  private readonly points = new Map<string, Point>();
  private readonly cells = new Map<number, Set<string>>();
  private readonly cellDm: number;

  constructor(cellMetres = DEFAULT_CELL_METRES) {
    this.cellDm = Math.max(1, Math.round(cellMetres * DM));
  }

  get size(): number {
    return this.points.size;
  }

  /** File `id` at the position `value` holds; a value that is not a valid position unfiles it. */
  set(id: string, value: unknown): void {
    const p = toPoint(value);
    this.delete(id);
    if (!p) return;
    const cell = this.cellKey(Math.floor(p.x / this.cellDm), Math.floor(p.y / this.cellDm));
    this.points.set(id, { ...p, cell });
    let set = this.cells.get(cell);
    if (!set) {
      set = new Set();
      this.cells.set(cell, set);
    }
    set.add(id);
  }

  delete(id: string): void {
    const old = this.points.get(id);
    if (!old) return;
    this.points.delete(id);
    const set = this.cells.get(old.cell);
    if (!set) return;
    set.delete(id);
    if (set.size === 0) this.cells.delete(old.cell);
  }

  /** Entities within `radius` metres of (x, y, z), nearest first (ties by id), at most `limit`. */
  near(x: number, y: number, z: number, radius: number, limit: number): Hit[] {
    const q = toPoint({ x, y, z });
    if (!q || !(radius >= 0)) return [];
    const r = Math.round(radius * DM);
    const hits: Array<{ id: string; p: Point; d2: number }> = [];
    const r2 = r * r;
    this.visit(q.x - r, q.y - r, q.x + r, q.y + r, (id, p) => {
      const dx = p.x - q.x;
      const dy = p.y - q.y;
      const dz = p.z - q.z;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 <= r2) hits.push({ id, p, d2 });
    });
    return finish(hits, limit);
  }

  /** Entities inside the axis-aligned box [min, max] (inclusive), ordered by id, at most `limit`. */
  box(min: readonly [number, number, number], max: readonly [number, number, number], limit: number): Hit[] {
    const lo = toPoint({ x: min[0], y: min[1], z: min[2] });
    const hi = toPoint({ x: max[0], y: max[1], z: max[2] });
    if (!lo || !hi) return [];
    const hits: Array<{ id: string; p: Point; d2: number }> = [];
    this.visit(lo.x, lo.y, hi.x, hi.y, (id, p) => {
      if (p.x >= lo.x && p.x <= hi.x && p.y >= lo.y && p.y <= hi.y && p.z >= lo.z && p.z <= hi.z) hits.push({ id, p, d2: 0 });
    });
    return finish(hits, limit);
  }

  /**
   * The `k` entities nearest to (x, y, z), optionally no farther than `maxRadius`
   * metres. Searches rings of cells outward and stops once the ring already
   * searched is wider than the k-th distance found.
   */
  nearest(x: number, y: number, z: number, k: number, maxRadius = Infinity): Hit[] {
    const q = toPoint({ x, y, z });
    if (!q || k <= 0 || this.points.size === 0) return [];
    const maxR = Number.isFinite(maxRadius) ? Math.round(maxRadius * DM) : Infinity;
    const cx = Math.floor(q.x / this.cellDm);
    const cy = Math.floor(q.y / this.cellDm);
    const hits: Array<{ id: string; p: Point; d2: number }> = [];
    const consider = (id: string, p: Point): void => {
      const dx = p.x - q.x;
      const dy = p.y - q.y;
      const dz = p.z - q.z;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 <= maxR * maxR) hits.push({ id, p, d2 });
    };
    // Past this many rings a plain scan of the points is cheaper than more cells.
    const maxRing = Math.ceil(Math.sqrt(this.points.size)) + 1;
    for (let ring = 0; ; ring++) {
      if (ring > maxRing) {
        hits.length = 0;
        for (const [id, p] of this.points) consider(id, p);
        break;
      }
      this.ring(cx, cy, ring, consider);
      // Everything within `covered` dm of q has been seen once this ring is done.
      const covered = ring * this.cellDm;
      if (covered >= maxR) break;
      if (hits.length >= k) {
        hits.sort(byDistance);
        const kth = hits[k - 1]!.d2;
        if (kth <= covered * covered) break;
      }
    }
    return finish(hits, k);
  }

  /** Every point in cells overlapping [x0,x1]×[y0,y1] (dm); a scan when that is cheaper. */
  private visit(x0: number, y0: number, x1: number, y1: number, fn: (id: string, p: Point) => void): void {
    const c0x = Math.floor(x0 / this.cellDm);
    const c0y = Math.floor(y0 / this.cellDm);
    const c1x = Math.floor(x1 / this.cellDm);
    const c1y = Math.floor(y1 / this.cellDm);
    const cellCount = (c1x - c0x + 1) * (c1y - c0y + 1);
    if (cellCount > this.cells.size) {
      for (const [id, p] of this.points) fn(id, p);
      return;
    }
    for (let cx = c0x; cx <= c1x; cx++) {
      for (let cy = c0y; cy <= c1y; cy++) {
        const set = this.cells.get(this.cellKey(cx, cy));
        if (set) for (const id of set) fn(id, this.points.get(id)!);
      }
    }
  }

  /** The cells at Chebyshev distance `ring` from (cx, cy). */
  private ring(cx: number, cy: number, ring: number, fn: (id: string, p: Point) => void): void {
    const cell = (x: number, y: number): void => {
      const set = this.cells.get(this.cellKey(x, y));
      if (set) for (const id of set) fn(id, this.points.get(id)!);
    };
    if (ring === 0) {
      cell(cx, cy);
      return;
    }
    for (let x = cx - ring; x <= cx + ring; x++) {
      cell(x, cy - ring);
      cell(x, cy + ring);
    }
    for (let y = cy - ring + 1; y <= cy + ring - 1; y++) {
      cell(cx - ring, y);
      cell(cx + ring, y);
    }
  }

  private cellKey(cx: number, cy: number): number {
    return (cx + CELL_OFFSET) * 2 ** 24 + (cy + CELL_OFFSET);
  }
}

/** `{"x","y","z"}` in metres → decimetres, or null when not a position inside the world's range. */
function toPoint(value: unknown): { x: number; y: number; z: number } | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const x = dm(v['x']);
  const y = dm(v['y']);
  const z = dm(v['z'] ?? 0);
  if (x === null || y === null || z === null) return null;
  return { x, y, z };
}

function dm(n: unknown): number | null {
  if (typeof n !== 'number' || !Number.isFinite(n)) return null;
  const v = Math.round(n * DM);
  return Math.abs(v) <= MAX_DM ? v : null;
}

function byDistance(a: { id: string; d2: number }, b: { id: string; d2: number }): number {
  return a.d2 - b.d2 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function finish(hits: Array<{ id: string; p: Point; d2: number }>, limit: number): Hit[] {
  hits.sort(byDistance);
  const n = Math.min(hits.length, Math.max(0, limit));
  const out: Hit[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const h = hits[i]!;
    out[i] = { id: h.id, x: h.p.x / DM, y: h.p.y / DM, z: h.p.z / DM, d: Math.round(Math.sqrt(h.d2)) / DM };
  }
  return out;
}
