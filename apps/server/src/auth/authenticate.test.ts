import { generateKeyPairSync } from 'node:crypto';
import { GraphHttpError } from '../graph/http-error.js';
import { thrownGraphError } from '../testing/thrown.js';
import { createAuthenticator } from './authenticate.js';
import { createDevToken, DEV_TOKEN_SECRET, GRAPH_AUDIENCE } from './dev-token.js';
import { WWW_AUTHENTICATE } from './failures.js';
import { READ, READ_WRITE } from './permissions.js';
import { signJwt } from './sign.js';

function expect401(fn: () => unknown, message: string | RegExp): void {
  const err = thrownGraphError(fn);
  expect([err.status, err.code]).toEqual([401, 'InvalidAuthenticationToken']);
  expect(err.headers['WWW-Authenticate']).toBe(WWW_AUTHENTICATE);
  expect(err.message).toMatch(message);
}

const NOW = new Date('2024-05-01T12:00:00Z');
const T = NOW.getTime() / 1000;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
// Strict mode requires a Microsoft issuer for the token's own tenant, as Entra writes them (issue 11).
const graphClaims = {
  aud: GRAPH_AUDIENCE,
  iss: `https://sts.windows.net/${TENANT}/`,
  tid: TENANT,
  nbf: T - 60,
  exp: T + 3600,
  upn: 'megan@contoso.com',
  scp: READ_WRITE,
};
const bearer = (token: string) => `Bearer ${token}`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(['claims', 'strict'] as const)('%s mode refuses a missing token', (mode) => {
  const authenticate = createAuthenticator({ mode, hs256Secret: DEV_TOKEN_SECRET });

  it.each([
    ['no Authorization header', undefined],
    ['an empty header', ''],
    ['a bare Bearer', 'Bearer'],
    ['Bearer and spaces', 'Bearer    '],
    ['another scheme', 'Basic bWVnYW46cGFzc3dvcmQ='],
  ])('%s → Access token is empty.', (_, header) => {
    expect401(() => authenticate(header), /^Access token is empty\.$/);
  });

  it('refuses a token that is not a JWT with Graph’s parse failure', () => {
    expect401(() => authenticate('Bearer dev'), /^CompactToken parsing failed with error code: 80049217$/);
  });
});

describe('claims mode', () => {
  const authenticate = createAuthenticator({ mode: 'claims' });

  it('is the default', () => {
    expect(createAuthenticator().mode).toBe('claims');
  });

  it('reads a delegated caller without checking signature, lifetime or audience', () => {
    const token = signJwt({ ...graphClaims, exp: 1, aud: 'api://other' }, { hs256Secret: 'not-the-stubs' });
    const caller = authenticate(bearer(token));
    expect(caller).toEqual({
      kind: 'delegated',
      name: 'megan@contoso.com',
      permissions: [READ_WRITE],
      claims: expect.objectContaining({ upn: 'megan@contoso.com' }),
    });
  });

  it('accepts an unsigned token, as Dev Proxy does', () => {
    const caller = authenticate(`Bearer ${b64({ alg: 'none' })}.${b64({ upn: 'a@b.c', scp: READ })}.`);
    expect(caller.name).toBe('a@b.c');
  });

  it('accepts the scheme in any case and trims the token', () => {
    expect(authenticate(`bearer   ${createDevToken()}  `).kind).toBe('delegated');
  });

  it('splits scp on any whitespace', () => {
    const token = createDevToken({ claims: { scp: ` User.Read  ${READ}\tOpenId ` } });
    expect(authenticate(bearer(token)).permissions).toEqual(['User.Read', READ, 'OpenId']);
  });

  it('reads an application caller from roles', () => {
    const token = signJwt(
      { appid: 'app-id', app_displayname: 'Contoso HR sync', roles: [READ, 42] },
      { hs256Secret: 's' },
    );
    expect(authenticate(bearer(token))).toMatchObject({
      kind: 'application',
      name: 'Contoso HR sync',
      permissions: [READ],
    });
  });

  it('treats idtyp app without roles as an application with no permissions', () => {
    const token = signJwt({ appid: 'app-id', idtyp: 'app' }, { hs256Secret: 's' });
    expect(authenticate(bearer(token))).toMatchObject({ kind: 'application', name: 'app-id', permissions: [] });
  });

  it.each([
    ['idtyp app with scp and roles', { idtyp: 'app', scp: READ_WRITE, roles: [READ] }, [READ]],
    ['idtyp App, in another case, with scp only', { idtyp: 'App', scp: READ_WRITE }, []],
    ['roles without scp, whatever idtyp says', { idtyp: 'user', roles: [READ_WRITE] }, [READ_WRITE]],
  ])('reads %s as an application, whatever else the token carries', (_what, claims, permissions) => {
    const token = signJwt({ appid: 'app-id', ...claims }, { hs256Secret: 's' });
    expect(authenticate(bearer(token))).toMatchObject({ kind: 'application', permissions });
  });

  it('treats a token with scp and roles as delegated, taking permissions from scp only', () => {
    const token = signJwt({ upn: 'u@c.com', scp: READ, roles: [READ_WRITE] }, { hs256Secret: 's' });
    expect(authenticate(bearer(token))).toMatchObject({ kind: 'delegated', permissions: [READ] });
  });

  it('treats a token with neither scp nor roles as delegated with no permissions', () => {
    const token = signJwt({ upn: 'u@c.com' }, { hs256Secret: 's' });
    expect(authenticate(bearer(token))).toMatchObject({ kind: 'delegated', permissions: [] });
  });

  it('does not refuse consumer or app tokens itself; that is authorize’s 403', () => {
    const token = createDevToken({ claims: { tid: '9188040d-6c67-4c5b-b112-36a304b66dad' } });
    expect(authenticate(bearer(token)).kind).toBe('delegated');
  });
});

