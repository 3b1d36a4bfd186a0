import { createDevToken, DEV_TENANT_ID } from '../../auth/dev-token.js';
import { CONSUMER_TENANT_ID, READ_WRITE } from '../../auth/permissions.js';
import { signJwt } from '../../auth/sign.js';
import { GENERAL_CATALOG_ID } from '../../store/store.js';
import { PACKAGES, type TestStub, useTestStubs } from '../../testing/jest-helpers.js';
import { expectRefused, snapshot } from './hostile.js';

// Tokens a hostile caller might mint, in the modes that read them. Each is refused and changes nothing.
const start = useTestStubs();
const SECRET = 'hostile-suite-shared-secret';
const body = { catalogId: GENERAL_CATALOG_ID, displayName: 'should not exist' };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

async function expectWriteRefused(stub: TestStub, token: string, status: number, code: string): Promise<void> {
  const before = await snapshot(stub);
  expectRefused(await stub.call('POST', PACKAGES, { body, token }), status, code);
  expect(await snapshot(stub)).toBe(before);
}

describe.each(['claims', 'strict'] as const)('%s mode', (mode) => {
  let stub: TestStub;
  const token = (claims: Record<string, unknown>, options: { app?: boolean } = {}) =>
    createDevToken({ secret: SECRET, app: options.app, claims });
  beforeEach(async () => {
    stub = await start({ auth: { mode, hs256Secret: SECRET } }, { secret: SECRET });
  });

  it.each([
    ['idtyp app with roles and scp', { idtyp: 'app', roles: [READ_WRITE], scp: READ_WRITE }],
    ['idtyp APP in capitals with scp', { idtyp: 'APP', scp: READ_WRITE }],
    ['roles without scp, calling itself a user', { idtyp: 'user', roles: [READ_WRITE], scp: undefined }],
  ])('refuses an application token disguised as %s with 403 (no --allow-app-tokens)', async (_what, claims) => {
    await expectWriteRefused(stub, token(claims), 403, 'UnAuthorized');
  });

  it.each([
    ['the consumers tid in capitals', { tid: CONSUMER_TENANT_ID.toUpperCase() }],
    [
      'a consumers issuer without tid',
      { tid: undefined, iss: `https://login.microsoftonline.com/${CONSUMER_TENANT_ID}/v2.0` },
    ],
  ])(
    'refuses a personal account recognised by %s (403; in strict mode its issuer fits no tenant id: 401)',
    async (_what, claims) => {
      if (mode === 'strict') await expectWriteRefused(stub, token(claims), 401, 'InvalidAuthenticationToken');
      else await expectWriteRefused(stub, token(claims), 403, 'UnAuthorized');
    },
  );

  it('refuses the consumers tenant with its own issuer with 403', async () => {
    const claims = { tid: CONSUMER_TENANT_ID, iss: `https://login.microsoftonline.com/${CONSUMER_TENANT_ID}/v2.0` };
    await expectWriteRefused(stub, token(claims), 403, 'UnAuthorized');
  });

  it.each([
    ['no token', ''],
    ['not a JWT', 'dev'],
    ['three empty parts', '..'],
    ['a payload that is no object', `${b64({ alg: 'HS256' })}.${b64([1, 2])}.x`],
    ['a payload that is no JSON', `${b64({ alg: 'HS256' })}.${Buffer.from('{').toString('base64url')}.x`],
    ['parts that are no base64url', 'a.b+c.d'],
    ['four parts', 'a.b.c.d'],
  ])('refuses %s with 401', async (_what, raw) => {
    await expectWriteRefused(stub, raw, 401, 'InvalidAuthenticationToken');
  });
});

describe('strict mode', () => {
  let stub: TestStub;
  beforeEach(async () => {
    stub = await start({ auth: { mode: 'strict', hs256Secret: SECRET } }, { secret: SECRET });
  });
  const signed = (claims: Record<string, unknown>) => createDevToken({ secret: SECRET, claims });

  it.each([
    ['another issuer', { iss: 'https://evil.example/' }],
    ['a Microsoft issuer of another tenant', { iss: 'https://sts.windows.net/00000000-0000-4000-8000-000000000000/' }],
    ['a tid that is no tenant id', { tid: `${DEV_TENANT_ID}/x`, iss: `https://sts.windows.net/${DEV_TENANT_ID}/x/` }],
    ['no issuer at all', { iss: undefined }],
    ['an expiry in the year 5000', { exp: 95617584000 }],
    ['a lifetime of a year from iat', { iat: now() - 60, exp: now() + 365 * 86400 }],
    ['alg none', null],
  ])('refuses a token with %s with 401', async (_what, claims) => {
    const raw =
      claims === null
        ? `${b64({ alg: 'none' })}.${b64({ scp: READ_WRITE, aud: '00000003-0000-0000-c000-000000000000' })}.`
        : signed(claims);
    await expectWriteRefused(stub, raw, 401, 'InvalidAuthenticationToken');
  });

  it('accepts the token command’s tokens and Microsoft’s v2 issuer', async () => {
    expect((await stub.call('GET', PACKAGES, { token: signed({}) })).status).toBe(200);
    const v2 = signed({ iss: `https://login.microsoftonline.com/${DEV_TENANT_ID}/v2.0` });
    expect((await stub.call('GET', PACKAGES, { token: v2 })).status).toBe(200);
  });

  it('refuses a token signed with another secret, even with perfect claims', async () => {
    await expectWriteRefused(stub, createDevToken({ secret: 'a guess' }), 401, 'InvalidAuthenticationToken');
    const hs256AsRs = signJwt({ scp: READ_WRITE }, { hs256Secret: SECRET }).replace(
      b64({ typ: 'JWT', alg: 'HS256' }),
      b64({ typ: 'JWT', alg: 'RS256' }),
    );
    await expectWriteRefused(stub, hs256AsRs, 401, 'InvalidAuthenticationToken');
  });
});

describe('--auth off', () => {
  it('lets anything in, as documented: the mode for a stub nobody else can reach', async () => {
    const stub = await start({ auth: { mode: 'off' } });
    expect((await stub.call('POST', PACKAGES, { body, token: null })).status).toBe(201);
  });
});
