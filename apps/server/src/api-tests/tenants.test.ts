import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, PACKAGES, startTestStub, TEST_ENGINE, type TestStub } from '../testing/jest-helpers.js';

// Two tenants as Graph's tokens name them, by `tid`.
const CONTOSO = '0f0e9d3c-1b2a-4c5d-8e7f-9a0b1c2d3e4f';
const FABRIKAM = '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d';

let stub: TestStub;
beforeEach(async () => {
  stub = await startTestStub({
    data: {
      tenantId: CONTOSO,
      accessPackages: [{ id: 'seeded', catalogId: GENERAL_CATALOG_ID, displayName: 'Seeded' }],
    },
  });
});
afterEach(async () => {
  await stub.close();
});

const tokenOf = (tid: string) => stub.tokenFor({ claims: { tid } });
const names = async (tid: string) =>
  (
    (await stub.call('GET', `${PACKAGES}?$select=displayName`, { token: tokenOf(tid) })).json.value as Array<{
      displayName: string;
    }>
  )
    .map((p) => p.displayName)
    .sort();

it(`keeps each tenant's objects to itself, on ${TEST_ENGINE}`, async () => {
  const created = await stub.call('POST', PACKAGES, {
    token: tokenOf(FABRIKAM),
    body: { catalogId: GENERAL_CATALOG_ID, displayName: 'Fabrikam only' },
  });
  expect(created.status).toBe(201);
  expect(await names(FABRIKAM)).toEqual(['Fabrikam only']);
  expect(await names(CONTOSO)).toEqual(['Seeded']);
  const id = created.json.id;
  for (const [method, body] of [['GET'], ['PATCH', { displayName: 'taken over' }], ['DELETE']] as const) {
    const res = await stub.call(method, `${PACKAGES}/${id}`, { token: tokenOf(CONTOSO), ...(body ? { body } : {}) });
    expect({ method, status: res.status, code: res.json?.error?.code }).toEqual({
      method,
      status: 404,
      code: 'ResourceNotFound',
    });
  }
  expect((await stub.call('GET', `${PACKAGES}/${id}`, { token: tokenOf(FABRIKAM) })).json.displayName).toBe(
    'Fabrikam only',
  );
});

it('gives every tenant its own General catalog, with the same id, on first use', async () => {
  for (const tid of [CONTOSO, FABRIKAM]) {
    const res = await stub.call('GET', `${CATALOGS}?$select=displayName`, { token: tokenOf(tid) });
    expect(res.json.value).toEqual([{ id: GENERAL_CATALOG_ID, displayName: 'General' }]);
  }
  // A catalog deleted... cannot be the General one; a catalog made in one tenant stays there.
  const made = await stub.call('POST', CATALOGS, { token: tokenOf(CONTOSO), body: { displayName: 'HR' } });
  expect((await stub.call('GET', `${CATALOGS}/${made.json.id}`, { token: tokenOf(FABRIKAM) })).status).toBe(404);
  // A package cannot name another tenant's catalog.
  const cross = await stub.call('POST', PACKAGES, {
    token: tokenOf(FABRIKAM),
    body: { catalogId: made.json.id, displayName: 'Cross' },
  });
  expect(cross.status).toBe(404);
});

it('treats tenant ids without regard to case, as GUIDs are', async () => {
  expect(await names(CONTOSO.toUpperCase())).toEqual(['Seeded']);
});

it('reports and resets every tenant, or the one ?tenantId= names', async () => {
  await stub.call('POST', PACKAGES, {
    token: tokenOf(FABRIKAM),
    body: { catalogId: GENERAL_CATALOG_ID, displayName: 'F' },
  });
  const health = async (query = '') => (await fetch(`${stub.origin}/_stub/health${query}`)).json();
  expect(await health()).toMatchObject({
    tenants: 2,
    accessPackages: 2,
    accessPackageCatalogs: 2,
    database: TEST_ENGINE,
  });
  expect(await health(`?tenantId=${FABRIKAM}`)).toMatchObject({
    tenants: 1,
    accessPackages: 1,
    accessPackageCatalogs: 1,
  });

  const reset = await fetch(`${stub.origin}/_stub/reset?tenantId=${FABRIKAM}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  expect(await reset.json()).toMatchObject({ status: 'reset', tenants: 0, accessPackages: 0 });
  expect(await names(CONTOSO)).toEqual(['Seeded']);
  expect(await names(FABRIKAM)).toEqual([]);

  await stub.call('POST', PACKAGES, {
    token: tokenOf(CONTOSO),
    body: { catalogId: GENERAL_CATALOG_ID, displayName: 'C' },
  });
  await fetch(`${stub.origin}/_stub/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  // Back to the start-up data: the data file's tenant as it started, and nothing else.
  expect(await health()).toMatchObject({ tenants: 1, accessPackages: 1, accessPackageCatalogs: 1 });
  expect(await names(CONTOSO)).toEqual(['Seeded']);
});

it("serves tokens without a tid, and authentication off, as the token command's tenant", async () => {
  const plain = await stub.call('GET', `${PACKAGES}?$select=displayName`);
  expect(plain.status).toBe(200);
  expect(plain.json.value).toEqual([]);
});