describe('name resolution', () => {
  const authenticate = createAuthenticator({ mode: 'claims' });
  const nameOf = (claims: Record<string, unknown>) => authenticate(bearer(signJwt(claims, { hs256Secret: 's' }))).name;
  const all = {
    upn: 'upn@c.com',
    preferred_username: 'preferred@c.com',
    unique_name: 'unique@c.com',
    app_displayname: 'App Name',
    appid: '11111111-2222-3333-4444-555555555555',
  };

  it('prefers upn, then preferred_username, unique_name, app_displayname, appid', () => {
    expect(nameOf(all)).toBe('upn@c.com');
    const { upn: _u, ...noUpn } = all;
    expect(nameOf(noUpn)).toBe('preferred@c.com');
    const { preferred_username: _p, ...noPreferred } = noUpn;
    expect(nameOf(noPreferred)).toBe('unique@c.com');
    const { unique_name: _n, ...appOnly } = noPreferred;
    expect(nameOf(appOnly)).toBe('App Name');
    expect(nameOf({ appid: all.appid })).toBe(all.appid);
  });

  it('skips empty and non-string values, and falls back to unknown', () => {
    expect(nameOf({ upn: '', preferred_username: 42, unique_name: 'unique@c.com' })).toBe('unique@c.com');
    expect(nameOf({ scp: READ })).toBe('unknown');
  });
});

