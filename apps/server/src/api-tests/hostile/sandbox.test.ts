import { randomUUID } from 'node:crypto';
import {
  CATALOGS,
  expectGraphError,
  PACKAGES,
  TUTORIAL,
  tutorialData,
  useTestStubs,
} from '../../testing/jest-helpers.js';

// A stub many teams share, tried as a careless or hostile tenant would: no input reaches the store in a shape one
// engine stores and the other fails on, and no tenant can grow the stub without bound. Runs on both engines.
const start = useTestStubs();
const EM = '/identityGovernance/entitlementManagement';

describe('NUL in any input', () => {
  it('answers 400 Request_BadRequest wherever it sits in a URL, on every route, and stores nothing', async () => {
    const stub = await start({ data: tutorialData() });
    const nul = '%00';
    const paths = [
      `${PACKAGES}/${TUTORIAL.packageId}${nul}`,
      `${PACKAGES}/${nul}`,
      `${PACKAGES}?$filter=displayName eq 'a${nul}b'`,
      `${PACKAGES}?$filter=startswith(displayName,'${nul}')`,
      `${PACKAGES}?$select=displayName${nul}`,
      `${CATALOGS}/${TUTORIAL.catalogId}/accessPackages?$search=${nul}`,
      `${EM}/accessPackageAssignments/filterByCurrentUser(on='target${nul}')`,
      `${EM}/accessPackageAssignmentRequests/filterByCurrentUser(on='${nul}')`,
      `/users/${TUTORIAL.userId}${nul}`,
      `/groups?$filter=displayName eq '${nul}'`,
    ];
    for (const path of paths) {
      const res = await stub.call('GET', path);
      expect([path, res.status, res.json?.error?.code]).toEqual([path, 400, 'Request_BadRequest']);
    }
    for (const [method, path] of [
      ['DELETE', `${PACKAGES}/${TUTORIAL.packageId}${nul}`],
      ['PATCH', `${PACKAGES}/${TUTORIAL.packageId}${nul}`],
      ['POST', `/groups/${TUTORIAL.groupId}/members/$ref${nul}`],
      ['DELETE', `/groups/${TUTORIAL.groupId}/members/${TUTORIAL.userId}${nul}/$ref`],
    ] as const) {
      expectGraphError(await stub.call(method, path, { body: {} }), 400, 'Request_BadRequest');
    }
    const admin = await stub.call('GET', `${stub.origin}/_stub/health?tenantId=${TUTORIAL.tenantId}${nul}`, {
      token: null,
    });
    expectGraphError(admin, 400, 'Request_BadRequest');
    // What the stub held is still there.
    expect((await stub.call('GET', `${PACKAGES}/${TUTORIAL.packageId}`)).status).toBe(200);
  });

  it('answers 400 in a body: a $ref, a function argument, a property', async () => {
    const stub = await start({ data: tutorialData() });
    const ref = await stub.call('POST', `/groups/${TUTORIAL.groupId}/members/$ref`, {
      token: stub.tokenFor({ scopes: ['Group.ReadWrite.All'] }),
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${TUTORIAL.userId}\u0000` },
    });
    expectGraphError(ref, 400, 'InvalidModel');
    const requirements = await stub.call('POST', `${PACKAGES}/${TUTORIAL.packageId}/getApplicablePolicyRequirements`, {
      body: { subject: { objectId: `${TUTORIAL.userId}\u0000` } },
    });
    expectGraphError(requirements, 400, 'InvalidModel');
    const named = await stub.call('POST', PACKAGES, {
      body: { catalogId: TUTORIAL.catalogId, displayName: 'a\u0000b' },
    });
    expectGraphError(named, 400, 'InvalidModel');
  });

  it('refuses a token whose tid, oid or upn holds one, with 401, and stores nothing in its name', async () => {
    const stub = await start();
    for (const claims of [
      { tid: `${randomUUID()}\u0000` },
      { oid: `${randomUUID()}\u0000` },
      { upn: 'mallory\u0000@contoso.com' },
      { preferred_username: 'mallory\u0000' },
    ]) {
      const token = stub.tokenFor({ claims });
      const res = await stub.call('POST', PACKAGES, {
        token,
        body: { catalogId: TUTORIAL.catalogId, displayName: 'Not stored' },
      });
      expectGraphError(res, 401, 'InvalidAuthenticationToken');
      expect(res.json.error.message).toMatch(/control character/);
    }
    expect((await stub.call('GET', `${PACKAGES}?$filter=displayName eq 'Not stored'`)).json.value).toEqual([]);
  });
});

describe('tenants', () => {
  it('refuses a tid that is no string, is empty or too long, instead of landing in another tenant', async () => {
    const stub = await start({ data: tutorialData() });
    for (const tid of [42, ['a'], { id: 'a' }, null, true, '', 'x'.repeat(65)]) {
      const res = await stub.call('GET', PACKAGES, { token: stub.tokenFor({ claims: { tid } }) });
      expectGraphError(res, 401, 'InvalidAuthenticationToken');
      expect(res.json.error.message).toMatch(/'tid' claim/);
    }
    // An oid that is no string would make no directory user either.
    const oid = await stub.call('GET', PACKAGES, { token: stub.tokenFor({ claims: { oid: 7 } }) });
    expectGraphError(oid, 401, 'InvalidAuthenticationToken');
  });

  it('wants GUIDs for tid and oid when tokens are verified (--auth strict)', async () => {
    const secret = 'sandbox-strict-secret-of-32-characters!';
    const stub = await start({ auth: { mode: 'strict', hs256Secret: secret } });
    const signed = (claims: Record<string, unknown>) => stub.tokenFor({ secret, claims });
    expect((await stub.call('GET', PACKAGES, { token: signed({}) })).status).toBe(200);
    for (const claims of [{ tid: 'team-a' }, { oid: 'mallory' }]) {
      const res = await stub.call('GET', PACKAGES, { token: signed(claims) });
      expectGraphError(res, 401, 'InvalidAuthenticationToken');
      expect(res.json.error.message).toMatch(/must be a GUID/);
    }
  });

  it('holds at most --max-tenants: a new tenant past it answers 507, the ones it holds go on, a reset makes room', async () => {
    const stub = await start({ maxTenants: 3 });
    const tokens = [randomUUID(), randomUUID(), randomUUID()].map((tenantId) => stub.tokenFor({ tenantId }));
    // The start-up tenant is one of the three.
    for (const token of tokens.slice(0, 2)) expect((await stub.call('GET', CATALOGS, { token })).status).toBe(200);
    const refused = await stub.call('GET', CATALOGS, { token: tokens[2] });
    expectGraphError(refused, 507, 'quotaLimitReached');
    expect(refused.json.error.message).toMatch(/--max-tenants 3/);
    // Nor can a clock move create one.
    const moved = await stub.call('POST', `${stub.origin}/_stub/clock`, { token: tokens[2], body: { advance: 'P1D' } });
    expectGraphError(moved, 507, 'quotaLimitReached');
    expect((await stub.call('GET', CATALOGS, { token: tokens[0] })).status).toBe(200);
    expect((await stub.call('GET', CATALOGS)).status).toBe(200);
    // A tenant that is done makes room.
    expect((await stub.call('POST', `${stub.origin}/_stub/reset`, { token: tokens[0], body: {} })).status).toBe(200);
    expect((await stub.call('GET', CATALOGS, { token: tokens[2] })).status).toBe(200);
  });
});
