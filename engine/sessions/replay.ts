/**
 * Reconnect replay: what a character missed while no connection was attached,
 * rendered exactly as they would have seen it live.
 */
import type { OutputMessage } from '../output/message.ts';
import type { StoredEvent } from '../store/types.ts';

/** The message a viewer sees for an event: the actor's version or everyone else's. */
export function viewOf(event: StoredEvent, viewer: string): OutputMessage | null {
  const display = event.display;
  if (!display) return null;
  const isActor = event.actor?.kind === 'character' && event.actor.id === viewer;
  return (isActor ? display.actor : display.others) ?? null;
}

/**
 * The replay block: a header, each missed line as it was shown live with the game
 * time it happened in front (`timeOf`, null when no world clock runs), an end
 * marker. Nothing at all when nothing was missed.
 */
export function replayMessages(events: readonly StoredEvent[], viewer: string, limit: number, timeOf?: (at: string) => string | null): OutputMessage[] {
  const views: OutputMessage[] = [];
  for (const e of events) {
    const v = viewOf(e, viewer);
    if (v) views.push(stamped(v, timeOf?.(e.at) ?? null));
  }
  if (views.length === 0) return [];
  const shown = views.slice(-limit);
  const count = `${views.length} missed event${views.length === 1 ? '' : 's'}`;
  const header = views.length > shown.length ? `--- ${count} (showing the last ${shown.length}) ---` : `--- ${count} ---`;
  return [{ kind: 'replay', spans: [{ text: header, style: 'system' }] }, ...shown, { kind: 'replay', spans: [{ text: '--- end of replay ---', style: 'system' }] }];
}

/** The live message with "[day 3, 08:05] " in front (system style, so clients can dim it). */
function stamped(msg: OutputMessage, time: string | null): OutputMessage {
  if (time === null) return msg;
  return { ...msg, spans: [{ text: `[${time}] `, style: 'system' }, ...msg.spans] };
}
