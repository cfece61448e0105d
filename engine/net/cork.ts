/**
 * Coalescing socket writes. Delivering one group commit writes one message per
 * recipient, and a `say` in a crowded room reaches every connection there: at
 * 1,000 connections that was tens of thousands of separate socket writes (one
 * syscall each) in one synchronous burst on the gateway thread (bench/notes.md).
 * Corking a socket on its first write of the turn and uncorking it on the next
 * tick sends everything written to it meanwhile in one writev. Order is kept;
 * `end()` flushes a corked socket; output waits at most one tick.
 */
import type { Socket } from 'node:net';

const corked = new WeakSet<Socket>();

export function corkForThisTick(socket: Socket): void {
  if (corked.has(socket) || socket.destroyed) return;
  corked.add(socket);
  socket.cork();
  process.nextTick(() => {
    corked.delete(socket);
    socket.uncork();
  });
}
