/**
 * Progress for long CLI operations (migrations, rebuilding state from the log).
 * In a terminal: a cli-progress bar redrawn in place. Piped (CI, logs): one plain
 * line per step (up to 20 steps) or every 10 %, so a log shows progress without a flood.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { ProgressFn } from '../store/types.ts';

/** Up to this many steps (migrations) every step gets a line; beyond (events replayed), every 10 %. */
const EVERY_STEP_UP_TO = 20;

export interface Progress {
  readonly update: ProgressFn;
  /** Finish the bar (or the last line). */
  stop(): void;
}

export function progress(title: string, out: NodeJS.WriteStream = process.stdout): Progress {
  if (out.isTTY) {
    const bar = new SingleBar({ format: `${title} [{bar}] {percentage}% {value}/{total} {label}`, stream: out, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total, label) {
        if (!started) {
          bar.start(Math.max(total, 1), 0, { label });
          started = true;
        }
        bar.setTotal(Math.max(total, 1));
        bar.update(total === 0 ? 1 : done, { label });
      },
      stop: () => (started ? bar.stop() : undefined),
    };
  }
  let lastTenth = -1;
  return {
    update(done, total, label) {
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (total > EVERY_STEP_UP_TO && tenth === lastTenth && done !== total) return;
      lastTenth = tenth;
      out.write(`${title}: ${total === 0 ? '' : `${done}/${total} `}${label}\n`);
    },
    stop: () => undefined,
  };
}
