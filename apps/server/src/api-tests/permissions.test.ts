import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevToken, devTokenClaims } from '../auth/dev-token.js';
import { signJwt } from '../auth/index.js';
import { GENERAL_CATALOG_ID } from '../store/store.js';
import { expectGraphError, PACKAGES, type TestStub, useTestStubs } from '../testing/jest-helpers.js';

const READ = 'EntitlementManagement.Read.All';
const READ_WRITE = 'EntitlementManagement.ReadWrite.All';
const newPackage = { catalogId: GENERAL_CATALOG_ID, displayName: 'Permissions' };

let stub: TestStub;
const startStub = useTestStubs();
const start = async (...args: Parameters<typeof startStub>) => {
  stub = await startStub(...args);
  return stub;
};

describe('default (claims) mode, as the seed page describes', () => {
  beforeEach(async () => {
    await start();
  });

  it("answers 401 with Graph's parse failure and a WWW-Authenticate challenge for a token that is not a JWT", async () => {
    const res = await stub.call('GET', PACKAGES, { token: 'dev' });
    expectGraphError(res, 401, 'InvalidAuthenticationToken');
    expect(res.json.error.message).toContain('CompactToken parsing failed');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('lets a Read.All token read but answers 403 UnAuthorized to its writes', async () => {
    const reader = createDevToken({ scopes: [READ] });
    expect((await stub.call('GET', PACKAGES, { token: reader })).status).toBe(200);
    const res = await stub.call('POST', PACKAGES, { token: reader, body: newPackage });
    expectGraphError(res, 403, 'UnAuthorized');
    expect(res.json.error.message).toBe(
      'User is not authorized to perform the operation. Reason: The caller is not authorized.',
    );
    expect(JSON.stringify(res.json.error.details)).toContain(READ_WRITE);
  });

  it('finds the permissions of a path sent in another case, as routing finds its operation', async () => {
    const userReader = createDevToken({ scopes: ['User.Read.All'] });
    const res = await stub.call('GET', `${stub.origin}/v1.0/USERS`, { token: userReader });
    expect(res.status).toBe(200);
    expect(res.json.value).toEqual([]);
    expectGraphError(
      await stub.call('GET', `${stub.origin}/beta/IDENTITYGOVERNANCE/entitlementManagement/accessPackages`, {
        token: userReader,
      }),
      403,
      'UnAuthorized',
    );
  });

  it('lets a ReadWrite.All token read and write', async () => {
    const writer = createDevToken({ scopes: [READ_WRITE] });
    expect((await stub.call('POST', PACKAGES, { token: writer, body: newPackage })).status).toBe(201);
    expect((await stub.call('GET', PACKAGES, { token: writer })).status).toBe(200);
  });

  it('answers 403 to a token without any Entitlement Management permission', async () => {
    const res = await stub.call('GET', PACKAGES, { token: createDevToken({ scopes: ['User.Read'] }) });
    expectGraphError(res, 403, 'UnAuthorized');
  });

  it('refuses personal Microsoft account tokens (consumer tenant)', async () => {
    const token = createDevToken({ claims: { tid: '9188040d-6c67-4c5b-b112-36a304b66dad' } });
    expectGraphError(await stub.call('GET', PACKAGES, { token }), 403, 'UnAuthorized');
  });

  it('refuses application tokens, which the seed page does not support', async () => {
    const token = createDevToken({ app: true, scopes: [READ_WRITE] });
    expectGraphError(await stub.call('GET', PACKAGES, { token }), 403, 'UnAuthorized');
  });

  it('records the caller from upn, then preferred_username', async () => {
    const byUpn = await stub.call('POST', PACKAGES, {
      body: newPackage,
      token: createDevToken({ upn: 'adele@contoso.com' }),
    });
    expect(byUpn.json.createdBy).toBe('adele@contoso.com');
    const claims = devTokenClaims();
    delete claims.upn;
    claims.preferred_username = 'lee@contoso.com';
    const byPreferred = await stub.call('POST', PACKAGES, {
      body: newPackage,
      token: signJwt(claims, { hs256Secret: 'any' }),
    });
    expect(byPreferred.json.createdBy).toBe('lee@contoso.com');
  });
});

describe('--allow-app-tokens', () => {
  beforeEach(async () => {
    await start({ auth: { allowAppTokens: true } });
  });

  it('accepts application tokens whose roles grant the permission, and names the app as creator', async () => {
    const token = createDevToken({ app: true, scopes: [READ_WRITE] });
    const res = await stub.call('POST', PACKAGES, { token, body: newPackage });
    expect(res.status).toBe(201);
    expect(res.json.createdBy).toBe('accesspackage-stub-app');
  });

  it('still answers 403 to an application token with only Read.All when it writes', async () => {
    const token = createDevToken({ app: true, scopes: [READ] });
    expect((await stub.call('GET', PACKAGES, { token })).status).toBe(200);
    expectGraphError(await stub.call('POST', PACKAGES, { token, body: newPackage }), 403, 'UnAuthorized');
  });
});

describe('--auth strict', () => {
  it('accepts a token signed with the shared HS256 secret and refuses others', async () => {
    await start({ auth: { mode: 'strict', hs256Secret: 'team-secret' } });
    expect((await stub.call('GET', PACKAGES, { token: createDevToken({ secret: 'team-secret' }) })).status).toBe(200);
    const forged = await stub.call('GET', PACKAGES, { token: createDevToken({ secret: 'guess' }) });
    expectGraphError(forged, 401, 'InvalidAuthenticationToken');
    expect(forged.json.error.message).toMatch(/^Access token validation failure\./);
  });

  it('refuses expired tokens and tokens for another audience', async () => {
    await start({ auth: { mode: 'strict', hs256Secret: 's' } });
    const expired = createDevToken({ secret: 's', claims: { exp: Math.floor(Date.now() / 1000) - 3600 } });
    expect((await stub.call('GET', PACKAGES, { token: expired })).json.error.message).toMatch(/expired/);
    const otherAudience = createDevToken({ secret: 's', claims: { aud: 'api://something-else' } });
    expect((await stub.call('GET', PACKAGES, { token: otherAudience })).json.error.message).toMatch(/audience/i);
  });

  it('checks the issuer when one is configured', async () => {
    await start({ auth: { mode: 'strict', hs256Secret: 's', issuer: 'https://sts.windows.net/{tenantid}/' } });
    expect((await stub.call('GET', PACKAGES, { token: createDevToken({ secret: 's' }) })).status).toBe(200);
    const elsewhere = createDevToken({ secret: 's', claims: { iss: 'https://evil.example/' } });
    expectGraphError(await stub.call('GET', PACKAGES, { token: elsewhere }), 401, 'InvalidAuthenticationToken');
  });

  it('verifies RS256 tokens against a JWKS file', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
    const jwksPath = join(dir, 'jwks.json');
    writeFileSync(
      jwksPath,
      JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] }),
    );
    const { loadJwks } = await import('../auth/index.js');
    await start({ auth: { mode: 'strict', jwks: loadJwks(jwksPath) } });
    const token = signJwt(devTokenClaims(), { privateKey, kid: 'k1', alg: 'RS256' });
    expect((await stub.call('GET', PACKAGES, { token })).status).toBe(200);
    expectGraphError(await stub.call('GET', PACKAGES, { token: createDevToken() }), 401, 'InvalidAuthenticationToken');
  });
});

describe('--auth off', () => {
  it('lets requests in without a token', async () => {
    await start({ auth: { mode: 'off' } });
    expect((await stub.call('GET', PACKAGES, { token: null })).status).toBe(200);
    const created = await stub.call('POST', PACKAGES, { token: null, body: newPackage });
    expect(created.status).toBe(201);
    expect(created.json.createdBy).toBe('anonymous');
  });
});
