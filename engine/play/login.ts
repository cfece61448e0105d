/**
 * The login screen of one connection: banner, `create <name> <password>`,
 * `connect <name> <password>` (or `connect <name>` then a hidden password prompt),
 * `quit`. Wrong name and wrong password get the same answer; rate limits and
 * lockouts answer "try again in N s" (engine/accounts/login-guard.ts).
 */
import type { Log } from '../logger.ts';
import { Accounts } from '../accounts/accounts.ts';
import { MyriadError } from '../errors.ts';
import { textMessage, type OutputMessage } from '../output/message.ts';
import type { ClientConnection } from '../sessions/connection.ts';
import type { AccountRow } from '../store/types.ts';

export interface LoginDeps {
  readonly accounts: Accounts;
  readonly serverName: string;
  readonly isFirstAccount: () => Promise<boolean>;
  /** Why this account may not enter now (a ban), or null (engine/play/moderation.ts). */
  readonly refusal: (account: AccountRow) => Promise<string | null>;
  /** The account is authenticated: enter the game (isNew: just created, nothing to replay). */
  enter(conn: ClientConnection, account: AccountRow, isNew: boolean): Promise<void>;
  readonly log: Log;
}

type Stage = { kind: 'menu' } | { kind: 'password'; name: string } | { kind: 'done' };

export class LoginFlow {
  private stage: Stage = { kind: 'menu' };

  constructor(
    private readonly conn: ClientConnection,
    private readonly deps: LoginDeps,
  ) {}

  get done(): boolean {
    return this.stage.kind === 'done';
  }

  start(): void {
    this.conn.send(banner(this.deps.serverName));
    this.conn.prompt('> ');
  }

  /** Handle one line typed before entering the game. Returns false when the connection should close. */
  async line(text: string): Promise<boolean> {
    if (this.stage.kind === 'password') {
      const name = this.stage.name;
      this.stage = { kind: 'menu' };
      this.conn.setPasswordMode(false);
      await this.connect(name, text);
      return true;
    }
    const [word = '', name, ...rest] = text.trim().split(/\s+/);
    const password = rest.join(' ');
    switch (word.toLowerCase()) {
      case '':
        this.conn.prompt('> ');
        return true;
      case 'quit':
      case 'exit':
        this.conn.close('Goodbye.');
        return false;
      case 'connect':
      case 'co':
        if (!name) return this.usage('connect <name> <password>');
        if (!password) {
          this.stage = { kind: 'password', name };
          this.conn.setPasswordMode(true);
          this.conn.prompt('Password: ');
          return true;
        }
        await this.connect(name, password);
        return true;
      case 'create':
      case 'cr':
        if (!name || !password) return this.usage('create <name> <password>');
        await this.create(name, password);
        return true;
      case 'help':
      case '?':
        this.conn.send(usageLines());
        this.conn.prompt('> ');
        return true;
      default:
        this.conn.send(textMessage('error', `You are not logged in yet. ${usageText()}`, 'error'));
        this.conn.prompt('> ');
        return true;
    }
  }

  private usage(form: string): boolean {
    this.conn.send(textMessage('error', `Usage: ${form}`, 'hint'));
    this.conn.prompt('> ');
    return true;
  }

  private async connect(name: string, password: string): Promise<void> {
    const result = await this.deps.accounts.login(name, password, this.conn.remoteAddress);
    if (!result.ok) {
      this.deps.log[result.code === 'AUTH_BAD_CREDENTIALS' ? 'info' : 'warn']({ remote: this.conn.remoteAddress, code: result.code }, 'login refused');
      this.conn.send(textMessage('error', result.message, 'error'));
      this.conn.prompt('> ');
      return;
    }
    const refusal = await this.deps.refusal(result.account);
    if (refusal) {
      this.deps.log.warn({ remote: this.conn.remoteAddress, account: result.account.name }, 'login refused: banned');
      this.conn.close(refusal);
      return;
    }
    this.stage = { kind: 'done' };
    this.conn.send(textMessage('system', `Welcome back, ${result.account.name}.`, 'system'));
    await this.deps.enter(this.conn, result.account, false);
  }

  private async create(name: string, password: string): Promise<void> {
    try {
      const account = await this.deps.accounts.create(name, password, this.deps.isFirstAccount, this.conn.remoteAddress);
      this.stage = { kind: 'done' };
      const admin = account.role === 'admin' ? ' As the first account on this server, you are an admin.' : '';
      this.conn.send(textMessage('system', `Welcome, ${account.name}! Your character has been created.${admin} Type "help" for commands.`, 'system'));
      await this.deps.enter(this.conn, account, true);
    } catch (e) {
      if (e instanceof MyriadError) {
        this.conn.send(textMessage('error', e.message, 'error'));
        this.conn.prompt('> ');
        return;
      }
      throw e;
    }
  }
}

function usageText(): string {
  return 'Type "create <name> <password>" for a new character, "connect <name> <password>" to play, or "quit".';
}

function usageLines(): OutputMessage {
  return {
    kind: 'help',
    spans: [
      { text: '  create <name> <password>', style: 'emphasis' },
      { text: '   make a new character (name: 3-20 letters)\n' },
      { text: '  connect <name> <password>', style: 'emphasis' },
      { text: '  enter the game as an existing character\n' },
      { text: '  quit', style: 'emphasis' },
      { text: '                       disconnect' },
    ],
  };
}

function banner(serverName: string): OutputMessage {
  return {
    kind: 'system',
    spans: [{ text: `Welcome to ${serverName}`, style: 'room-title' }, { text: ' — a Myriad world.\n\n' }, ...usageLines().spans],
  };
}
