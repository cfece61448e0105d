/**
 * A pack's JSON Schemas — its components (`components` in pack.json) and its
 * event payloads (`events.schemas`) — compiled once with ajv. The world checks
 * every value a call wrote and every payload it emitted against the owning
 * pack's schema before the call counts as done; a violation rolls the call back
 * and names the pack, the field and the rule. The loader compiles them too, so a
 * broken schema stops start-up instead of the first call.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { PackManifest } from '../../packs/types.ts';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** What was wrong, in the words an author needs: where, and which rule. */
export interface Violation {
  readonly pack: string;
  /** `component rooms.desc of entity 01J…` or `payload of event social.say`. */
  readonly what: string;
  /** Dotted path inside the value (`exits.north`), or `(value)` for the whole value. */
  readonly field: string;
  /** The schema keyword and ajv's words: `type: must be string`. */
  readonly rule: string;
}

export function describeViolation(v: Violation): string {
  return `${v.pack} wrote an invalid ${v.what}: ${v.field} breaks "${v.rule}"`;
}

/**
 * Engine components every entity may carry. 80 characters of name: the longest
 * room title in the starter village is 24, and a name shows on every line of `who`.
 */
const ENGINE_COMPONENTS: Readonly<Record<string, object>> = {
  name: { type: 'string', minLength: 1, maxLength: 80 },
  kind: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$' },
  location: { type: 'string', minLength: 1 },
  // The pack that spawned the entity, written by the host alone (host-functions.ts SPAWNER_COMPONENT).
  spawner: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,31}$' },
};

export class SchemaCompileError extends Error {}

export class PackSchemas {
  private constructor(
    private readonly pack: string,
    private readonly components: ReadonlyMap<string, ValidateFunction>,
    private readonly events: ReadonlyMap<string, ValidateFunction>,
  ) {}

  /** Compile every schema of the manifest; throws SchemaCompileError naming the bad one. */
  static compile(manifest: PackManifest): PackSchemas {
    const ajv = packAjv();
    const compileOne = (what: string, schema: object): ValidateFunction => {
      try {
        return ajv.compile(schema);
      } catch (e) {
        throw new SchemaCompileError(`${what}: ${(e as Error).message}`);
      } finally {
        // The validator keeps working; the shared instance keeps no reference (reloads bring new manifests).
        ajv.removeSchema(schema);
      }
    };
    const components = new Map<string, ValidateFunction>();
    for (const [key, schema] of Object.entries(manifest.components ?? {})) components.set(key, compileOne(`components.${key}`, schema));
    const events = new Map<string, ValidateFunction>();
    for (const [type, schema] of Object.entries(manifest.events?.schemas ?? {})) events.set(type, compileOne(`events.schemas.${type}`, schema));
    return new PackSchemas(manifest.name, components, events);
  }

  /** Check a component value this pack owns. A component missing from pack.json is a violation: undeclared state cannot be migrated. */
  component(entity: string, key: string, value: unknown): Violation | null {
    const what = `component ${key} of entity ${entity}`;
    const validate = this.components.get(key);
    if (!validate) return { pack: this.pack, what, field: '(value)', rule: `declared: ${key} is not in pack.json "components"` };
    return validate(value) ? null : violation(this.pack, what, validate.errors);
  }

  /** Check an event payload; types without a schema in `events.schemas` accept any JSON payload. */
  event(type: string, payload: unknown): Violation | null {
    const validate = this.events.get(type);
    if (!validate || validate(payload)) return null;
    return violation(this.pack, `payload of event ${type}`, validate.errors);
  }

  /** The component keys this pack declares. */
  get componentKeys(): readonly string[] {
    return [...this.components.keys()];
  }
}

/** The engine's own components (`name`, `kind`, `location`), checked whoever writes them. */
export class EngineSchemas {
  private readonly validators: ReadonlyMap<string, ValidateFunction>;
  constructor() {
    const ajv = packAjv();
    this.validators = new Map(Object.entries(ENGINE_COMPONENTS).map(([k, s]) => [k, ajv.compile(s)]));
  }
  has(key: string): boolean {
    return this.validators.has(key);
  }
  component(pack: string, entity: string, key: string, value: unknown): Violation | null {
    const validate = this.validators.get(key);
    if (!validate || validate(value)) return null;
    return violation(pack, `engine component ${key} of entity ${entity}`, validate.errors);
  }
}

let shared: Ajv | null = null;

/**
 * One ajv for every pack's schemas (per thread). A fresh instance compiles ajv's
 * meta-schema before the first schema: ~20 ms a pack, paid at start-up by the
 * loader and again by every world (re)start and reload (bench/notes.md).
 * `addUsedSchema: false` keeps packs apart: a schema's `$id` is not registered,
 * so two packs using the same `$id` cannot collide or see each other's schemas.
 */
function packAjv(): Ajv {
  shared ??= newAjv({ addUsedSchema: false });
  return shared;
}

let standalone: Ajv | null = null;

/** Validate a standalone value against a schema (pack config variables): one shared ajv, ~10 ms saved per use. */
export function compileStandalone(schema: object): ValidateFunction {
  standalone ??= newAjv();
  return standalone.compile(schema);
}

function newAjv(options: { addUsedSchema?: boolean } = {}): Ajv {
  // strict: false — authors write plain draft-07 schemas, often with "description"
  // and "examples" next to keywords that strict mode would reject.
  const ajv = new Ajv({ allErrors: false, strict: false, ...options });
  addFormats(ajv);
  return ajv;
}

export function violation(pack: string, what: string, errors: ErrorObject[] | null | undefined): Violation {
  const e = errors?.[0];
  if (!e) return { pack, what, field: '(value)', rule: 'invalid' };
  let field = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'additionalProperties') field = join(field, (e.params as { additionalProperty: string }).additionalProperty);
  if (e.keyword === 'required') field = join(field, (e.params as { missingProperty: string }).missingProperty);
  return { pack, what, field: field || '(value)', rule: `${e.keyword}: ${e.message ?? 'invalid'}` };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
