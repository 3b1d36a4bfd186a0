import { readFileSync } from 'node:fs';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  cert: string;
  key: string;
}

/**
 * A self-signed certificate for local HTTPS, valid for localhost, 127.0.0.1 and ::1. Microsoft's
 * Graph JS client and Kiota SDKs attach tokens only to https URLs, so they need the stub on TLS.
 * The certificate is its own CA: trust it (NODE_EXTRA_CA_CERTS=<file>) and clients verify as usual.
 */
export async function createDevCertificate(): Promise<TlsMaterial> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** Reads --cert/--key files, failing with a message that names the file. */
export function readTlsFiles(certPath: string, keyPath: string): TlsMaterial {
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read the TLS ${what} file ${path}: ${(err as Error).message}`);
    }
  };
  return { cert: read(certPath, 'certificate'), key: read(keyPath, 'private key') };
}
