/**
 * The certificate and key of the TLS listeners (tls.certFile, tls.keyFile), read
 * at start and again on SIGHUP. A file that cannot be read, is not PEM, or a key
 * that does not match the certificate is NET_TLS_CONFIG: at start the server does
 * not start; on a reload the running certificate stays and the error is logged.
 */
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { MyriadError } from '../../errors.ts';

export interface Pem {
  readonly cert: Buffer;
  readonly key: Buffer;
}

export function loadCertificate(certFile: string, keyFile: string, listener: string): Pem {
  if (!certFile || !keyFile) throw new MyriadError('NET_TLS_CONFIG', { listener, reason: 'tls.certFile and tls.keyFile must both be set' });
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(certFile);
    key = readFileSync(keyFile);
  } catch (e) {
    throw new MyriadError('NET_TLS_CONFIG', { listener, reason: (e as Error).message });
  }
  try {
    // Builds the context OpenSSL would use: refuses non-PEM input and a key that is not the certificate's.
    tls.createSecureContext({ cert, key });
  } catch (e) {
    throw new MyriadError('NET_TLS_CONFIG', { listener, reason: `${certFile} / ${keyFile}: ${(e as Error).message}` });
  }
  return { cert, key };
}
