import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Certificates made for --https are replaced this long before they expire. */
const RENEW_BEFORE_MS = 24 * 3600 * 1000;

/**
 * The development certificate kept in `dir`: the one a previous start made, while it is valid and matches its key, else
 * a new one written there. One path across restarts, so what trusts it (NODE_EXTRA_CA_CERTS, a browser) keeps working.
 */
export async function devCertificateIn(
  dir: string,
  now = new Date(),
): Promise<TlsMaterial & { certFile: string; reused: boolean }> {
  const certFile = join(dir, 'accesspackage-stub.crt.pem');
  const keyFile = join(dir, 'accesspackage-stub.key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    try {
      const kept = { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
      const x509 = new X509Certificate(kept.cert);
      if (
        Date.parse(x509.validTo) - now.getTime() > RENEW_BEFORE_MS &&
        x509.checkPrivateKey(createPrivateKey(kept.key))
      ) {
        return { ...kept, certFile, reused: true };
      }
    } catch {
      // Unreadable or not a certificate: made again below.
    }
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const made = await createDevCertificate();
    // Written aside and renamed, so a stub starting at the same moment never reads half a file.
    const write = (path: string, text: string) => {
      const aside = `${path}.${process.pid}.tmp`;
      writeFileSync(aside, text, { mode: 0o600 });
      renameSync(aside, path);
    };
    write(keyFile, made.key);
    write(certFile, made.cert);
    return { ...made, certFile, reused: false };
  } catch (err) {
    throw new Error(
      `cannot keep the development certificate in ${dir}: ${(err as Error).message}. Choose a writable directory with --cert-dir.`,
    );
  }
}
