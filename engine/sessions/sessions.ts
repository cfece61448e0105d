/**
 * Character sessions. A character keeps one session across disconnects; several
 * connections may attach to it at once and all get its output. The session's
 * cursor (the last global event position delivered) is stored when the last
 * connection leaves, so the next connect replays exactly what was missed.
 */
import { textMessage, type OutputMessage } from '../output/message.ts';
import type { EventStore } from '../store/types.ts';
import type { Delivery } from '../world/protocol.ts';
import type { ClientConnection } from './connection.ts';
import { replayMessages } from './replay.ts';

export interface CharacterSession {
  readonly charId: string;
  readonly name: string;
  readonly role: 'player' | 'builder' | 'admin';
  readonly connections: Set<ClientConnection>;
  /** Deliveries held back while the replay is being sent. */
  held: OutputMessage[] | null;
}

export interface SessionDeps {
  readonly store: EventStore;
  /** Mark a character online/offline in the world; resolves once durable, with the position of that commit. */
  setOnline(charId: string, online: boolean, corr: string): Promise<number>;
  /** The character's current room (committed state), for choosing replay streams. */
  locationOf(charId: string): string | null;
  /** Last committed position. */
  head(): number;
  readonly replayLimit: number;
}

export class SessionManager {
  private readonly sessions = new Map<string, CharacterSession>();
  private readonly byConnection = new Map<ClientConnection, CharacterSession>();
  /**
   * Attach/detach of one character run one after another: a quick reconnect must not
   * read the cursor before the previous disconnect has stored it (that would replay
   * events the player already saw).
   */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: SessionDeps) {}

  get online(): readonly CharacterSession[] {
    return [...this.sessions.values()];
  }

  onlineIds(): string[] {
    return [...this.sessions.keys()];
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
    const session: CharacterSession = { ...who, connections: new Set([conn]), held: [] };
    this.sessions.set(who.charId, session);
    this.byConnection.set(conn, session);
    const cursor = replay ? await this.deps.store.getCursor(who.charId) : 0;
    const wentOnlineAt = await this.deps.setOnline(who.charId, true, corr);
    if (replay) {
      const location = this.deps.locationOf(who.charId);
      const streams = [`char:${who.charId}`, ...(location ? [`room:${location}`] : [])];
      const missed = (await this.deps.store.readMissed(streams, cursor, 10_000)).filter((e) => e.position <= wentOnlineAt);
      for (const m of replayMessages(missed, who.charId, this.deps.replayLimit)) this.sendTo(session, m, true);
    }
    const held = session.held ?? [];
    session.held = null;
    for (const m of held) this.sendTo(session, m);
  }

  /** Detach a connection; when it was the last one, the character goes offline and its cursor is stored. */
  async detach(conn: ClientConnection, corr: string): Promise<void> {
    const session = this.byConnection.get(conn);
    if (!session) return;
    return this.inTurn(session.charId, () => this.detachNow(conn, session, corr));
  }

  private async detachNow(conn: ClientConnection, session: CharacterSession, corr: string): Promise<void> {
    this.byConnection.delete(conn);
    session.connections.delete(conn);
    if (session.connections.size > 0) return;
    this.sessions.delete(session.charId);
    await this.deps.setOnline(session.charId, false, corr);
    await this.deps.store.setCursors([[session.charId, this.deps.head()]]);
  }

  deliver(deliveries: readonly Delivery[]): void {
    for (const d of deliveries) {
      const session = this.sessions.get(d.to);
      if (session) this.sendTo(session, d.msg);
    }
  }

  /** Everyone online, e.g. for announcements and shutdown notices. */
  broadcast(msg: OutputMessage): void {
    for (const s of this.sessions.values()) this.sendTo(s, msg);
  }

  /** Store every online character's cursor (clean shutdown). */
  async saveCursors(): Promise<void> {
    const head = this.deps.head();
    await this.deps.store.setCursors([...this.sessions.keys()].map((id) => [id, head] as const));
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
    for (const c of session.connections) {
      if (msg.data && msg.spans.length === 0) c.sendData(msg.data.package, msg.data.value);
      else {
        c.send(msg);
        if (msg.data) c.sendData(msg.data.package, msg.data.value);
      }
    }
  }
}
