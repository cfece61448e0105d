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

export function replayMessages(events: readonly StoredEvent[], viewer: string, limit: number): OutputMessage[] {
  const views: OutputMessage[] = [];
  for (const e of events) {
    const v = viewOf(e, viewer);
    if (v) views.push(v);
  }
  const shown = views.slice(-limit);
  const header = views.length > shown.length
    ? `--- ${views.length} missed events (showing the last ${shown.length}) ---`
    : `--- ${views.length} missed events ---`;
  return [
    { kind: 'replay', spans: [{ text: header, style: 'system' }] },
    ...shown,
    { kind: 'replay', spans: [{ text: '--- end of replay ---', style: 'system' }] },
  ];
}
