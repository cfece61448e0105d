/**
 * Exit names: the ten standard directions with their abbreviations and
 * opposites, plus the order exits are listed in (compass order, then up/down,
 * then any other exit alphabetically) so `look` reads the same every time.
 */

const FULL: string[] = ['north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest', 'up', 'down'];
const SHORT: string[] = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw', 'u', 'd'];
const OPPOSITE: i32[] = [4, 5, 6, 7, 0, 1, 2, 3, 9, 8];
const UP = 8;
const DOWN = 9;

/** Index of a standard direction by full or short name, or -1. */
export function directionIndex(name: string): i32 {
  for (let i = 0; i < FULL.length; i++) {
    if (FULL[i] == name || SHORT[i] == name) return i;
  }
  return -1;
}

export function isDirection(name: string): bool {
  return directionIndex(name) >= 0;
}

/** "n" → "north"; other names lower-cased and kept. */
export function canonicalExit(name: string): string {
  const lower = name.trim().toLowerCase();
  const i = directionIndex(lower);
  return i >= 0 ? FULL[i] : lower;
}

/** "north" → "n" for GMCP Room.Info; other exits keep their name. */
export function shortExit(name: string): string {
  const i = directionIndex(name);
  return i >= 0 ? SHORT[i] : name;
}

/** How someone who left by `exit` appears at the other end: "from the south", "from below", or "". */
export function arrivalFrom(exit: string): string {
  const i = directionIndex(exit);
  if (i < 0) return '';
  if (i == UP) return 'from below';
  if (i == DOWN) return 'from above';
  return 'from the ' + FULL[OPPOSITE[i]];
}

function rank(name: string): i32 {
  const i = directionIndex(name);
  return i >= 0 ? i : FULL.length;
}

function compareExits(a: string, b: string): i32 {
  const ra = rank(a);
  const rb = rank(b);
  if (ra != rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortExits(names: string[]): string[] {
  return names.sort(compareExits);
}
