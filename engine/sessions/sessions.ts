/**
 * Character sessions. A character keeps one session across disconnects; several
 * connections may attach to it at once and all get its output.
 *
 * The replay cursor is the last position whose deliveries reached a live
 * connection, taken at the moment the last connection stops taking output
 * (`quit`, the client's FIN, a socket error), not when the world hears of it:
 *
 *   … commit P (delivered) │ last connection ends │ P+1 … session_ended at E … E+k
 *                          ▲ cursor = P            └ replayed on return: P+1 … ─┘
 *
 * Storing the head after the world had marked the character offline (the old
 * way) lost what was committed between the two — a `say` a second after `quit`
 * while the socket was still closing went to a closing connection and was
 * behind the cursor. Deliveries of one commit are sent before `deliveredUpTo`
 * moves past it, so a connection found dead while sending them freezes the
 * cursor before that commit.
 */
import { textMessage, type OutputMessage } from '../output/message.ts';
import type { EventStore } from '../store/types.ts';
import type { Delivery } from '../world/protocol.ts';
import type { ClientConnection } from './connection.ts';
import { replayMessages } from './replay.ts';
import { VITALS_PACKAGE, VitalsRecord } from './vitals.ts';

export interface CharacterSession {
  readonly charId: string;
  readonly name: string;
  /** Changed in place by `@role` (setRole), so the next command runs with the new role. */
  role: 'player' | 'builder' | 'admin';
  readonly connections: Set<ClientConnection>;
  /** Deliveries held back while the replay is being sent. */
  held: OutputMessage[] | null;
  /** The position this session has seen everything up to, once its replay went out (null before). */
  seenUpTo: number | null;
  /** Set when the last connection ended: the cursor to store. */
  leftAt: number | null;
  /** Every pack's part of Char.Vitals, sent whole (engine/sessions/vitals.ts). */
  readonly vitals: VitalsRecord;
}

export interface SessionDeps {
  readonly store: EventStore;
  /** Mark a character online/offline in the world; resolves once durable, with the position of that commit. */
  setOnline(charId: string, online: boolean, corr: string): Promise<number>;
  /** The character's current room (committed state), for choosing replay streams. */
  locationOf(charId: string): string | null;
  readonly replayLimit: number;
  /** Prefix for a replayed line: the game time it happened (engine/sessions/game-time.ts). */
  timeOf?(at: string): string | null;
}

/**
 * At most 10,000 missed events are read when a character comes back: the replay
 * shows `world.replayLimit` of them (200 by default) and counts the rest, so a
 * long absence in a busy room never reads an unbounded backlog into memory
 * (past 10,000 the count shown is a floor).
 */
export const MISSED_READ_LIMIT = 10_000;

export class SessionManager {
  private readonly sessions = new Map<string, CharacterSession>();
  private readonly byConnection = new Map<ClientConnection, CharacterSession>();
  /**
   * Attach/detach of one character run one after another: a quick reconnect must not
   * read the cursor before the previous disconnect has stored it (that would replay
   * events the player already saw).
   */
  private readonly turns = new Map<string, Promise<unknown>>();
  /** Every commit up to here has had its deliveries sent (set by `deliver`). */
  private deliveredUpTo = 0;

  constructor(private readonly deps: SessionDeps) {}

  get online(): readonly CharacterSession[] {
    return [...this.sessions.values()];
  }

  onlineIds(): string[] {
    return [...this.sessions.keys()];
  }

  /** An admin's `@role`: the character's sessions run their next command with `role`. */
  setRole(charId: string, role: CharacterSession['role']): void {
    for (const s of this.online) if (s.charId === charId) s.role = role;
  }

  /** @boot and @ban: close every connection of the character with `reason`; how many were open. */
  disconnect(charId: string, reason: string): number {
    // By connection, not by session: a connection that attached while the character's previous
    // session was still detaching belongs to a session no longer in \`sessions\`.
    const doomed = [...this.byConnection].filter(([, s]) => s.charId === charId).map(([conn]) => conn);
    for (const conn of doomed) conn.close(reason);
    return doomed.length;
  }

  /** @ban <address>: close the players' connections from an address `covers` matches (admins' stay); how many. */
  disconnectAddress(covers: (remote: string | undefined) => boolean, reason: string): number {
    const doomed = [...this.byConnection].filter(([conn, s]) => s.role !== 'admin' && covers(conn.remoteAddress)).map(([conn]) => conn);
    for (const conn of doomed) conn.close(reason);
    return doomed.length;
  }

  sessionOf(conn: ClientConnection): CharacterSession | undefined {
    return this.byConnection.get(conn);
  }

  connectionCount(): number {
    return this.byConnection.size;
  }

  /**
   * Attach a connection. The first connection of a session replays what the
   * character missed (`replay` false for a brand-new character) and then goes live.
   */
  attach(conn: ClientConnection, who: { charId: string; name: string; role: CharacterSession['role'] }, replay: boolean, corr: string): Promise<void> {
    return this.inTurn(who.charId, () => this.attachNow(conn, who, replay, corr));
  }

