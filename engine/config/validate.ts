/**
 * Validate a config object against schemas/config.schema.json and turn ajv's
 * errors into one operator-readable message: file, key path, what is expected,
 * and for an unknown key the closest known one.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { MyriadError } from '../errors.ts';
import { editDistance } from '../world/router.ts';
import { repoPath } from '../paths.ts';

const schemaUrl = (name: string): string => repoPath('schemas', name);

let validator: ReturnType<Ajv['compile']> | null = null;

function compile(): ReturnType<Ajv['compile']> {
  if (validator) return validator;
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true }); // verbose: parentSchema lists the known keys
  ajv.addSchema(JSON.parse(readFileSync(schemaUrl('pack.schema.json'), 'utf8')) as object, 'pack.schema.json');
  validator = ajv.compile(JSON.parse(readFileSync(schemaUrl('config.schema.json'), 'utf8')) as object);
  return validator;
}

export function validateConfig(config: unknown, file: string): void {
  const validate = compile();
  if (validate(config)) return;
  const errors = validate.errors ?? [];
  const problems = errors.map((e) => describe(e));
  const first = problems[0] ?? { key: '(root)', problem: 'is invalid' };
  const more =
    problems.length > 1
      ? ` (and ${problems.length - 1} more: ${problems
          .slice(1, 4)
          .map((p) => `${p.key} ${p.problem}`)
          .join('; ')})`
      : '';
  throw new MyriadError('CONFIG_INVALID', { file, key: first.key, problem: first.problem + more });
}

function describe(e: ErrorObject): { key: string; problem: string } {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const key = path === '(root)' ? extra : `${path}.${extra}`;
      const known = Object.keys(((e.parentSchema as { properties?: object }).properties ?? {}) as object).filter((k) => k !== '$schema');
      const lower = extra.toLowerCase();
      const near = known.find((k) => editDistance(k.toLowerCase(), lower, 3) <= 3 || lower.startsWith(k.toLowerCase()) || k.toLowerCase().startsWith(lower));
      return { key, problem: `is not a known setting${near ? ` — did you mean "${near}"?` : ''} (known here: ${known.join(', ')})` };
    }
    case 'type':
      return { key: path, problem: `must be ${(e.params as { type: string }).type}` };
    case 'enum':
      return { key: path, problem: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'minimum':
    case 'maximum':
      return { key: path, problem: `must be ${e.keyword === 'minimum' ? '>=' : '<='} ${(e.params as { limit: number }).limit}` };
    case 'pattern':
      return { key: path, problem: `must match ${(e.params as { pattern: string }).pattern}` };
    default:
      return { key: path, problem: e.message ?? 'is invalid' };
  }
}
