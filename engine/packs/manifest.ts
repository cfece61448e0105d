/** Read and validate a pack's pack.json against schemas/pack.schema.json. */
import { Ajv, type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MyriadError } from '../errors.ts';
import type { PackManifest } from './types.ts';

let validate: ReturnType<Ajv['compile']> | null = null;

function validator(): ReturnType<Ajv['compile']> {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schemas/pack.schema.json', import.meta.url), 'utf8')) as object);
  }
  return validate;
}

export function readManifest(dir: string, packName: string): PackManifest {
  const file = join(dir, 'pack.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new MyriadError('PACK_MANIFEST_INVALID', { pack: packName, file, problem: (e as Error).message });
  }
  const v = validator();
  if (!v(raw)) {
    const problems = (v.errors ?? []).map(describe).join('; ');
    throw new MyriadError('PACK_MANIFEST_INVALID', { pack: packName, file, problem: problems });
  }
  const manifest = raw as PackManifest;
  if (manifest.name !== packName) {
    throw new MyriadError('PACK_MANIFEST_INVALID', { pack: packName, file, problem: `name is "${manifest.name}" but the pack is enabled as "${packName}"` });
  }
  return manifest;
}

function describe(e: ErrorObject): string {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
  if (e.keyword === 'additionalProperties') return `${path === '(root)' ? '' : path + '.'}${(e.params as { additionalProperty: string }).additionalProperty} is not a known key`;
  return `${path} ${e.message ?? 'is invalid'}`;
}
