import { parseStubData } from '../store/data-file.js';
import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

let stub: TestStub;
afterEach(async () => {
  await stub.close();
});

const data = parseStubData({
  accessPackageCatalogs: [{ id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Engineering' }],
  accessPackages: [
    { catalogId: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Build agents' },
    { id: 'c0ffee00-0000-4000-8000-0000000000aa', catalogId: GENERAL_CATALOG_ID, displayName: 'Wiki', isHidden: true },
  ],
});

it('reports health without a token', async () => {
  stub = await startTestStub({ data });
  const res = await fetch(`${stub.origin}/_stub/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', accessPackages: 2, accessPackageCatalogs: 2 });
  expect(res.headers.get('request-id')).toBeTruthy();
});

it('starts with the data file and restores exactly it on POST /_stub/reset', async () => {
  stub = await startTestStub({ data });
  const wiki = await stub.call('GET', `${PACKAGES}/c0ffee00-0000-4000-8000-0000000000aa`);
  expect(wiki.json).toMatchObject({
    displayName: 'Wiki',
    isHidden: true,
    isRoleScopesVisible: false,
    createdBy: 'data-file',
  });

  await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: 'Scratch' } });
  await stub.call('DELETE', `${PACKAGES}/c0ffee00-0000-4000-8000-0000000000aa`);
  const before = (await stub.call('GET', PACKAGES)).json.value.map((p: { displayName: string }) => p.displayName);
  expect(before).toEqual(['Build agents', 'Scratch']);

  const reset = await fetch(`${stub.origin}/_stub/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  expect(await reset.json()).toMatchObject({ status: 'reset', accessPackages: 2, accessPackageCatalogs: 2 });
  const after = (await stub.call('GET', PACKAGES)).json.value.map((p: { displayName: string }) => p.displayName);
  expect(after).toEqual(['Build agents', 'Wiki']);
  expect((await stub.call('GET', CATALOGS)).json.value).toHaveLength(2);
});

it('refuses query options and bodies on admin routes with 400 BadRequest', async () => {
  stub = await startTestStub();
  const withQuery = await fetch(`${stub.origin}/_stub/health?verbose=true`);
  expect(withQuery.status).toBe(400);
  expect((await withQuery.json()).error).toMatchObject({
    code: 'BadRequest',
    message: expect.stringContaining("'verbose'"),
  });
  const withBody = await fetch(`${stub.origin}/_stub/reset`, {
    method: 'POST',
    body: '{"keep":true}',
    headers: { 'content-type': 'application/json' },
  });
  expect(withBody.status).toBe(400);
  expect((await fetch(`${stub.origin}/_stub/health`)).status).toBe(200);
});
