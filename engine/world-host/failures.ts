/**
 * The results the host gives a request the world never finished: the world
 * restarted under it (ENGINE_INTERNAL) or it was the call the watchdog stopped
 * (PACK_TIMEOUT). Nothing of it is committed; a command's player is told.
 */
import { type ErrorCode, formatError } from '../errors.ts';
import type { WorldRequest, WorldResult } from '../world/protocol.ts';

export function failedResult(req: WorldRequest, code: ErrorCode, message: string): WorldResult {
  const deliveries = 'charId' in req && req.kind === 'command' ? [{ to: req.charId, msg: { kind: 'error' as const, spans: [{ text: formatError('ENGINE_INTERNAL'), style: 'error' as const }] } }] : [];
  return { reqId: req.reqId, events: [], changes: [], deliveries, timersAdded: [], timersFired: [], failure: { code, message } };
}

export function timeoutResult(req: WorldRequest, pack: string, budgetMs: number): WorldResult {
  const deliveries = req.kind === 'command' ? [{ to: req.charId, msg: { kind: 'error' as const, spans: [{ text: `That took too long in the ${pack} pack (over ${budgetMs} ms) and was stopped; nothing changed.`, style: 'error' as const }] } }] : [];
  return { reqId: req.reqId, events: [], changes: [], deliveries, timersAdded: [], timersFired: [], failure: { code: 'PACK_TIMEOUT', pack, message: `ran past ${budgetMs} ms` } };
}
