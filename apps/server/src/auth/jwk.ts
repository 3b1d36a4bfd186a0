import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

/** A JSON Web Key Set, as an identity provider publishes it at its jwks_uri. */
export interface Jwks {
  keys: object[];
}

/** The asymmetric algorithms strict mode verifies; Entra signs access tokens with RS256. */
export type AsymmetricAlg = 'RS256' | 'ES256';

type JwkFields = Record<string, unknown>;

const fieldsOf = (jwk: object): JwkFields => jwk as JwkFields;

/** `kid "abc"` or `#2`, so a person can find the key in their file. */
export function describeJwk(jwk: object, index: number): string {
  const kid = fieldsOf(jwk).kid;
  return typeof kid === 'string' ? `key #${index} (kid "${kid}")` : `key #${index}`;
}

// Node derives the public half from a private JWK too, so a developer may point at either.
export function publicKeyOf(jwk: object): KeyObject {
  return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
}

function fitsAlg(jwk: JwkFields, alg: AsymmetricAlg): boolean {
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (jwk.alg !== undefined && jwk.alg !== alg) return false;
  return alg === 'RS256' ? jwk.kty === 'RSA' : jwk.kty === 'EC' && jwk.crv === 'P-256';
}

/**
 * The keys a token signed with `alg` may have been signed with. A matching `kid` narrows the
 * choice; an unknown or absent one falls back to every suitable key, because tools that sign
 * test tokens often leave `kid` out or get it wrong.
 */
export function candidateKeys(jwks: Jwks, alg: AsymmetricAlg, kid: unknown): object[] {
  const suitable = jwks.keys.filter((jwk) => fitsAlg(fieldsOf(jwk), alg));
  const byKid = suitable.filter((jwk) => typeof kid === 'string' && fieldsOf(jwk).kid === kid);
  return byKid.length > 0 ? byKid : suitable;
}

/**
 * Checks that `value` is a usable JWKS, throwing a plain Error that names `source` and the bad
 * key; run once at start-up so a broken key file fails loudly rather than every request failing.
 */
export function assertJwks(value: unknown, source: string): Jwks {
  const keys = value && typeof value === 'object' ? (value as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(keys)) {
    throw new Error(`${source} is not a JSON Web Key Set: expected an object like {"keys": [{"kty": "RSA", ...}]}.`);
  }
  if (keys.length === 0) throw new Error(`${source} has no keys: its "keys" array is empty.`);
  keys.forEach((jwk: unknown, index) => {
    if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) {
      throw new Error(`key #${index} in ${source} is not a JSON object.`);
    }
    const where = `${describeJwk(jwk, index)} in ${source}`;
    if (fieldsOf(jwk).kty === 'oct') {
      throw new Error(`${where} is a symmetric (oct) key; give an HS256 secret as the shared secret instead.`);
    }
    try {
      publicKeyOf(jwk);
    } catch (err) {
      throw new Error(`${where} is not a usable public key: ${(err as Error).message}`);
    }
  });
  return { keys: keys as object[] };
}
