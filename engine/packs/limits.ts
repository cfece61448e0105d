/**
 * A pack's effective per-call budgets. Like capabilities, limits are requested
 * by the manifest and granted by the operator:
 *
 * - the operator's `packs.settings.<pack>.limits.<key>` is the truth when set
 *   (tighten a stranger's pack, or allow more than the default);
 * - otherwise the manifest may ask for *less* than the default and gets it, but a
 *   request above the default needs the operator's consent: the pack does not
 *   load, and the message gives the config line that would allow it.
 *   First-party packs shipped with the engine get what they ask.
 */
import { DEFAULT_PACK_LIMITS } from '../config/defaults.ts';
import type { PackLimits } from './types.ts';

export interface LimitsOutcome {
  readonly limits: PackLimits;
  /** `limits.wallMs 500 (default 100)` for each request above the default. */
  readonly excess: readonly string[];
  /** Config lines that would grant the excess: `"wallMs": 500`. */
  readonly configLines: readonly string[];
}

export function effectiveLimits(requested: Partial<PackLimits> | undefined, granted: Partial<PackLimits> | undefined, firstParty: boolean): LimitsOutcome {
  const limits: Record<keyof PackLimits, number> = { ...DEFAULT_PACK_LIMITS };
  const excess: string[] = [];
  const configLines: string[] = [];
  for (const key of Object.keys(DEFAULT_PACK_LIMITS) as (keyof PackLimits)[]) {
    const fallback = DEFAULT_PACK_LIMITS[key];
    const asked = requested?.[key];
    const given = granted?.[key];
    if (given !== undefined) limits[key] = given;
    else if (asked === undefined) limits[key] = fallback;
    else if (asked <= fallback || firstParty) limits[key] = asked;
    else {
      excess.push(`limits.${key} ${asked} (default ${fallback})`);
      configLines.push(`"${key}": ${asked}`);
    }
  }
  return { limits, excess, configLines };
}
