import { generateKeyPairSync } from 'node:crypto';
import type { GraphHttpError } from '../graph/http-error.js';
import { thrownGraphError } from '../testing/thrown.js';
import { createDevToken, DEV_TOKEN_SECRET, GRAPH_AUDIENCE } from './dev-token.js';
import { WWW_AUTHENTICATE } from './failures.js';
import {
  type ClaimChecks,
  checkClaims,
  decodeJwt,
  GRAPH_AUDIENCES,
  MICROSOFT_ISSUERS,
  verifySignature,
} from './jwt.js';
import { signJwt } from './sign.js';

function expect401(fn: () => unknown, message: string | RegExp): GraphHttpError {
  const err = thrownGraphError(fn);
  expect(err.status).toBe(401);
  expect(err.code).toBe('InvalidAuthenticationToken');
  expect(err.headers).toEqual({ 'WWW-Authenticate': WWW_AUTHENTICATE });
  expect(err.message).toMatch(message);
  return err;
}

const PARSE_FAILURE = 'CompactToken parsing failed with error code: 80049217';
const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('decodeJwt', () => {
  it('splits a JWT into header, payload, signing input and signature', () => {
    const token = createDevToken({ upn: 'megan@contoso.com' });
    const decoded = decodeJwt(token);
    expect(decoded.header).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(decoded.payload).toMatchObject({ upn: 'megan@contoso.com', aud: GRAPH_AUDIENCE });
    expect(decoded.signingInput).toBe(token.split('.').slice(0, 2).join('.'));
    expect(decoded.signature).toHaveLength(32);
  });

  it('accepts an unsigned token (empty signature), leaving the verdict to verifySignature', () => {
    const decoded = decodeJwt(`${b64({ alg: 'none' })}.${b64({ upn: 'a' })}.`);
    expect(decoded.signature).toHaveLength(0);
  });

  it.each([
    ['an opaque string', 'dev'],
    ['two parts', `${b64({ alg: 'HS256' })}.${b64({})}`],
    ['four parts', `${b64({ alg: 'HS256' })}.${b64({})}.sig.extra`],
    ['five parts (an encrypted JWE)', 'a.b.c.d.e'],
    ['a header that is not JSON', `${b64('not json')}.${b64({})}.sig`],
    ['a payload that is not JSON', `${b64({ alg: 'HS256' })}.${b64('{oops')}.sig`],
    ['a payload that is a JSON array', `${b64({ alg: 'HS256' })}.${b64([1])}.sig`],
    ['a payload that is JSON null', `${b64({ alg: 'HS256' })}.${b64('null')}.sig`],
    ['an empty header', `.${b64({})}.sig`],
    ['characters outside base64url', `${b64({ alg: 'HS256' })}.${b64({})}.sig+/=`],
  ])('refuses %s with Graph’s parse failure', (_, token) => {
    expect401(() => decodeJwt(token), new RegExp(`^${PARSE_FAILURE}$`));
  });

  it('refuses padded base64, which JWTs never use', () => {
    const padded = Buffer.from('{"alg":"HS256","ab":1}').toString('base64');
    expect(padded).toMatch(/=$/);
    expect401(() => decodeJwt(`${padded}.${b64({})}.sig`), PARSE_FAILURE);
  });
});

