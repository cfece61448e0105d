/**
 * The resources pack's data, kept on its config entity: the item templates nodes
 * yield (resources.catalogue, the inventory pack's format) and the tools that
 * help (resources.tools: { "<item key>": { kind: "axe", tier: "basic" } },
 * tiers as §9.1's toolModifier: basic 0.7, good 1.0, excellent 1.3; none 0.5).
 */
import { JsonValue, Query, State } from '../../../sdk/assembly';

export const CATALOGUE = 'resources.catalogue';
export const TOOLS = 'resources.tools';

let configId: string | null = null;

export function configEntity(): string | null {
  if (configId !== null) return configId;
  const holders = Query.withComponent(CATALOGUE);
  configId = holders.length > 0 ? holders[0] : null;
  return configId;
}

// Catalogue and tools are written once, by the seed, and never change: read
// (and parsed) once per instance, not on every harvest.
let catalogue: JsonValue | null = null;
let tools: JsonValue | null = null;

export function catalogueItem(key: string): JsonValue | null {
  if (catalogue === null) {
    const c = configEntity();
    if (c === null) return null;
    catalogue = State.get(c, CATALOGUE);
    if (catalogue === null) return null;
  }
  return catalogue!.getObject(key);
}

/** The tier of item `key` as a tool of `kind`, or "" when it is not one. */
export function toolTier(key: string, kind: string): string {
  if (tools === null) {
    const c = configEntity();
    if (c === null) return '';
    tools = State.get(c, TOOLS);
    if (tools === null) return '';
  }
  const t = tools!.getObject(key);
  if (t === null || t.getString('kind') != kind) return '';
  const tier = t.getString('tier');
  return tier === null ? 'basic' : tier;
}
