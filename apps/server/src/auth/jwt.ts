import { createHmac, timingSafeEqual, verify } from 'node:crypto';
import { GRAPH_AUDIENCE } from './dev-token.js';
import { invalidToken, unauthenticated } from './failures.js';
import { type AsymmetricAlg, candidateKeys, type Jwks, publicKeyOf } from './jwk.js';

/** A compact JWT split into its parts; nothing in it has been checked yet. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `<header>.<payload>` exactly as received, which is what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

/** What signatures may be checked against. */
export interface VerificationKeys {
  hs256Secret?: string;
  jwks?: Jwks;
}

export interface ClaimChecks {
  /** Accepted `aud` values; a trailing slash on either side is ignored. */
  audience: readonly string[];
  /**
   * Required `iss`, or a list of accepted ones; `{tenantid}` in it stands for the token's own `tid`
   * (which must then be a tenant id, a GUID), as in multi-tenant Entra apps.
   */
  issuer?: string | readonly string[];
  /** The longest a token may live: `exp` at most this many seconds after `iat`, and after now. */
  maxLifetimeSeconds?: number;
  clockSkewSeconds?: number;
  now?: Date;
}

/**
 * The issuers Microsoft's identity platform writes into access tokens for a tenant (v1 and v2
 * tokens; the public, US government and China clouds). Strict mode requires one of them, for the
 * token's own `tid`, unless the stub is given another issuer.
 */
export const MICROSOFT_ISSUERS: readonly string[] = [
  'https://sts.windows.net/{tenantid}/',
  'https://login.microsoftonline.com/{tenantid}/v2.0',
  'https://login.microsoftonline.us/{tenantid}/',
  'https://login.microsoftonline.us/{tenantid}/v2.0',
  'https://sts.chinacloudapi.cn/{tenantid}/',
  'https://login.partner.microsoftonline.cn/{tenantid}/v2.0',
];

/** Entra's longest access-token lifetime: 28 hours, for clients of continuous access evaluation. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 28 * 3600;

/** The audiences Graph accepts: its application id and its resource URI. */
export const GRAPH_AUDIENCES: readonly string[] = [GRAPH_AUDIENCE, 'https://graph.microsoft.com'];

// Graph's real text for anything that is not a compact JWS, opaque MSA tokens included.
const PARSE_FAILURE = 'CompactToken parsing failed with error code: 80049217';
// Stricter than Buffer's decoder, which would silently skip stray characters and padding.
const BASE64URL = /^[A-Za-z0-9_-]*$/;

function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a compact JWT, throwing Graph's 401 parse failure when it is not one. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) {
    throw unauthenticated(PARSE_FAILURE);
  }
  if (!parts.every((part) => BASE64URL.test(part))) throw unauthenticated(PARSE_FAILURE);
  const decodedHeader = jsonObject(header);
  const decodedPayload = jsonObject(payload);
  if (!decodedHeader || !decodedPayload) throw unauthenticated(PARSE_FAILURE);
  return {
    header: decodedHeader,
    payload: decodedPayload,
    signingInput: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

function verifyHs256(decoded: DecodedJwt, secret: string | undefined): void {
  if (secret === undefined) {
    throw invalidToken('Invalid signature. The token is signed with HS256, but no shared secret is configured.');
  }
  const expected = createHmac('sha256', secret).update(decoded.signingInput).digest();
  const actual = decoded.signature;
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw invalidToken('Invalid signature. The HS256 signature does not match the configured shared secret.');
  }
}

function verifyAsymmetric(decoded: DecodedJwt, alg: AsymmetricAlg, jwks: Jwks | undefined): void {
  const kind = alg === 'RS256' ? 'RSA' : 'P-256 EC';
  const keys = jwks ? candidateKeys(jwks, alg, decoded.header.kid) : [];
  if (keys.length === 0) {
    throw invalidToken(`Invalid signature. The token is signed with ${alg}, but no ${kind} signing key is configured.`);
  }
  const data = Buffer.from(decoded.signingInput);
  const matches = keys.some((jwk) => {
    try {
      const key = publicKeyOf(jwk);
      // JWS carries ES256 signatures as raw r||s, not the DER node expects by default.
      return verify('sha256', data, alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key, decoded.signature);
    } catch {
      return false;
    }
  });
  if (!matches) {
    const kid = typeof decoded.header.kid === 'string' ? ` (kid "${decoded.header.kid}")` : '';
    throw invalidToken(
      `Invalid signature. The ${alg} signature${kid} does not match any of the ${keys.length} configured ${kind} key(s).`,
    );
  }
}

/**
 * Checks the signature with the algorithm the header names, throwing a 401 when it does not hold.
 * HS256 only ever uses the shared secret and RS256/ES256 only the JWKS, so a public key can never
 * be misused as an HMAC secret.
 */
