/**
 * A telnet client connection: binds a net.Socket to a TelnetProtocol, renders
 * OutputMessages for the client's reported capabilities, compresses with MCCP2 when
 * agreed, and enforces the output buffer cap (a client that never reads is dropped
 * rather than allowed to grow server memory without bound).
 */
import { silentLog, type Log } from '../../logger.ts';
import type { Socket } from 'node:net';
import type { OutputMessage } from '../../output/message.ts';
import { renderMessage, renderText } from './ansi.ts';
import { Compressor } from './compressor.ts';
import { encodeText } from './encoding.ts';
import { TelnetProtocol, type TelnetCapabilities, type TelnetProtocolOptions } from './protocol.ts';
import { corkForThisTick } from '../cork.ts';

export type { TelnetCapabilities } from './protocol.ts';

export interface TelnetConnectionOptions extends TelnetProtocolOptions {
  readonly log?: Log;
  /**
   * True once the transport under the socket can no longer carry output (a
   * WebSocket that got the client's close frame); checked on every write so the
   * connection ends before output is lost. A TCP socket says so with 'end'.
   */
  readonly outputGone?: () => boolean;
  /** The client's address when a trusted proxy reported it (PROXY protocol); default: the socket's peer. */
  readonly peer?: { readonly address: string; readonly port: number | undefined };
}

type Listener<A extends unknown[]> = (...args: A) => void;

export class TelnetConnection {
  /** "address:port" of the client, for logs. */
  readonly remote: string;
  private readonly protocol: TelnetProtocol;
  private readonly log: Log;
  private compressor: Compressor | undefined;
  /** Plain writes held while a finishing compressed stream drains (MCCP2 turned off). */
  private held: Uint8Array[] | undefined;
  private closing = false;
  /** The last thing written was a game prompt (kind `prompt`), its line still open. */
  private promptOpen = false;
  private closedReason: string | undefined;
  private readonly lineListeners: Array<Listener<[string]>> = [];
  private readonly overlongListeners: Array<Listener<[number, number]>> = [];
  private readonly gmcpListeners: Array<Listener<[string, unknown]>> = [];
  private readonly closeListeners: Array<Listener<[string]>> = [];
  private readonly endingListeners: Array<Listener<[]>> = [];
  private readonly capsListeners: Array<Listener<[TelnetCapabilities]>> = [];
  private readonly negotiatedPromise: Promise<TelnetCapabilities>;
  private resolveNegotiated!: () => void;
  private readonly outputGone: () => boolean;

