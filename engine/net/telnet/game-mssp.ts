/**
 * What the gateway adds to MSSP (engine/net/telnet/server.ts has the listener's
 * own: UPTIME, CODEBASE, PORT, the protocol flags): the operator's `server.mssp`
 * block, the game's NAME, PLAYERS in the game (not sockets at the login screen),
 * and SSL, the telnet-over-TLS port (0 when there is none), as the spec asks —
 * the same on every telnet stream, plain, TLS or over WebSocket.
 */
import type { Config } from '../../config/defaults.ts';
import type { MsspVariables } from './mssp.ts';

export function gatewayMssp(config: Pick<Config, 'server'>, players: number, tlsTelnetPort: number | null): MsspVariables {
  return {
    ...config.server.mssp,
    NAME: config.server.mssp['NAME'] ?? config.server.name,
    PLAYERS: players,
    SSL: tlsTelnetPort ?? 0,
  };
}