describe('verifySignature with HS256', () => {
  it('accepts a token signed with the shared secret', () => {
    expect(() => verifySignature(decodeJwt(createDevToken()), { hs256Secret: DEV_TOKEN_SECRET })).not.toThrow();
  });

  it('refuses a token signed with another secret', () => {
    const token = createDevToken({ secret: 'someone-else' });
    expect401(
      () => verifySignature(decodeJwt(token), { hs256Secret: DEV_TOKEN_SECRET }),
      /^Access token validation failure\. Invalid signature\. The HS256 signature does not match/,
    );
  });

  it('refuses a token whose payload was changed after signing', () => {
    const [header, , signature] = createDevToken().split('.');
    const forged = `${header}.${b64({ upn: 'admin@contoso.com', scp: 'EntitlementManagement.ReadWrite.All' })}.${signature}`;
    expect401(() => verifySignature(decodeJwt(forged), { hs256Secret: DEV_TOKEN_SECRET }), /does not match/);
  });

  it('refuses a truncated signature', () => {
    const token = createDevToken().slice(0, -4);
    expect401(() => verifySignature(decodeJwt(token), { hs256Secret: DEV_TOKEN_SECRET }), /does not match/);
  });

  it('refuses an HS256 token when only a JWKS is configured, so a public key is never used as a secret', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwks = { keys: [publicKey.export({ format: 'jwk' })] };
    expect401(() => verifySignature(decodeJwt(createDevToken()), { jwks }), /no shared secret is configured/);
  });
});

describe('verifySignature with a JWKS', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwks = {
    keys: [
      { ...otherRsa.publicKey.export({ format: 'jwk' }), kid: 'other', use: 'sig' },
      { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', use: 'sig', alg: 'RS256' },
      { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1' },
    ],
  };
  const payload = { aud: GRAPH_AUDIENCE, upn: 'megan@contoso.com' };

  it('accepts RS256 signed by the key the kid names', () => {
    const token = signJwt(payload, { privateKey: rsa.privateKey, kid: 'rsa-1', alg: 'RS256' });
    expect(() => verifySignature(decodeJwt(token), { jwks })).not.toThrow();
  });

  it('tries every RSA key when the token has no kid', () => {
    const token = signJwt(payload, { privateKey: rsa.privateKey, alg: 'RS256' });
    expect(decodeJwt(token).header.kid).toBeUndefined();
    expect(() => verifySignature(decodeJwt(token), { jwks })).not.toThrow();
  });

  it('falls back to every RSA key when the kid is unknown', () => {
    const token = signJwt(payload, { privateKey: rsa.privateKey, kid: 'rotated-away', alg: 'RS256' });
    expect(() => verifySignature(decodeJwt(token), { jwks })).not.toThrow();
  });

  it('refuses RS256 whose kid names a different key than the one that signed it', () => {
    const token = signJwt(payload, { privateKey: rsa.privateKey, kid: 'other', alg: 'RS256' });
    expect401(
      () => verifySignature(decodeJwt(token), { jwks }),
      'Invalid signature. The RS256 signature (kid "other") does not match any of the 1 configured RSA key(s).',
    );
  });

  it('refuses RS256 signed by a key that is not in the JWKS', () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = signJwt(payload, { privateKey: stranger.privateKey, alg: 'RS256' });
    expect401(() => verifySignature(decodeJwt(token), { jwks }), /does not match any of the 2 configured RSA key\(s\)/);
  });

  it('accepts ES256 (P-256, raw r||s signature)', () => {
    const token = signJwt(payload, { privateKey: ec.privateKey, kid: 'ec-1', alg: 'ES256' });
    expect(decodeJwt(token).signature).toHaveLength(64);
    expect(() => verifySignature(decodeJwt(token), { jwks })).not.toThrow();
  });

  it('refuses RS256 when the JWKS holds no RSA key, or no JWKS is configured', () => {
    const token = signJwt(payload, { privateKey: rsa.privateKey, alg: 'RS256' });
    const ecOnly = { keys: [ec.publicKey.export({ format: 'jwk' })] };
    expect401(() => verifySignature(decodeJwt(token), { jwks: ecOnly }), /signed with RS256, but no RSA signing key/);
    expect401(() => verifySignature(decodeJwt(token), { hs256Secret: 'x' }), /no RSA signing key is configured/);
  });

  it('skips keys marked for encryption or another algorithm', () => {
    const token = signJwt(payload, { privateKey: rsa.privateKey, alg: 'RS256' });
    const rsaJwk = rsa.publicKey.export({ format: 'jwk' });
    expect401(() => verifySignature(decodeJwt(token), { jwks: { keys: [{ ...rsaJwk, use: 'enc' }] } }), /no RSA/);
    expect401(() => verifySignature(decodeJwt(token), { jwks: { keys: [{ ...rsaJwk, alg: 'PS256' }] } }), /no RSA/);
  });

  it('refuses alg none and algorithms it does not support', () => {
    const none = `${b64({ alg: 'none' })}.${b64(payload)}.`;
    expect401(() => verifySignature(decodeJwt(none), { jwks, hs256Secret: 's' }), /header has alg "none"; only HS256/);
    const ps = `${b64({ alg: 'PS256' })}.${b64(payload)}.c2ln`;
    expect401(() => verifySignature(decodeJwt(ps), { jwks }), /alg "PS256"/);
    const missing = `${b64({ typ: 'JWT' })}.${b64(payload)}.c2ln`;
    expect401(() => verifySignature(decodeJwt(missing), { jwks }), /header has no alg/);
  });
});

