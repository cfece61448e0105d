/**
 * Type tests for the pack harness's TypeScript API (issue 17; style guide §8),
 * checked by `npm run typecheck`, never run: what an author's test may write
 * compiles, and each `@ts-expect-error` line is a misuse the types must refuse
 * (if one stops being an error, tsc reports the unused directive).
 */
import { packWorld, type CommandOutput, type PackWorld, type PackWorldOptions } from '../../sdk/tooling/harness.ts';

export async function harnessTypes(): Promise<void> {
  const options: PackWorldOptions = { pack: '/packs/lantern', packs: ['rooms'], seed: 7, startMs: 0, settings: { lantern: { grants: { send: ['actor'] } } } };
  const w: PackWorld = await packWorld(options);
  const out: CommandOutput = await w.command('Alice', 'lantern', { admin: true });
  const text: string = out.text;
  const prompt: string | null = out.prompt;
  const failure = out.failure;
  const count: number | undefined = w.get<number>(w.idOf('Alice'), 'lantern.count');
  const payloads: Array<{ count: number }> = w.payloads<{ count: number }>('lantern.greeted');
  const gmcp: ReadonlyArray<{ readonly package: string; readonly value: unknown }> = w.gmcp('Alice', 'Room.Info');
  await w.tick(3, 100);
  await w.advance(1000);
  await w.setOnline('Alice', false);
  void [text, prompt, failure, count, payloads, gmcp, w.seen('Alice'), w.now, w.events, w.timers, w.logs];

  // @ts-expect-error the pack is a directory path, not a manifest object
  await packWorld({ pack: { name: 'lantern' } });
  // @ts-expect-error a seed is a number
  await packWorld({ seed: 'one' });
  // @ts-expect-error command() needs who and the line
  await w.command('lantern');
  // @ts-expect-error the output's text is a string, not lines
  const lines: string[] = out.text;
  // @ts-expect-error events are committed, read-only
  out.events.push({ type: 'x' });
  void lines;
  await w.close();
}
