import { createHmac, createPrivateKey, type KeyObject, sign } from 'node:crypto';

export type SignOptions =
  | { hs256Secret: string }
  | {
      /** A private KeyObject or PEM string matching `alg`. */
      privateKey: KeyObject | string;
      /** Written into the header so strict mode picks this key out of a JWKS. */
      kid?: string;
      alg: 'RS256' | 'ES256';
    };

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs `payload` exactly as given (no claims are added), for tests and the `token` command.
 * The result only ever convinces this stub, never real Graph.
 */
export function signJwt(payload: Record<string, unknown>, options: SignOptions): string {
  if ('hs256Secret' in options) {
    const signingInput = `${encode({ typ: 'JWT', alg: 'HS256' })}.${encode(payload)}`;
    return `${signingInput}.${createHmac('sha256', options.hs256Secret).update(signingInput).digest('base64url')}`;
  }
  const header = { typ: 'JWT', alg: options.alg, ...(options.kid === undefined ? {} : { kid: options.kid }) };
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const key = typeof options.privateKey === 'string' ? createPrivateKey(options.privateKey) : options.privateKey;
  // JWS wants ES256 signatures as raw r||s rather than node's default DER.
  const signature = sign('sha256', Buffer.from(signingInput), {
    key,
    dsaEncoding: options.alg === 'ES256' ? 'ieee-p1363' : 'der',
  });
  return `${signingInput}.${signature.toString('base64url')}`;
}
