/**
 * The ten directions of the reference with their unit vectors. Diagonals are
 * the raw grid vectors (+1,+1,0): a diagonal step covers √2 of the step
 * distance and keeps positions on the step grid (docs/packs/spatial.md).
 */
import { Vec } from './geometry';

const FULL: string[] = ['north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest', 'up', 'down'];
const SHORT: string[] = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw', 'u', 'd'];
const DX: f64[] = [0, 1, 1, 1, 0, -1, -1, -1, 0, 0];
const DY: f64[] = [1, 1, 0, -1, -1, -1, 0, 1, 0, 0];
const DZ: f64[] = [0, 0, 0, 0, 0, 0, 0, 0, 1, -1];

export function directionIndex(word: string): i32 {
  const w = word.trim().toLowerCase();
  for (let i = 0; i < FULL.length; i++) if (FULL[i] == w || SHORT[i] == w) return i;
  return -1;
}

export function directionName(i: i32): string {
  return FULL[i];
}

export function vector(i: i32): Vec {
  return new Vec(DX[i], DY[i], DZ[i]);
}

export function isVertical(i: i32): bool {
  return i >= 8;
}

/** "northeast", "above", "here"… for something at (dx, dy, dz) from the viewer. */
export function bearing(dx: f64, dy: f64, dz: f64): string {
  const flat = Math.sqrt(dx * dx + dy * dy);
  if (flat < 0.5) {
    if (dz > 0.5) return 'above';
    if (dz < -0.5) return 'below';
    return 'right here';
  }
  // 0 = north, clockwise in eighths.
  let angle = Math.atan2(dx, dy);
  if (angle < 0) angle += 2 * Math.PI;
  const octant = <i32>Math.round(angle / (Math.PI / 4)) % 8;
  const name = FULL[octant];
  if (dz > 2) return name + ' and above';
  if (dz < -2) return name + ' and below';
  return name;
}
