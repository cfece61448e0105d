/**
 * @undo: each building change records how to reverse it, on the builder
 * (`building.undo`, newest last, the last 20 kept). A step is one of
 *
 *   {"op":"set","e","c","v"}   put component c of e back to v (null: remove it)
 *   {"op":"despawn","e"}       remove what the change made
 *   {"op":"move","e","to"}     put something back where it was
 *
 * applied in reverse order of recording. @destroy is not undoable (the entity and
 * its id are gone); it says so.
 */
import { JsonValue, State } from '../../../sdk/assembly';

export const UNDO = 'building.undo';
/** 20 changes: a builder's session of work, bounded so the component stays a few KiB. */
const KEPT = 20;

export class UndoRecord {
  steps: JsonValue = JsonValue.newArray();

  constructor(public what: string) {}

  /** Before writing component c of e: remember its current value. */
  set(e: string, c: string): UndoRecord {
    const old = State.get(e, c);
    const step = JsonValue.newObject();
    step.set('op', JsonValue.fromString('set'));
    step.set('e', JsonValue.fromString(e));
    step.set('c', JsonValue.fromString(c));
    step.set('v', old === null ? JsonValue.newNull() : old);
    this.steps.push(step);
    return this;
  }

  despawn(e: string): UndoRecord {
    const step = JsonValue.newObject();
    step.set('op', JsonValue.fromString('despawn'));
    step.set('e', JsonValue.fromString(e));
    this.steps.push(step);
    return this;
  }

  move(e: string, to: string): UndoRecord {
    const step = JsonValue.newObject();
    step.set('op', JsonValue.fromString('move'));
    step.set('e', JsonValue.fromString(e));
    step.set('to', JsonValue.fromString(to));
    this.steps.push(step);
    return this;
  }

  /** Keep this change on the builder's list; false if the host refused. */
  save(builder: string): bool {
    const old = State.get(builder, UNDO);
    const list = JsonValue.newArray();
    if (old !== null && old.isArray()) {
      const n = old.length;
      for (let i = n >= KEPT ? n - KEPT + 1 : 0; i < n; i++) list.push(old.at(i)!);
    }
    const entry = JsonValue.newObject();
    entry.set('what', JsonValue.fromString(this.what));
    entry.set('steps', this.steps);
    list.push(entry);
    return State.set(builder, UNDO, list);
  }
}

/** Reverse the builder's last change: what it was, or null when there is none. Throws nothing: a refused step fails the call (rolled back whole). */
export function undoLast(builder: string): string | null {
  const old = State.get(builder, UNDO);
  if (old === null || !old.isArray() || old.length == 0) return null;
  const last = old.at(old.length - 1)!;
  const steps = last.getArray('steps');
  if (steps !== null) {
    for (let i = steps.length - 1; i >= 0; i--) if (!apply(steps[i])) return '';
  }
  const rest = JsonValue.newArray();
  for (let i = 0; i < old.length - 1; i++) rest.push(old.at(i)!);
  if (rest.length == 0) State.del(builder, UNDO);
  else State.set(builder, UNDO, rest);
  const what = last.getString('what');
  return what === null ? 'your last change' : what;
}

function apply(step: JsonValue): bool {
  const op = step.getString('op');
  const e = step.getString('e');
  if (op === null || e === null) return false;
  if (op == 'despawn') return State.despawn(e);
  if (op == 'move') {
    const to = step.getString('to');
    return to !== null && State.move(e, to);
  }
  const c = step.getString('c');
  if (c === null) return false;
  const v = step.get('v');
  if (v === null || v.isNull()) return State.get(e, c) === null || State.del(e, c);
  if (c == 'name') {
    const name = v.asString();
    return name !== null && State.set(e, 'name', name);
  }
  return State.set(e, c, v);
}
