/**
 * One client connection from first byte to close: the login screen, then play.
 * Transports (telnet, WebSocket) call `line()` for every complete input line and
 * `closed()` once; everything else is transport-neutral.
 */
import { formatError } from '../errors.ts';
import { newUlid as ulid } from '../ids.ts';
import { textMessage } from '../output/message.ts';
import type { ClientConnection } from '../sessions/connection.ts';
import type { AccountRow } from '../store/types.ts';
import { ADMIN_HELP, adminCommand } from './admin-commands.ts';
import { ALIAS_HELP, aliasBookFor, type AliasBook } from './aliases.ts';
import { LoginFlow } from './login.ts';
import { bannedMessage } from './moderation.ts';
import { banEnd } from '../limits/address-guard.ts';
import type { PlayServices } from './services.ts';

/** The host's own commands, listed by the world's `help` (aliases for everyone, @commands for admins). */
const HOST_HELP = [ALIAS_HELP, ADMIN_HELP] as const;

export class ClientHandler {
  private readonly login: LoginFlow;
  private account: AccountRow | null = null;
  /** Lines run in order; login-stage lines wait for each other (hashing is async), play-stage lines only queue into the pipeline. */
  private chain: Promise<unknown> = Promise.resolve();
  private isClosed = false;
  private readonly aliases: AliasBook;

  constructor(
    private readonly conn: ClientConnection,
    private readonly gateway: PlayServices,
  ) {
    this.aliases = aliasBookFor(gateway.store);
    this.login = new LoginFlow(conn, {
      accounts: gateway.accounts,
      serverName: gateway.config.server.name,
      isFirstAccount: async () => (await gateway.store.countAccounts()) === 0,
      refusal: async (account) => bannedMessage(await gateway.store.banOf(account.id), Date.now()),
      enter: (c, account, isNew) => this.enter(c, account, isNew),
      log: gateway.log.child({ conn: conn.id }),
    });
    this.login.start();
  }

  line(text: string): void {
    // Nothing new once the connection has ended. Lines accepted before it ended still run (the
    // burst before a flood disconnect, what was typed just before `quit`): the session ends when
    // output stops (engine/sessions/sessions.ts), and what they show is replayed on return.
    if (this.isClosed) return;
    this.chain = this.chain
      .then(async () => {
        if (this.account) await this.play(text);
        else if (!this.isClosed) await this.login.line(text);
      })
      .catch((e: unknown) => {
        this.gateway.log.error({ err: e, conn: this.conn.id }, this.account ? 'input line failed with an internal error' : 'login failed with an internal error');
        this.conn.send(textMessage('error', 'Something went wrong on the server. Please try again.', 'error'));
      });
  }

  /**
   * A client GMCP message outside Core.* (the telnet layer keeps those): to the
   * packs granted it, in the character's turn like a command. Before login, or
   * when no pack takes the package, it is dropped (a client may send what it likes).
   */
  gmcp(pkg: string, data: unknown): void {
    const account = this.account;
    if (!account || this.isClosed || !this.gateway.world.hasGmcpReceiver(pkg)) return;
    this.chain = this.chain.then(() => {
      void this.gateway.pipeline.run({ kind: 'gmcp', charId: account.characterId, package: pkg, data, corr: ulid() }).catch((e: unknown) => this.gateway.log.error({ err: e, package: pkg }, 'client GMCP failed'));
    });
  }