  private async attachNow(conn: ClientConnection, who: { charId: string; name: string; role: CharacterSession['role'] }, replay: boolean, corr: string): Promise<void> {
    const existing = this.sessions.get(who.charId);
    if (existing) {
      existing.connections.add(conn);
      this.byConnection.set(conn, existing);
      conn.send(textMessage('system', `You are now connected from ${existing.connections.size} places.`, 'system'));
      return;
    }
    const session: CharacterSession = { ...who, connections: new Set([conn]), held: [], seenUpTo: null, leftAt: null, vitals: new VitalsRecord() };
    this.sessions.set(who.charId, session);
    this.byConnection.set(conn, session);
    const cursor = replay ? await this.deps.store.getCursor(who.charId) : 0;
    const wentOnlineAt = await this.deps.setOnline(who.charId, true, corr);
    if (replay) {
      const location = this.deps.locationOf(who.charId);
      const streams = [`char:${who.charId}`, ...(location ? [`room:${location}`] : [])];
      // Up to the session_started commit: later events were delivered live (held meanwhile).
      const missed = (await this.deps.store.readMissed(streams, cursor, MISSED_READ_LIMIT)).filter((e) => e.position <= wentOnlineAt);
      for (const m of replayMessages(missed, who.charId, this.deps.replayLimit, this.deps.timeOf)) this.sendTo(session, m, true);
    }
    const held = session.held ?? [];
    session.held = null;
    for (const m of held) this.sendTo(session, m);
    if (session.connections.size > 0) session.seenUpTo = Math.max(wentOnlineAt, this.deliveredUpTo);
    // Every connection ended during the replay: it was not seen (a new character has nothing before going online).
    else session.leftAt ??= replay ? cursor : wentOnlineAt;
  }

  /**
   * Detach a connection; when it was the last one, the character goes offline and its cursor is stored.
   * The connection stops getting output at once (synchronously): call it as soon as the
   * connection stops taking output, not when its socket is finally gone.
   */
  async detach(conn: ClientConnection, corr: string): Promise<void> {
    const session = this.byConnection.get(conn);
    if (!session) return;
    this.byConnection.delete(conn);
    session.connections.delete(conn);
    if (session.connections.size > 0) return;
    // The cursor is what reached a live connection; null = still replaying, decided in attachNow.
    if (session.seenUpTo !== null) session.leftAt = this.deliveredUpTo;
    if (this.sessions.get(session.charId) === session) this.sessions.delete(session.charId);
    return this.inTurn(session.charId, () => this.detachNow(session, corr));
  }

  private async detachNow(session: CharacterSession, corr: string): Promise<void> {
    await this.deps.setOnline(session.charId, false, corr);
    if (session.leftAt !== null) await this.deps.store.setCursors([[session.charId, session.leftAt]]);
  }

  /** `upTo`: the last position of the commit these deliveries belong to (none: unchanged). */
  deliver(deliveries: readonly Delivery[], upTo?: number): void {
    for (const d of deliveries) {
      const session = this.sessions.get(d.to);
      if (session) this.sendTo(session, d.msg);
    }
    // After sending: a connection found ended while sending froze its cursor before this commit.
    if (upTo !== undefined && upTo > this.deliveredUpTo) this.deliveredUpTo = upTo;
  }

  /** Start counting deliveries from the store's head (server start). */
  startAt(position: number): void {
    this.deliveredUpTo = Math.max(this.deliveredUpTo, position);
  }

  /** Everyone online, e.g. for announcements and shutdown notices. */
  /** A host message to one character's connections, if online (@mute tells them why). */
  tell(charId: string, msg: OutputMessage): void {
    const session = this.sessions.get(charId);
    if (session) this.sendTo(session, msg);
  }

  broadcast(msg: OutputMessage): void {
    for (const s of this.sessions.values()) this.sendTo(s, msg);
  }

  /** Store every online character's cursor (clean shutdown). */
  async saveCursors(): Promise<void> {
    const upTo = this.deliveredUpTo;
    await this.deps.store.setCursors([...this.sessions.values()].filter((s) => s.seenUpTo !== null).map((s) => [s.charId, upTo] as const));
  }

  private inTurn<T>(charId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(charId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.turns.set(charId, settled);
    void settled.then(() => {
      if (this.turns.get(charId) === settled) this.turns.delete(charId);
    });
    return next;
  }

  private sendTo(session: CharacterSession, msg: OutputMessage, bypassHold = false): void {
    if (session.held && !bypassHold) {
      session.held.push(msg);
      return;
    }
    const data = msg.data?.package === VITALS_PACKAGE ? { package: VITALS_PACKAGE, value: session.vitals.merge(msg.data.value) } : msg.data;
    for (const c of session.connections) {
      if (data && msg.spans.length === 0) c.sendData(data.package, data.value);
      else {
        c.send(msg);
        if (data) c.sendData(data.package, data.value);
      }
    }
  }
}
