/**
 * MCCP2 output side: once started, every byte goes through one zlib deflate stream
 * (RFC 1950 format, as MCCP2 requires), flushed with Z_SYNC_FLUSH at the end of each
 * event-loop turn so the client sees output promptly. `finish()` ends the stream
 * (Z_FINISH), after which the client reads plain bytes again.
 */
import zlib from 'node:zlib';

export class Compressor {
  private readonly deflate: zlib.Deflate;
  private flushScheduled = false;
  private ended = false;

  constructor(onData: (chunk: Uint8Array) => void, onError: (err: Error) => void) {
    // Level 6 (zlib default) compresses MUD text about 5:1; a 32 KiB window and memLevel 8
    // cost ~256 KiB per compressing connection: the client's inflater needs the full window.
    this.deflate = zlib.createDeflate({ level: 6 });
    this.deflate.on('data', onData);
    this.deflate.on('error', onError);
  }

  /** Bytes given to the deflate stream or compressed but not yet handed on. */
  get pendingBytes(): number {
    return this.deflate.writableLength + this.deflate.readableLength;
  }

  write(bytes: Uint8Array): void {
    if (this.ended) return;
    this.deflate.write(bytes);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        if (!this.ended) this.deflate.flush(zlib.constants.Z_SYNC_FLUSH);
      });
    }
  }

  /** End the compressed stream; `done` runs after its last byte was handed on. */
  finish(done: () => void): void {
    if (this.ended) return;
    this.ended = true;
    this.deflate.once('end', done);
    this.deflate.end();
  }

  destroy(): void {
    this.ended = true;
    this.deflate.destroy();
  }
}