export function verifySignature(decoded: DecodedJwt, keys: VerificationKeys): void {
  const alg = decoded.header.alg;
  if (alg === 'HS256') {
    verifyHs256(decoded, keys.hs256Secret);
  } else if (alg === 'RS256' || alg === 'ES256') {
    verifyAsymmetric(decoded, alg, keys.jwks);
  } else {
    const named = typeof alg === 'string' ? `alg "${alg}"` : 'no alg';
    throw invalidToken(`Invalid signature. The token's header has ${named}; only HS256, RS256 and ES256 are accepted.`);
  }
}

// Absurd exp/nbf values would make toISOString throw; the raw number still tells the story.
function timeOf(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? `${seconds} (seconds since 1970)` : date.toISOString();
}

const withoutTrailingSlash = (value: string) => value.replace(/\/$/, '');

function checkLifetime(payload: Record<string, unknown>, now: Date, skew: number): void {
  const nowSeconds = now.getTime() / 1000;
  const { exp, nbf } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw invalidToken('Lifetime validation failed, the token has no expiry. Add a numeric exp claim.');
  }
  if (nowSeconds > exp + skew) {
    throw invalidToken(
      `Lifetime validation failed, the token is expired. It expired at ${timeOf(exp)}; it is now ${now.toISOString()}.`,
    );
  }
  if (nbf === undefined) return;
  if (typeof nbf !== 'number' || !Number.isFinite(nbf)) {
    throw invalidToken('Lifetime validation failed, the nbf claim is not a number.');
  }
  if (nowSeconds + skew < nbf) {
    throw invalidToken(
      `Lifetime validation failed, the token is not yet valid. It becomes valid at ${timeOf(nbf)}; it is now ${now.toISOString()}.`,
    );
  }
}

function checkAudience(payload: Record<string, unknown>, accepted: readonly string[]): void {
  const { aud } = payload;
  const given = (Array.isArray(aud) ? aud : [aud]).filter((value): value is string => typeof value === 'string');
  const wanted = new Set(accepted.map(withoutTrailingSlash));
  if (given.some((value) => wanted.has(withoutTrailingSlash(value)))) return;
  const has = given.length > 0 ? `The token's aud is ${given.map((v) => `"${v}"`).join(', ')}` : 'The token has no aud';
  throw invalidToken(`Invalid audience. ${has}; expected ${accepted.map((v) => `"${v}"`).join(' or ')}.`);
}

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkIssuer(payload: Record<string, unknown>, issuer: string | readonly string[]): void {
  const templates = typeof issuer === 'string' ? [issuer] : issuer;
  const tid = typeof payload.tid === 'string' && TENANT_ID.test(payload.tid) ? payload.tid : undefined;
  // A template naming the tenant fits only a token with a tenant id: no tid, no way to fill it in.
  const expected = templates.flatMap((template) =>
    !template.includes('{tenantid}') ? [template] : tid === undefined ? [] : [template.replace('{tenantid}', tid)],
  );
  if (typeof payload.iss === 'string' && expected.includes(payload.iss)) return;
  const has =
    typeof payload.iss === 'string' ? `The token's iss is "${payload.iss.slice(0, 200)}"` : 'The token has no iss';
  const wanted =
    expected.length === 0
      ? `an issuer of its tenant, but its tid is ${typeof payload.tid === 'string' ? `"${payload.tid.slice(0, 60)}", not a tenant id` : 'missing'}`
      : expected.length === 1
        ? `"${expected[0]}"`
        : `one of ${expected.map((v) => `"${v}"`).join(', ')}`;
  throw invalidToken(`Invalid issuer. ${has}; expected ${wanted}.`);
}

function checkMaxLifetime(payload: Record<string, unknown>, now: Date, max: number, skew: number): void {
  const exp = payload.exp as number; // checkLifetime has made sure it is a finite number
  const { iat } = payload;
  const fromNow = exp - now.getTime() / 1000;
  const fromIssue = typeof iat === 'number' && Number.isFinite(iat) ? exp - iat : undefined;
  if (fromNow > max + skew || (fromIssue !== undefined && fromIssue > max)) {
    throw invalidToken(
      `Lifetime validation failed, the token lives longer than ${max} seconds: it expires at ${timeOf(exp)}. Get a token with a usual lifetime.`,
    );
  }
}

/**
 * Checks lifetime, then audience, then issuer (the order IdentityModel uses, so the first failure
 * reported matches Graph's), throwing a 401 for the first that fails.
 */
export function checkClaims(payload: Record<string, unknown>, checks: ClaimChecks): void {
  const now = checks.now ?? new Date();
  const skew = checks.clockSkewSeconds ?? 300;
  checkLifetime(payload, now, skew);
  if (checks.maxLifetimeSeconds !== undefined) checkMaxLifetime(payload, now, checks.maxLifetimeSeconds, skew);
  checkAudience(payload, checks.audience);
  if (checks.issuer !== undefined) checkIssuer(payload, checks.issuer);
}
