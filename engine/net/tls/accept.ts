/**
 * The server side of a TLS handshake on an accepted TCP socket whose first bytes
 * this process has already read (a PROXY header, or the peek that looks for one).
 *
 * Why not `tls.createServer`: a PROXY header from HAProxy (`server … ssl send-proxy`)
 * comes in clear *before* the ClientHello (proxy-protocol.txt: "the header must be the
 * first bytes"), so the listener reads it off the TCP socket and only then starts TLS.
 * `new tls.TLSSocket(rawSocket)` takes the socket's native handle and would lose bytes
 * already read into JavaScript (the ClientHello often arrives in the same segment as the
 * header), so the socket goes through a small Duplex that hands those bytes over first.
 */
import type net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';

export type HandshakeOutcome = { readonly ok: true; readonly socket: tls.TLSSocket } | { readonly ok: false; readonly reason: string };

/**
 * Start TLS as the server on `raw`, feeding it `already` (bytes read off `raw`) first;
 * a handshake not finished within `timeoutMs` (tls.handshakeTimeoutMs) fails.
 */
export function acceptTls(raw: net.Socket, already: Buffer, context: tls.SecureContext, timeoutMs: number, done: (outcome: HandshakeOutcome) => void): void {
  const secure = new tls.TLSSocket(prepend(raw, already), { isServer: true, secureContext: context });
  let finished = false;
  const finish = (outcome: HandshakeOutcome): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    secure.off('error', onError);
    if (!outcome.ok) {
      secure.on('error', () => undefined);
      secure.destroy();
      raw.destroy();
    }
    done(outcome);
  };
  const onError = (err: NodeJS.ErrnoException): void => finish({ ok: false, reason: err.code ?? err.message });
  const timer = setTimeout(() => finish({ ok: false, reason: `no handshake within ${timeoutMs} ms` }), timeoutMs);
  timer.unref();
  secure.once('secure', () => finish({ ok: true, socket: secure }));
  secure.on('error', onError);
}

/** `raw` as a Duplex whose readable side yields `first` and then whatever `raw` reads. */
function prepend(raw: net.Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      raw.write(chunk, callback);
    },
    final(callback) {
      raw.end();
      callback();
    },
    destroy(err, callback) {
      raw.destroy();
      callback(err);
    },
  });
  if (first.length > 0) duplex.push(first);
  raw.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) raw.pause();
  });
  raw.on('end', () => duplex.push(null));
  raw.on('close', () => duplex.destroy());
  return duplex;
}
