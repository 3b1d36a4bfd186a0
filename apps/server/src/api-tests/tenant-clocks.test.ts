import { randomUUID } from 'node:crypto';
import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, expectGraphError, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

// Jobs sharing one stub each run in their own tenant, and each moves its own clock: a 30-day jump in one tenant
// expires that tenant's assignments, and no one else's.

const EM = '/identityGovernance/entitlementManagement';
const WRITE = ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All'];
const GENERAL_CATALOG = { filter: "?$filter=displayName eq 'General'" };

let stub: TestStub;
afterEach(async () => {
  await stub.close();
});

const tokenOf = (tenantId: string, scopes = WRITE) => stub.tokenFor({ tenantId, scopes });

/** `/_stub/<route>` as a job calls it: with its Graph token, or (null) with none. */
const admin = (route: string, token: string | null, body?: object) =>
  stub.call(body ? 'POST' : 'GET', `${stub.origin}/_stub/${route}`, { token, ...(body ? { body } : {}) });

/** A 30-day assignment delivered in the token's tenant: a user, a package in its General catalog, a policy. */
async function thirtyDayAssignment(token: string): Promise<string> {
  const created = async (path: string, body: object) => {
    const res = await stub.call('POST', path, { token, body });
    if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${res.text}`);
    return res.json.id as string;
  };
  const catalogId = (await stub.call('GET', `${CATALOGS}${GENERAL_CATALOG.filter}`, { token })).json.value[0].id;
  const user = await created('/users', {
    accountEnabled: true,
    displayName: 'Requestor',
    mailNickname: 'requestor',
    userPrincipalName: `requestor-${randomUUID()}@contoso.onmicrosoft.com`,
    passwordProfile: { password: 'Contoso1234' },
  });
  const accessPackageId = await created(PACKAGES, { catalogId, displayName: 'Build agents' });
  const assignmentPolicyId = await created(`${EM}/accessPackageAssignmentPolicies`, {
    accessPackageId,
    displayName: 'Direct',
    description: 'Assigned by an administrator',
    durationInDays: 30,
    requestorSettings: { scopeType: 'NoSubjects', acceptRequests: true },
  });
  const id = await created(`${EM}/accessPackageAssignmentRequests`, {
    requestType: 'AdminAdd',
    accessPackageAssignment: { targetId: user, assignmentPolicyId, accessPackageId },
  });
  await stateOf(token, id, 'Delivered');
  return id;
}

/** The assignment's state once it is `expected` (deliveries take a moment), or the last state seen. */
async function stateOf(token: string, id: string, expected: string): Promise<string> {
  let state = '';
  for (let i = 0; i < 200 && state !== expected; i++) {
    const res = await stub.call('GET', `${EM}/accessPackageAssignments/${id}`, { token });
    state = res.status === 200 ? res.json.assignmentState : `${res.status}`;
    if (state !== expected) await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return state;
}

describe('a clock per tenant', () => {
  it("expires one tenant's assignments when that tenant moves its clock, and leaves another tenant's", async () => {
    stub = await startTestStub({ deliveryDelayMs: 0 });
    const [mine, theirs] = [tokenOf(randomUUID()), tokenOf(randomUUID())];
    const [myAssignment, theirAssignment] = [await thirtyDayAssignment(mine), await thirtyDayAssignment(theirs)];

    const moved = await admin('clock', mine, { advance: 'P31D' });
    expect(moved.status).toBe(200);
    expect(moved.json.offsetSeconds).toBeGreaterThanOrEqual(31 * 86400 - 5);
    expect(await stateOf(mine, myAssignment, 'Expired')).toBe('Expired');
    expect(await stateOf(theirs, theirAssignment, 'Delivered')).toBe('Delivered');
    expect((await admin('clock', theirs)).json.offsetSeconds).toBeLessThan(5);
    // The stub-wide clock did not move either.
    expect((await admin('clock', null)).json).toMatchObject({ frozen: false });
    expect((await admin('clock', null)).json.offsetSeconds).toBeLessThan(5);
    expect((await admin('clock', null)).json.tenantId).toBeUndefined();

    // A reset of the tenant puts its clock back on the stub's.
    expect((await admin('reset', mine, {})).status).toBe(200);
    expect((await admin('clock', mine)).json.offsetSeconds).toBeLessThan(5);
  });

  it('lets the test helper move the default tenant only: startTestStub().clock', async () => {
    stub = await startTestStub({ deliveryDelayMs: 0 });
    const other = tokenOf(randomUUID());
    const before = await stub.clock.now();
    const reading = await stub.clock.advance('P31D');
    expect(reading.tenantId).toEqual(expect.any(String));
    expect((await stub.clock.now()).getTime() - before.getTime()).toBeGreaterThanOrEqual(31 * 86400_000);
    expect((await admin('clock', other)).json.offsetSeconds).toBeLessThan(5);
    const set = await stub.clock.set('2030-01-01T00:00:00Z');
    expect(set.now).toMatch(/^2030-01-01T00:00/);
  });

  it("resets the default tenant only with startTestStub().reset(): its data and its clock, not another's", async () => {
    stub = await startTestStub();
    const otherTenant = randomUUID();
    const other = tokenOf(otherTenant);
    const create = (token?: string) =>
      stub.call('POST', PACKAGES, {
        body: { catalogId: GENERAL_CATALOG_ID, displayName: 'Kept or not' },
        ...(token ? { token } : {}),
      });
    expect((await create()).status).toBe(201);
    expect((await create(other)).status).toBe(201);
    await stub.clock.advance('P3D');
    const answer = await stub.reset();
    expect(answer).toMatchObject({ status: 'reset' });
    expect((await stub.call('GET', PACKAGES)).json.value).toEqual([]);
    expect((await stub.call('GET', PACKAGES, { token: other })).json.value).toHaveLength(1);
    expect((await stub.clock.now()).getTime()).toBeLessThan(Date.now() + 60_000);
  });

  it('signs a token as the user createDevToken({ oid }) names', async () => {
    stub = await startTestStub();
    const oid = randomUUID();
    const token = stub.tokenFor({ oid });
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(payload.oid).toBe(oid);
    expect(JSON.parse(Buffer.from(stub.tokenFor().split('.')[1] ?? '', 'base64url').toString('utf8')).oid).not.toBe(
      oid,
    );
  });

  it('moves every tenant with the stub-wide clock: an advance by as much, a time to that time', async () => {
    stub = await startTestStub();
    const [a, b] = [randomUUID(), randomUUID()];
    await admin('clock', tokenOf(a), { advance: 'P10D' });
    await admin(`clock`, null, { advance: 'P1D' });
    const offsetOf = async (tenantId: string) =>
      (await admin(`clock?tenantId=${tenantId}`, null)).json.offsetSeconds as number;
    expect(Math.round((await offsetOf(a)) / 86400)).toBe(11);
    expect(Math.round((await offsetOf(b)) / 86400)).toBe(1);
    await admin('clock', null, { set: '2030-01-01T00:00:00Z' });
    for (const tenantId of [a, b]) {
      expect((await admin(`clock?tenantId=${tenantId}`, null)).json.now).toMatch(/^2030-01-01T00:00/);
    }
    // A reset of every tenant puts every clock back on the machine's time.
    await admin('clock', tokenOf(a), { advance: 'P10D' });
    expect((await admin('reset', null, {})).status).toBe(200);
    for (const tenantId of [a, b]) expect(Math.abs(await offsetOf(tenantId))).toBeLessThan(5);
  });

  it('refuses a Graph token acting on another tenant, or moving time with a read token', async () => {
    stub = await startTestStub();
    const [mine, theirs] = [randomUUID(), randomUUID()];
    expectGraphError(
      await admin(`clock?tenantId=${theirs}`, tokenOf(mine), { advance: 'P1D' }),
      403,
      'Authorization_RequestDenied',
    );
    expectGraphError(await admin(`reset?tenantId=${theirs}`, tokenOf(mine), {}), 403, 'Authorization_RequestDenied');
    expectGraphError(
      await admin('clock', tokenOf(mine, ['EntitlementManagement.Read.All']), { advance: 'P1D' }),
      403,
      'UnAuthorized',
    );
    // Naming its own tenant is fine, and reading needs only a read token.
    expect((await admin(`clock?tenantId=${mine}`, tokenOf(mine), { advance: 'P1D' })).status).toBe(200);
    expect((await admin('clock', tokenOf(mine, ['EntitlementManagement.Read.All']))).json.tenantId).toBe(mine);
    expect((await admin(`clock?tenantId=${theirs}`, null)).json.offsetSeconds).toBeLessThan(5);
  });
});

describe('admin routes on a stub with an admin token', () => {
  it('take the admin token for every tenant, a Graph token for its own tenant, and nothing else', async () => {
    stub = await startTestStub({ adminToken: 'sandbox-secret' });
    const mine = randomUUID();
    expectGraphError(await admin('clock', null, { advance: 'P1D' }), 401, 'InvalidAuthenticationToken');
    expectGraphError(await admin('reset', 'not-the-secret', {}), 401, 'InvalidAuthenticationToken');
    const own = await admin('clock', tokenOf(mine), { advance: 'P2D' });
    expect(own.status).toBe(200);
    expect(own.json.tenantId).toBe(mine);
    const all = await admin('clock', 'sandbox-secret', { advance: 'P1D' });
    expect(all.json.tenantId).toBeUndefined();
    expect(Math.round((await admin('clock', tokenOf(mine))).json.offsetSeconds / 86400)).toBe(3);
    // Health, for a Graph token, counts its own tenant only.
    await stub.call('GET', CATALOGS, { token: tokenOf(mine) });
    expect((await admin('health', tokenOf(mine))).json).toMatchObject({ status: 'ok', tenants: 1, accessPackages: 0 });
  });
});

describe('clock moves the stub cannot make', () => {
  it('refuse impossible times, durations that are none, and moves past 9999, each saying why', async () => {
    stub = await startTestStub();
    const refused = async (change: object, why: RegExp) => {
      const res = await admin('clock', null, change);
      expectGraphError(res, 400, 'BadRequest');
      expect(res.json.error.message).toMatch(why);
    };
    await refused({ set: '2024-02-30T00:00:00Z' }, /'2024-02-30T00:00:00Z' is no ISO 8601 time .*30 February/);
    await refused({ set: '2024-04-31T10:00:00Z' }, /is no ISO 8601 time/);
    await refused({ set: '2024-01-01T24:00:00Z' }, /is no ISO 8601 time/);
    await refused({ set: '2024-01-01T10:00:00+15:00' }, /is no ISO 8601 time/);
    await refused({ advance: 'P1X' }, /'P1X' is no ISO 8601 duration/);
    await refused({ advance: 'PT' }, /'PT' is no ISO 8601 duration/);
    expect((await admin('clock', null, { set: '2024-02-29T12:00:00Z' })).status).toBe(200);
    expect((await admin('clock', null, { set: '9999-12-01T00:00:00Z' })).status).toBe(200);
    await refused({ advance: 'P1M' }, /'P1M' would take the clock from 9999-12-01T00:00:00\.\d{3}Z past 9999-12-31/);
    // Nothing moved.
    expect((await admin('clock', null)).json.now).toMatch(/^9999-12-01T00:00/);
  });
});