  constructor(
    private readonly socket: Socket,
    options: TelnetConnectionOptions = {},
  ) {
    this.remote = options.peer ? `${options.peer.address}:${options.peer.port ?? '?'}` : `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.log = options.log ?? silentLog;
    this.outputGone = options.outputGone ?? (() => false);
    this.protocol = new TelnetProtocol(
      {
        write: (bytes) => this.write(bytes),
        line: (text) => this.emit(this.lineListeners, text),
        overlongLine: (length, limit) => this.emit(this.overlongListeners, length, limit),
        gmcp: (pkg, data) => this.emit(this.gmcpListeners, pkg, data),
        startCompression: () => this.startCompression(),
        stopCompression: () => this.stopCompression(),
        capabilitiesChanged: (caps) => this.emit(this.capsListeners, caps),
        settled: () => this.resolveNegotiated(),
        warn: (fields, message) => this.log.warn({ remote: this.remote, ...fields }, message),
        refuse: (message) => this.close(message),
      },
      options,
    );
    this.negotiatedPromise = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.protocol.limits.negotiationTimeoutMs);
      timer.unref();
      this.resolveNegotiated = () => {
        clearTimeout(timer);
        resolve();
      };
    }).then(() => this.capabilities);

    // Interactive traffic: no Nagle delay on prompts. Keep-alive after 60 s idle finds
    // clients that vanished without a FIN (laptop lid closed), so their sessions can end.
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    socket.on('data', (chunk: Buffer) => {
      if (this.closed) return; // input after close() is not delivered
      try {
        this.protocol.receive(chunk);
      } catch (err) {
        // The protocol never throws; a listener did. Log it, keep the connection.
        this.log.error({ remote: this.remote, err }, 'telnet listener threw');
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.closedReason ??= `socket error: ${err.code ?? err.message}`;
      this.ending();
    });
    // The client's FIN: it reads no more of what we write (replay picks up from here).
    socket.on('end', () => this.ending());
    socket.on('close', () => this.finalClose());
    this.protocol.start();
  }

  /** What the client reported so far (a frozen snapshot). */
  get capabilities(): TelnetCapabilities {
    return this.protocol.capabilities;
  }

  /** Resolves when the client answered the connect-time offers, or after `negotiationTimeoutMs`. */
  negotiated(): Promise<TelnetCapabilities> {
    return this.negotiatedPromise;
  }

  get closed(): boolean {
    return this.closing || this.closedReason !== undefined;
  }

  /** Output bytes waiting for the client (socket buffer plus compressor). */
  get bufferedOutputBytes(): number {
    return this.socket.writableLength + (this.compressor?.pendingBytes ?? 0);
  }

  onLine(cb: (line: string) => void): () => void {
    return subscribe(this.lineListeners, cb);
  }

  onOverlongLine(cb: (length: number, limit: number) => void): () => void {
    return subscribe(this.overlongListeners, cb);
  }

  onGmcp(cb: (pkg: string, data: unknown) => void): () => void {
    return subscribe(this.gmcpListeners, cb);
  }

  onCapabilities(cb: (caps: TelnetCapabilities) => void): () => void {
    return subscribe(this.capsListeners, cb);
  }

  /** Called once when the socket is gone, with why. */
  onClose(cb: (reason: string) => void): () => void {
    return subscribe(this.closeListeners, cb);
  }

  /**
   * Called once when the connection stops taking output — close() (quit), the
   * client's FIN, a socket error or the final close, whichever is first — which
   * can be seconds before onClose (closeTimeoutMs): the session's replay cursor
   * is taken here (engine/sessions/sessions.ts).
   */
  onEnding(cb: () => void): () => void {
    return subscribe(this.endingListeners, cb);
  }

  /** Render and send a message; its `data` also goes out as GMCP when the client wants that package. */
  send(message: OutputMessage): void {
    if (this.closed) return;
    const hasText = message.spans.length > 0 || message.data === undefined;
    if (hasText) {
      const prompt = message.kind === 'prompt';
      // A game prompt leaves the cursor on its line; whatever comes next starts
      // a line of its own, so "Bob says…" never reads "[st 500/500] > Bob says…".
      const text = (this.promptOpen ? '\r\n' : '') + renderMessage(message, { depth: this.capabilities.colourDepth, prompt });
      this.write(encodeText(text, this.protocol.encoding));
      if (prompt) this.write(this.protocol.promptMarker());
      this.promptOpen = prompt;
    }
    if (message.data && this.protocol.gmcpWanted(message.data.package)) {
      this.protocol.sendGmcp(message.data.package, message.data.value);
    }
  }

  /** A host notice as one plain line (cleaned, CR LF). */
  sendText(text: string): void {
    if (this.closed) return;
    this.write(encodeText(renderText(text), this.protocol.encoding));
  }

  /** Send GMCP `pkg value`; false (nothing sent) if GMCP was not negotiated or the name is invalid. */
  sendGmcp(pkg: string, value?: unknown): boolean {
    if (this.closed) return false;
    return this.protocol.sendGmcp(pkg, value);
  }

  /** Show a prompt: text without a line end, then IAC EOR or IAC GA so clients can tell it is one. */
  prompt(text: string): void {
    if (this.closed) return;
    this.write(encodeText(renderText(text, { prompt: true }), this.protocol.encoding));
    this.write(this.protocol.promptMarker());
  }

  /** On: ask the client to stop echoing (password entry). Off: echo again. */
  setPasswordMode(on: boolean): void {
    if (this.closed) return;
    this.protocol.setPasswordMode(on);
  }

  /** Send `reason` (if any) as a last line, then end the connection. */
  close(reason?: string): void {
    if (this.closed) return;
    if (reason !== undefined) this.sendText(reason);
    this.closing = true;
    this.closedReason = reason === undefined ? 'closed by server' : `closed by server: ${reason}`;
    this.ending();
    const timer = setTimeout(() => this.socket.destroy(), this.protocol.limits.closeTimeoutMs);
    timer.unref();
    if (this.held) return; // stopCompression's drain ends the socket
    if (this.compressor) this.compressor.finish(() => this.socket.end());
    else this.socket.end();
  }

  private write(bytes: Uint8Array): void {
    if (this.closing) return;
    if (this.socket.destroyed || this.socket.writableEnded || this.outputGone()) {
      this.ending();
      return;
    }
    this.route(bytes);
  }

  private route(bytes: Uint8Array): void {
    if (bytes.length === 0 || this.socket.destroyed) return;
    if (this.held) this.held.push(bytes);
    else if (this.compressor) this.compressor.write(bytes);
    else {
      corkForThisTick(this.socket);
      this.socket.write(bytes);
    }
    const buffered = this.bufferedOutputBytes + (this.held?.reduce((n, b) => n + b.length, 0) ?? 0);
    if (buffered > this.protocol.limits.maxOutputBufferBytes) {
      this.abort(`output buffer over limit (${buffered} bytes > ${this.protocol.limits.maxOutputBufferBytes})`, 'NET_SLOW_READER');
    }
  }

  private startCompression(): void {
    this.compressor = new Compressor(
      (chunk) => {
        if (!this.socket.destroyed) this.socket.write(chunk);
      },
      (err) => this.abort(`compression failed: ${err.message}`),
    );
  }

  private stopCompression(): void {
    const compressor = this.compressor;
    if (!compressor || this.held) return;
    this.held = [];
    compressor.finish(() => {
      this.compressor = undefined;
      const held = this.held ?? [];
      this.held = undefined;
      for (const bytes of held) this.route(bytes);
      if (this.closing) this.socket.end();
    });
  }

  /** Drop the connection now (no goodbye can be delivered to a client that does not read). */
  /** code: the catalogue's code (engine/errors.ts) when the drop has one, for log searches. */
  private abort(reason: string, code?: 'NET_SLOW_READER'): void {
    if (this.closedReason !== undefined && this.socket.destroyed) return;
    this.closedReason = reason;
    this.ending();
    this.log.warn({ remote: this.remote, reason, ...(code ? { code } : {}) }, 'telnet connection dropped');
    this.compressor?.destroy();
    this.socket.destroy();
  }

  private finalClose(): void {
    this.compressor?.destroy();
    this.compressor = undefined;
    this.resolveNegotiated();
    const reason = this.closedReason ?? 'client closed the connection';
    this.closedReason = reason;
    this.ending();
    const listeners = this.closeListeners.splice(0);
    for (const cb of listeners) this.safeCall(() => cb(reason));
  }

  private ending(): void {
    const listeners = this.endingListeners.splice(0);
    for (const cb of listeners) this.safeCall(() => cb());
  }

  private emit<A extends unknown[]>(listeners: Array<Listener<A>>, ...args: A): void {
    for (const cb of [...listeners]) this.safeCall(() => cb(...args));
  }

  private safeCall(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ remote: this.remote, err }, 'telnet listener threw');
    }
  }
}

function subscribe<T>(list: T[], cb: T): () => void {
  list.push(cb);
  return () => {
    const i = list.indexOf(cb);
    if (i >= 0) list.splice(i, 1);
  };
}
