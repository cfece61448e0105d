/**
 * What every benchmark hands back to bench/run.ts: rows for the table and the
 * markdown, goals with the figure measured for each, a method paragraph, and the
 * raw data for bench/results.json.
 */

export type Size = 'tiny' | 'full';

export interface Row {
  /** What was measured, e.g. "pack call, 2 host calls (p50)". */
  readonly metric: string;
  readonly value: number | string | null;
  readonly unit: string;
  /** Context: ratio to the JS baseline, spread over runs, sample count. */
  readonly note?: string;
}

export interface Goal {
  /** The goal as the issue states it. */
  readonly goal: string;
  /** The figure this run measured, formatted with its unit. */
  readonly current: string;
  /** true/false when comparable; null when not measured or not applicable. */
  readonly met: boolean | null;
  readonly note?: string;
}

export interface BenchResult {
  readonly name: string;
  readonly title: string;
  readonly size: Size;
  /** ISO date of the run. */
  readonly date: string;
  readonly seconds: number;
  /** 1-minute load average when it started: other work competing for the 2 cores. */
  readonly loadAverage?: number;
  /** Markdown: how it was measured. */
  readonly method: string;
  readonly rows: readonly Row[];
  readonly goals: readonly Goal[];
  /** Findings: where time goes, what was fixed, what misses and why. */
  readonly findings?: readonly string[];
  readonly raw: unknown;
}

export interface BenchContext {
  readonly size: Size;
  /** Progress for humans (stderr). */
  progress(msg: string): void;
  /** PostgreSQL admin URL for throwaway databases, or null when PostgreSQL is unreachable. */
  readonly postgresUrl: string | null;
}

export type BenchFn = (ctx: BenchContext) => Promise<Omit<BenchResult, 'name' | 'size' | 'date' | 'seconds' | 'loadAverage'>>;

/** A figure for a table's value column: rounded as fmt() shows it, as a number (no thousands separators). */
export function figure(value: number, digits = 3): number {
  return Number(fmt(value, digits).replace(/,/g, ''));
}

export function fmt(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(Math.max(0, digits - 2));
  if (abs >= 1) return value.toFixed(Math.max(0, digits - 1));
  return value.toPrecision(digits);
}