describe('strict mode with HS256', () => {
  const authenticate = createAuthenticator({ mode: 'strict', hs256Secret: DEV_TOKEN_SECRET, now: () => NOW });
  const token = (claims: Record<string, unknown> = {}, secret = DEV_TOKEN_SECRET) =>
    bearer(signJwt({ ...graphClaims, ...claims }, { hs256Secret: secret }));

  it('accepts a valid token', () => {
    expect(authenticate(token())).toMatchObject({ kind: 'delegated', name: 'megan@contoso.com' });
  });

  it('accepts createDevToken’s tokens on a real clock', () => {
    const real = createAuthenticator({ mode: 'strict', hs256Secret: DEV_TOKEN_SECRET });
    expect(real(bearer(createDevToken())).permissions).toEqual([READ_WRITE]);
  });

  it('refuses a bad signature', () => {
    expect401(() => authenticate(token({}, 'wrong')), /^Access token validation failure\. Invalid signature\./);
  });

  it('refuses an expired token and one not valid yet', () => {
    expect401(() => authenticate(token({ exp: T - 301 })), /Lifetime validation failed, the token is expired\./);
    expect(authenticate(token({ exp: T - 299 })).kind).toBe('delegated');
    expect401(() => authenticate(token({ nbf: T + 301 })), /the token is not yet valid/);
  });

  it('refuses a token for another audience', () => {
    expect401(
      () => authenticate(token({ aud: 'api://mine' })),
      /^Access token validation failure\. Invalid audience\./,
    );
    expect(authenticate(token({ aud: 'https://graph.microsoft.com/' })).kind).toBe('delegated');
  });

  it('checks the signature before the claims', () => {
    expect401(() => authenticate(token({ aud: 'api://mine' }, 'wrong')), /Invalid signature/);
  });

  it('refuses an unsigned token', () => {
    const unsigned = `Bearer ${b64({ alg: 'none' })}.${b64(graphClaims)}.`;
    expect401(() => authenticate(unsigned), /alg "none"/);
  });

  it('requires a Microsoft issuer for the token’s own tenant by default', () => {
    expect(authenticate(token({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0` })).kind).toBe('delegated');
    expect401(() => authenticate(token({ iss: 'https://evil.example/' })), /Invalid issuer/);
    expect401(() => authenticate(token({ tid: '00000000-0000-4000-8000-000000000000' })), /Invalid issuer/);
    const { iss: _iss, ...noIssuer } = graphClaims;
    expect401(() => authenticate(bearer(signJwt(noIssuer, { hs256Secret: DEV_TOKEN_SECRET }))), /The token has no iss/);
  });

  it('refuses a token that lives longer than 28 hours, or than the configured maximum', () => {
    expect(authenticate(token({ exp: T + 27 * 3600 })).kind).toBe('delegated');
    expect401(() => authenticate(token({ exp: T + 100 * 365 * 86400 })), /lives longer than 100800 seconds/);
    expect401(() => authenticate(token({ exp: 95617584000 })), /lives longer/);
    const short = createAuthenticator({
      mode: 'strict',
      hs256Secret: DEV_TOKEN_SECRET,
      maxTokenLifetimeSeconds: 600,
      now: () => NOW,
    });
    expect401(() => short(token()), /lives longer than 600 seconds/);
    expect(short(token({ exp: T + 300 })).kind).toBe('delegated');
  });

  it('checks the issuer when one is configured', () => {
    const iss = 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/';
    const withIssuer = createAuthenticator({
      mode: 'strict',
      hs256Secret: DEV_TOKEN_SECRET,
      issuer: iss,
      now: () => NOW,
    });
    expect(withIssuer(token({ iss })).kind).toBe('delegated');
    expect401(() => withIssuer(token({ iss: 'https://elsewhere/' })), /Invalid issuer/);
  });

  it('reads a token once: every request with it gets the same caller, frozen so that none can change it', () => {
    const header = token({ upn: 'kept@contoso.com' });
    const first = authenticate(header);
    expect(authenticate(header)).toBe(first);
    expect([first, first.claims, first.permissions].every((part) => Object.isFrozen(part))).toBe(true);
  });

  it('refuses a bad signature on every request, not only the first', () => {
    const header = token({}, 'wrong');
    for (let i = 0; i < 3; i++) expect401(() => authenticate(header), /Invalid signature/);
  });

  it('reads the clock on every call', () => {
    let now = NOW;
    const ticking = createAuthenticator({ mode: 'strict', hs256Secret: DEV_TOKEN_SECRET, now: () => now });
    const header = token();
    expect(ticking(header).kind).toBe('delegated');
    now = new Date((T + 3600 + 301) * 1000);
    expect401(() => ticking(header), /expired/);
  });
});

describe('strict mode with a JWKS', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1' }] };
  const authenticate = createAuthenticator({ mode: 'strict', jwks, now: () => NOW });

  it('accepts RS256 signed by a key in the set', () => {
    const token = signJwt(graphClaims, { privateKey, kid: 'k1', alg: 'RS256' });
    expect(authenticate(bearer(token)).name).toBe('megan@contoso.com');
  });

  it('refuses HS256 tokens when only a JWKS is configured', () => {
    expect401(() => authenticate(bearer(signJwt(graphClaims, { hs256Secret: 'x' }))), /no shared secret is configured/);
  });

  it('accepts both kinds when both are configured', () => {
    const both = createAuthenticator({ mode: 'strict', jwks, hs256Secret: 'x', now: () => NOW });
    expect(both(bearer(signJwt(graphClaims, { hs256Secret: 'x' }))).kind).toBe('delegated');
    expect(both(bearer(signJwt(graphClaims, { privateKey, alg: 'RS256' }))).kind).toBe('delegated');
  });
});

describe('createAuthenticator configuration errors', () => {
  it('needs a key in strict mode', () => {
    expect(() => createAuthenticator({ mode: 'strict' })).toThrow(
      'Strict authentication needs a key to check token signatures: configure an HS256 shared secret, a JWKS, or both.',
    );
    expect(() => createAuthenticator({ mode: 'strict' })).not.toThrow(GraphHttpError);
  });

  it('refuses an empty secret, and a JWKS that is not usable', () => {
    expect(() => createAuthenticator({ mode: 'strict', hs256Secret: '' })).toThrow(/shared secret .* is empty/);
    expect(() => createAuthenticator({ mode: 'strict', jwks: { keys: [] } })).toThrow(/has no keys/);
    expect(() => createAuthenticator({ mode: 'strict', jwks: { keys: [{ kty: 'RSA', kid: 'k', n: 'x' }] } })).toThrow(
      /key #0 \(kid "k"\) in The JWKS for strict authentication is not a usable public key/,
    );
  });

  it('refuses an unknown mode, as the CLI may pass one through', () => {
    expect(() => createAuthenticator({ mode: 'lenient' as never })).toThrow(
      'Unknown authentication mode "lenient"; use one of claims, strict, off.',
    );
  });

  it('ignores keys outside strict mode', () => {
    expect(() => createAuthenticator({ mode: 'claims', hs256Secret: '' })).not.toThrow();
  });
});

describe('off mode', () => {
  const authenticate = createAuthenticator({ mode: 'off' });

  it('lets a request without a token in as anonymous with both permissions', () => {
    expect(authenticate(undefined)).toEqual({
      kind: 'anonymous',
      name: 'anonymous',
      permissions: [READ, READ_WRITE],
      claims: {},
    });
    expect(authenticate('Bearer').name).toBe('anonymous');
  });

  it('names the caller from a token that decodes, without checking it', () => {
    const token = signJwt({ upn: 'megan@contoso.com', exp: 1, scp: 'User.Read' }, { hs256Secret: 'whatever' });
    expect(authenticate(bearer(token))).toMatchObject({
      kind: 'anonymous',
      name: 'megan@contoso.com',
      permissions: [READ, READ_WRITE],
    });
  });

  it('ignores a token that is not a JWT, or names no one', () => {
    expect(authenticate('Bearer dev')).toMatchObject({ name: 'anonymous', claims: {} });
    expect(authenticate(bearer(signJwt({ scp: READ }, { hs256Secret: 's' }))).name).toBe('anonymous');
  });

  it('lets the anonymous caller do anything', () => {
    const caller = authenticate(undefined);
    expect(() => authenticate.authorize(caller, 'write')).not.toThrow();
  });
});

describe('Authenticator.authorize', () => {
  const appToken = bearer(signJwt({ app_displayname: 'HR sync', roles: [READ_WRITE] }, { hs256Secret: 's' }));

  it('applies the authenticator’s allowAppTokens', () => {
    const refusing = createAuthenticator({ mode: 'claims' });
    const allowing = createAuthenticator({ mode: 'claims', allowAppTokens: true });
    expect(thrownGraphError(() => refusing.authorize(refusing(appToken), 'read')).status).toBe(403);
    expect(() => allowing.authorize(allowing(appToken), 'write')).not.toThrow();
  });
});