  closed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const account = this.account;
    if (!account) return;
    void this.gateway.sessions
      .detach(this.conn, ulid())
      .then(() => {
        if (!this.gateway.sessions.online.some((s) => s.charId === account.characterId)) this.aliases.forget(account.id);
      })
      .catch((e: unknown) => this.gateway.log.error({ err: e }, 'detach failed'));
  }

  private async enter(conn: ClientConnection, account: AccountRow, isNew: boolean): Promise<void> {
    const corr = ulid();
    if (isNew || !this.gateway.worldHasEntity(account.characterId)) {
      await this.gateway.pipeline.run({ kind: 'spawn-character', charId: account.characterId, name: account.name, corr });
    }
    this.account = account;
    if (this.isClosed) return;
    // Load the aliases now so the first command does not wait for them.
    void this.aliases.load(account.id).catch((e: unknown) => this.gateway.log.warn({ err: e, char: account.name }, 'could not load aliases'));
    await this.gateway.sessions.attach(conn, { charId: account.characterId, name: account.name, role: account.role }, !isNew, corr);
    // A ban written while this login was on its way (after its check, before this attach) finds the
    // connection here: @ban stores the ban first, then closes the attached connections.
    // Likewise a ban of its address (@ban <address> closes attached players only; admins may stay).
    const addressBan = account.role === 'admin' ? null : this.gateway.addresses.bans.covering(conn.remoteAddress);
    const refusal = bannedMessage(await this.gateway.store.banOf(account.id), Date.now()) ?? (addressBan && formatError('NET_ADDRESS_BANNED', { until: banEnd(addressBan.until), reason: addressBan.reason }));
    if (refusal) {
      conn.close(refusal);
      return;
    }
    conn.sendData('Char.Name', { name: account.name, fullname: account.name });
    // A second connection to a character already in the game joins it where it stands:
    // show the room (the first connection's entry came with the session start). Every
    // connection of the character gets this look, as they get all its output.
    if ((this.gateway.sessions.sessionOf(conn)?.connections.size ?? 0) > 1) {
      void this.gateway.pipeline.run({ kind: 'command', charId: account.characterId, line: 'look', admin: account.role === 'admin', corr }).catch((e: unknown) => this.gateway.log.warn({ err: e, corr }, 'could not show the room to a second connection'));
    }
    this.gateway.log.info({ conn: conn.id, char: account.name, transport: conn.transport }, 'entered the game');
  }

  private async play(text: string): Promise<void> {
    const account = this.account!;
    const t0 = performance.now();
    const log = this.gateway.log;
    const corr = ulid();
    // The verb only: the rest of a line is what players say to each other.
    log.debug({ corr, conn: this.conn.id, char: account.name, verb: text.trim().split(/\s/, 1)[0] }, 'command received');
    // Host-level first: alias/unalias and alias expansion, quit, the admin @commands, help for host commands.
    const aliased = await this.aliases.handle(account.id, text.trim());
    if (aliased.kind === 'answered') {
      this.conn.send(aliased.msg);
      aliased.done?.catch((e: unknown) => {
        log.error({ err: e, corr, char: account.name }, 'could not save an alias');
        this.conn.send(textMessage('error', 'That alias could not be saved; please try again.', 'error'));
      });
      return;
    }
    const trimmed = aliased.line;
    if (trimmed.toLowerCase() === 'quit') {
      this.conn.close('Goodbye. Your character rests here until you return.');
      return;
    }
    // The live role: an admin's @role changes it for the next command (SessionManager.setRole).
    const role = this.gateway.sessions.sessionOf(this.conn)?.role ?? account.role;
    if (adminCommand({ gateway: this.gateway, conn: this.conn, account: { ...account, role }, corr }, trimmed)) return;
    const admin = role === 'admin';
    const builder = role === 'builder';
    // Muted (@mute): the world refuses talk commands with this line (docs/decisions/0041).
    const muted = this.gateway.mutes.refusal(account.id);
    // `help` is answered whole by the world, the host's own commands handed in as data, so it all comes before the one prompt.
    const hostHelp = /^(?:help|\?)(?:\s|$)/i.test(trimmed) ? HOST_HELP : undefined;
    if (trimmed !== text.trim()) log.debug({ corr, verb: trimmed.split(/\s/, 1)[0] }, 'alias expanded');
    void this.gateway.pipeline
      .run({ kind: 'command', charId: account.characterId, line: trimmed, admin, ...(builder ? { builder } : {}), ...(muted ? { muted } : {}), corr, ...(hostHelp ? { hostHelp } : {}) })
      .then(({ result, stored }) => {
        const ms = performance.now() - t0;
        this.gateway.metrics.commandDone(ms);
        if (result.failure) log.warn({ corr, char: account.name, code: result.failure.code, pack: result.failure.pack, reason: result.failure.message }, 'command failed');
        if (!log.isLevelEnabled('debug')) return;
        for (const c of result.calls ?? []) log.debug({ corr, pack: c.pack, fn: c.fn, ms: c.ms }, 'pack call');
        log.debug({ corr, char: account.name, ms, events: stored.length, position: stored.at(-1)?.position ?? null }, 'command committed');
      })
      .catch((e: unknown) => {
        this.gateway.log.error({ err: e, corr }, 'command failed');
        this.conn.send(textMessage('error', formatError('ENGINE_INTERNAL'), 'error'));
      });
  }
}
