/**
 * Positions and shapes, in metres with decimetre precision (gameplay-rules.md
 * 0.4: NUMERIC(10,1), ±99,999,999.9 m; z is elevation, up positive).
 *
 * A room's geometry (`spatial.room`) is an axis-aligned box on world
 * coordinates (`min`, `max`; a flat room has min.z == max.z), a terrain name,
 * and solid objects inside it (boxes with a name: the fountain, the bar).
 */
import { JsonArr, JsonObj, JsonValue } from '../../../sdk/assembly';

export const WORLD_LIMIT: f64 = 99_999_999.9;

/** Round to the reference's 0.1 m. */
export function dm(v: f64): f64 {
  return Math.round(v * 10) / 10;
}

export class Vec {
  constructor(
    public x: f64,
    public y: f64,
    public z: f64,
  ) {}

  static parse(v: JsonValue | null): Vec | null {
    if (v === null) return null;
    if (v.isArray()) {
      const a = v.asArray()!;
      if (a.length < 2) return null;
      return new Vec(a[0].asNumber(0), a[1].asNumber(0), a.length > 2 ? a[2].asNumber(0) : 0);
    }
    if (!v.isObject() || !v.has('x') || !v.has('y')) return null;
    return new Vec(v.getNumber('x', 0), v.getNumber('y', 0), v.getNumber('z', 0));
  }

  rounded(): Vec {
    return new Vec(dm(this.x), dm(this.y), dm(this.z));
  }

  plus(o: Vec): Vec {
    return new Vec(this.x + o.x, this.y + o.y, this.z + o.z);
  }

  scaled(k: f64): Vec {
    return new Vec(this.x * k, this.y * k, this.z * k);
  }

  distanceTo(o: Vec): f64 {
    const dx = this.x - o.x;
    const dy = this.y - o.y;
    const dz = this.z - o.z;
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }

  /** `{"x","y","z"}`: the `spatial.position` value. */
  toJson(): string {
    return new JsonObj().set('x', dm(this.x)).set('y', dm(this.y)).set('z', dm(this.z)).toJson();
  }

  arrayJson(): JsonArr {
    return new JsonArr().push(dm(this.x)).push(dm(this.y)).push(dm(this.z));
  }

  text(): string {
    return '(' + fixed1(this.x) + ', ' + fixed1(this.y) + ', ' + fixed1(this.z) + ')';
  }
}

export class Box {
  constructor(
    public name: string,
    public min: Vec,
    public max: Vec,
  ) {}

  /** Inclusive on every face: a point on the edge of a room is in it. */
  contains(p: Vec): bool {
    return p.x >= this.min.x - 0.001 && p.x <= this.max.x + 0.001 && p.y >= this.min.y - 0.001 && p.y <= this.max.y + 0.001 && p.z >= this.min.z - 0.001 && p.z <= this.max.z + 0.001;
  }

  /** Strictly inside in x and y (a solid blocks its interior; its floor height does not matter). */
  blocks(p: Vec): bool {
    return p.x > this.min.x + 0.001 && p.x < this.max.x - 0.001 && p.y > this.min.y + 0.001 && p.y < this.max.y - 0.001 && p.z >= this.min.z - 0.001 && p.z <= this.max.z + 0.001;
  }

  centre(): Vec {
    return new Vec((this.min.x + this.max.x) / 2, (this.min.y + this.max.y) / 2, this.min.z);
  }

  toJsonObj(): JsonObj {
    return new JsonObj().set('name', this.name).set('min', this.min.arrayJson()).set('max', this.max.arrayJson());
  }
}

/** A room's shape: its box, terrain and solids. */
export class Room {
  constructor(
    public box: Box,
    public terrain: string,
    public solids: Box[],
  ) {}

  static parse(v: JsonValue | null): Room | null {
    if (v === null || !v.isObject()) return null;
    const min = Vec.parse(v.get('min'));
    const max = Vec.parse(v.get('max'));
    if (min === null || max === null) return null;
    const t = v.getString('terrain');
    const solids = new Array<Box>();
    const list = v.getArray('solids');
    if (list !== null) {
      for (let i = 0; i < list.length; i++) {
        const s = list[i];
        const a = Vec.parse(s.get('min'));
        const b = Vec.parse(s.get('max'));
        const n = s.getString('name');
        if (a !== null && b !== null) solids.push(new Box(n === null ? 'something' : n!, a!, b!));
      }
    }
    return new Room(new Box('', min!, max!), t === null ? '' : t!, solids);
  }

  /**
   * From the world file's form, relative to the room: `at` (centre of the floor),
   * `size` ([x, y, z]; z 0 = a flat floor), solids with `at` (relative to the
   * room's centre) and `size`.
   */
  static fromWorld(v: JsonValue): Room | null {
    const at = Vec.parse(v.get('at'));
    const size = Vec.parse(v.get('size'));
    if (at === null || size === null || size.x <= 0 || size.y <= 0 || size.z < 0) return null;
    const half = new Vec(size.x / 2, size.y / 2, 0);
    const box = new Box('', new Vec(at.x - half.x, at.y - half.y, at.z).rounded(), new Vec(at.x + half.x, at.y + half.y, at.z + size.z).rounded());
    const solids = new Array<Box>();
    const list = v.getArray('solids');
    if (list !== null) {
      for (let i = 0; i < list.length; i++) {
        const s = list[i];
        const sat = Vec.parse(s.get('at'));
        const ssize = Vec.parse(s.get('size'));
        const n = s.getString('name');
        if (sat === null || ssize === null) return null;
        const c = at.plus(sat);
        solids.push(new Box(n === null ? 'something' : n!, new Vec(c.x - ssize.x / 2, c.y - ssize.y / 2, at.z).rounded(), new Vec(c.x + ssize.x / 2, c.y + ssize.y / 2, at.z + (ssize.z > 0 ? ssize.z : 2)).rounded()));
      }
    }
    const t = v.getString('terrain');
    return new Room(box, t === null ? '' : t!, solids);
  }

  toJson(): string {
    const solids = new JsonArr();
    for (let i = 0; i < this.solids.length; i++) solids.push(this.solids[i].toJsonObj());
    return new JsonObj().set('min', this.box.min.arrayJson()).set('max', this.box.max.arrayJson()).set('terrain', this.terrain).set('solids', solids).toJson();
  }

  /** The solid a point is inside, or null. */
  solidAt(p: Vec): Box | null {
    for (let i = 0; i < this.solids.length; i++) if (this.solids[i].blocks(p)) return this.solids[i];
    return null;
  }

  width(): f64 {
    return this.box.max.x - this.box.min.x;
  }

  depth(): f64 {
    return this.box.max.y - this.box.min.y;
  }
}

/** 12 → "12", 3.25 → "3.3", -0.04 → "0" (one decimal, no trailing ".0"). */
export function fixed1(v: f64): string {
  const r = Math.round(v * 10);
  if (r == 0) return '0';
  const neg = r < 0;
  const a = <i64>Math.abs(r);
  const whole = a / 10;
  const frac = a % 10;
  return (neg ? '-' : '') + whole.toString() + (frac == 0 ? '' : '.' + frac.toString());
}