describe('checkClaims', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  const t = now.getTime() / 1000;
  const valid = { aud: GRAPH_AUDIENCE, iat: t - 60, nbf: t - 60, exp: t + 3600 };
  const check = (payload: Record<string, unknown>, extra: Omit<ClaimChecks, 'audience'> = {}) =>
    checkClaims(payload, { audience: GRAPH_AUDIENCES, now, ...extra });

  it('accepts a token inside its lifetime for Graph', () => {
    expect(() => check(valid)).not.toThrow();
  });

  it('refuses an expired token beyond the default 5 minutes of clock skew', () => {
    expect(() => check({ ...valid, exp: t - 300 })).not.toThrow();
    expect401(
      () => check({ ...valid, exp: t - 301 }),
      'Access token validation failure. Lifetime validation failed, the token is expired. It expired at 2024-05-01T11:54:59.000Z; it is now 2024-05-01T12:00:00.000Z.',
    );
  });

  it('refuses a token that is not valid yet, beyond the clock skew', () => {
    expect(() => check({ ...valid, nbf: t + 300 })).not.toThrow();
    expect401(
      () => check({ ...valid, nbf: t + 301 }),
      /^Access token validation failure\. Lifetime validation failed, the token is not yet valid\. It becomes valid at 2024-05-01T12:05:01\.000Z/,
    );
  });

  it('honours another clock skew', () => {
    expect401(() => check({ ...valid, exp: t - 1 }, { clockSkewSeconds: 0 }), /the token is expired/);
    expect(() => check({ ...valid, exp: t - 1000 }, { clockSkewSeconds: 3600 })).not.toThrow();
  });

  it('refuses a token without a numeric exp, or with a non-numeric nbf', () => {
    const { exp: _, ...noExp } = valid;
    expect401(() => check(noExp), /the token has no expiry/);
    expect401(() => check({ ...valid, exp: '2030-01-01' }), /the token has no expiry/);
    expect401(() => check({ ...valid, nbf: 'soon' }), /nbf claim is not a number/);
  });

  it('accepts a token without nbf', () => {
    const { nbf: _, ...noNbf } = valid;
    expect(() => check(noNbf)).not.toThrow();
  });

  it('reports absurd exp values without crashing', () => {
    expect401(() => check({ ...valid, exp: -1e20 }), /expired at -100000000000000000000 \(seconds since 1970\)/);
  });

  it.each([
    GRAPH_AUDIENCE,
    'https://graph.microsoft.com',
    'https://graph.microsoft.com/',
    [GRAPH_AUDIENCE],
    ['api://something-else', 'https://graph.microsoft.com/'],
  ])('accepts the audience %j', (aud) => {
    expect(() => check({ ...valid, aud })).not.toThrow();
  });

  it.each([
    ['api://my-api', 'The token\'s aud is "api://my-api"'],
    ['https://graph.microsoft.us', 'The token\'s aud is "https://graph.microsoft.us"'],
    ['https://graph.microsoft.com/beta', 'The token\'s aud is "https://graph.microsoft.com/beta"'],
    [undefined, 'The token has no aud'],
    [[], 'The token has no aud'],
  ])('refuses the audience %j', (aud, says) => {
    const err = expect401(() => check({ ...valid, aud }), /^Access token validation failure\. Invalid audience\. /);
    expect(err.message).toContain(says);
    expect(err.message).toContain(`expected "${GRAPH_AUDIENCE}" or "https://graph.microsoft.com"`);
  });

  it('accepts a configured audience with a trailing slash when the token has none', () => {
    expect(() => checkClaims({ ...valid, aud: 'api://x' }, { audience: ['api://x/'], now })).not.toThrow();
  });

  it('checks the issuer only when one is configured', () => {
    const iss = 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/';
    expect(() => check({ ...valid, iss: 'anything' })).not.toThrow();
    expect(() => check({ ...valid, iss }, { issuer: iss })).not.toThrow();
    expect401(
      () => check({ ...valid, iss: 'https://evil.example/' }, { issuer: iss }),
      `Access token validation failure. Invalid issuer. The token's iss is "https://evil.example/"; expected "${iss}".`,
    );
    expect401(() => check(valid, { issuer: iss }), /Invalid issuer\. The token has no iss;/);
  });

  it('fills {tenantid} in the issuer from the token’s tid', () => {
    const issuer = 'https://login.microsoftonline.com/{tenantid}/v2.0';
    const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const iss = `https://login.microsoftonline.com/${tid}/v2.0`;
    expect(() => check({ ...valid, tid, iss }, { issuer })).not.toThrow();
    expect401(
      () => check({ ...valid, tid: '00000000-0000-4000-8000-000000000000', iss }, { issuer }),
      /expected "https:\/\/login.microsoftonline.com\/00000000-0000-4000-8000-000000000000\/v2.0"/,
    );
    // Issue 11: only a tenant id fills {tenantid}, so a tid cannot write a path of its own into the issuer.
    expect401(
      () =>
        check(
          { ...valid, tid: `${tid}/v2.0/..`, iss: `https://login.microsoftonline.com/${tid}/v2.0/../v2.0` },
          { issuer },
        ),
      /expected an issuer of its tenant, but its tid is ".*", not a tenant id/,
    );
  });

  it('accepts any of several issuers, e.g. Microsoft’s for the token’s tenant', () => {
    const tid = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    for (const iss of [`https://sts.windows.net/${tid}/`, `https://login.microsoftonline.com/${tid}/v2.0`])
      expect(() => check({ ...valid, tid, iss }, { issuer: MICROSOFT_ISSUERS })).not.toThrow();
    for (const iss of [
      'https://evil.example/',
      `https://sts.windows.net/${tid}`,
      `https://sts.windows.net.evil/${tid}/`,
    ])
      expect401(
        () => check({ ...valid, tid, iss }, { issuer: MICROSOFT_ISSUERS }),
        /Invalid issuer\..*expected one of/,
      );
    expect401(
      () => check({ ...valid, iss: `https://sts.windows.net/${tid}/` }, { issuer: MICROSOFT_ISSUERS }),
      /its tid is missing/,
    );
  });

  it('refuses a token that lives longer than the maximum, from now or from iat', () => {
    expect(() => check({ ...valid, exp: t + 3540 }, { maxLifetimeSeconds: 3600 })).not.toThrow();
    expect401(
      () => check({ ...valid, exp: t + 100 * 365 * 86400 }, { maxLifetimeSeconds: 86400 }),
      /lives longer than 86400 seconds/,
    );
    expect401(() => check({ ...valid, iat: t - 7200, exp: t + 3600 }, { maxLifetimeSeconds: 7200 }), /lives longer/);
    expect401(() => check({ ...valid, exp: 95617584000 }, { maxLifetimeSeconds: 100800 }), /lives longer/);
  });

  it('reports lifetime before audience, as Graph does', () => {
    expect401(() => check({ ...valid, exp: t - 1000, aud: 'api://x' }), /expired/);
  });
});
