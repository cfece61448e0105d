/** Component keys: ours and the ones we read (granted in pack.json). */
export const GENOME = 'lives.genome';
export const PERSONALITY = 'lives.personality';
export const NEEDS_KEY = 'lives.needs';
export const APPEARANCE = 'lives.appearance';
export const ROLE = 'lives.role';
export const TOWN = 'lives.town';
export const LIMBO = 'lives.limbo';
export const ROOM_KEY = 'rooms.key';
export const EXITS = 'rooms.exits';
export const COMBAT_STATE = 'combat.state';
export const CREATURE_BODY = 'creatures.body';
export const ITEM = 'inventory.item';
