import { GRAPH_JSON_CONTENT_TYPE } from '../http/json-answers.js';
import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, expectGraphError, GUID, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

let stub: TestStub;
beforeEach(async () => {
  stub = await startTestStub();
});
afterEach(async () => {
  await stub.close();
});

it('sends JSON with the Content-Type Graph sends, on successes and errors alike', async () => {
  expect((await stub.call('GET', CATALOGS)).headers.get('content-type')).toBe(GRAPH_JSON_CONTENT_TYPE);
  expect((await stub.call('GET', `${PACKAGES}/nope`)).headers.get('content-type')).toBe(GRAPH_JSON_CONTENT_TYPE);
});

it('answers 406 NotAcceptable when Accept rules JSON out, and serves */* and JSON', async () => {
  expectGraphError(await stub.call('GET', CATALOGS, { headers: { accept: 'text/html' } }), 406, 'NotAcceptable');
  expect((await stub.call('GET', CATALOGS, { headers: { accept: '*/*' } })).status).toBe(200);
  expect((await stub.call('GET', CATALOGS, { headers: { accept: 'application/json' } })).status).toBe(200);
});

it('answers 413 for a body over 1 MB and stores nothing', async () => {
  const res = await stub.call('POST', PACKAGES, {
    body: { catalogId: GENERAL_CATALOG_ID, displayName: 'big', description: 'x'.repeat(1_100_000) },
  });
  expectGraphError(res, 413, 'RequestEntityTooLarge');
  expect((await stub.call('GET', PACKAGES)).json.value).toEqual([]);
});

it('gives every response a fresh request-id', async () => {
  const a = await stub.call('GET', CATALOGS);
  const b = await stub.call('GET', CATALOGS);
  expect(a.headers.get('request-id')).toMatch(GUID);
  expect(b.headers.get('request-id')).toMatch(GUID);
  expect(a.headers.get('request-id')).not.toBe(b.headers.get('request-id'));
});

it('ignores read-only properties sent on create and accepts @odata annotations', async () => {
  const res = await stub.call('POST', PACKAGES, {
    body: {
      '@odata.type': '#microsoft.graph.accessPackage',
      '@odata.etag': 'W/"1"',
      id: 'mine',
      createdBy: 'someone-else',
      createdDateTime: '2000-01-01T00:00:00Z',
      catalogId: GENERAL_CATALOG_ID,
      displayName: 'Read-only ignored',
      accessPackageCatalog: { id: GENERAL_CATALOG_ID },
    },
  });
  expect(res.status).toBe(201);
  expect(res.json.id).toMatch(GUID);
  expect(res.json.createdBy).not.toBe('someone-else');
  expect(res.json.createdDateTime).not.toBe('2000-01-01T00:00:00Z');
});

it('refuses an @odata annotation that is not a string with 400 InvalidModel instead of dropping it', async () => {
  const created = await stub.call('POST', PACKAGES, {
    body: { catalogId: GENERAL_CATALOG_ID, displayName: 'typed', '@odata.type': 12345 },
  });
  expectGraphError(created, 400, 'InvalidModel');
  expect(created.json.error.details).toEqual([expect.objectContaining({ target: '@odata.type' })]);
  const catalog = await stub.call('POST', CATALOGS, { body: { displayName: 'typed', '@odata.etag': 1 } });
  expectGraphError(catalog, 400, 'InvalidModel');
  expect((await stub.call('GET', PACKAGES)).json.value).toEqual([]);
});

it('bumps modifiedDateTime and modifiedBy on PATCH and leaves createdDateTime', async () => {
  const created = await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: 'v1' } });
  await new Promise((r) => setTimeout(r, 5));
  await stub.call('PATCH', `${PACKAGES}/${created.json.id}`, { body: { displayName: 'v2' } });
  const after = (await stub.call('GET', `${PACKAGES}/${created.json.id}`)).json;
  expect(after.createdDateTime).toBe(created.json.createdDateTime);
  expect(after.modifiedDateTime > created.json.modifiedDateTime).toBe(true);
});

it('refuses a PATCH of catalogId, pointing at moveToCatalog', async () => {
  const created = await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: 'x' } });
  const res = await stub.call('PATCH', `${PACKAGES}/${created.json.id}`, { body: { catalogId: GENERAL_CATALOG_ID } });
  expectGraphError(res, 400, 'InvalidModel');
});

it('serves the contract at /openapi.yaml without a token', async () => {
  const res = await fetch(`${stub.origin}/openapi.yaml`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/yaml/);
  expect(await res.text()).toContain('operationId: createAccessPackageFromAccessPackages');
});

it('answers CORS preflights without a token and lets browsers read the request ids', async () => {
  const preflight = await fetch(`${stub.baseUrl}${PACKAGES}`, {
    method: 'OPTIONS',
    headers: {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
  expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type');

  const res = await stub.call('GET', CATALOGS, { headers: { origin: 'http://localhost:5173' } });
  expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  expect(res.headers.get('access-control-expose-headers')).toContain('request-id');
});

describe("a key in parentheses, OData's canonical form", () => {
  it('addresses the same object as the key segment, on entity sets and navigations, raw and percent-encoded', async () => {
    const made = await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: 'Keyed' } });
    const id: string = made.json.id;
    for (const path of [
      `${PACKAGES}('${id}')`,
      `${PACKAGES}(id='${id}')`,
      `${PACKAGES}(${id})`,
      `${PACKAGES}%28%27${id}%27%29`,
      `${PACKAGES}(%27${id}%27)`,
    ]) {
      const res = await stub.call('GET', path);
      expect({ path, status: res.status, id: res.json.id }).toEqual({ path, status: 200, id });
    }
    const nested = await stub.call('GET', `${CATALOGS}('${GENERAL_CATALOG_ID}')/accessPackageResources`);
    expect(nested.status).toBe(200);
    expect(nested.json.value).toEqual([]);
    const incompatible = await stub.call('GET', `${PACKAGES}('${id}')/incompatibleAccessPackages`);
    expect(incompatible.status).toBe(200);
    expect(incompatible.json.value).toEqual([]);
  });

  it('updates and deletes through it as through the key segment', async () => {
    const made = await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: 'Before' } });
    const id: string = made.json.id;
    expect((await stub.call('PATCH', `${PACKAGES}('${id}')`, { body: { displayName: 'After' } })).status).toBe(204);
    expect((await stub.call('GET', `${PACKAGES}/${id}`)).json.displayName).toBe('After');
    expect((await stub.call('DELETE', `${PACKAGES}(id='${id}')`)).status).toBe(204);
    expectGraphError(await stub.call('GET', `${PACKAGES}/${id}`), 404, 'ResourceNotFound');
  });

  it("answers 404 for a key in parentheses that names nothing, and a function's named parameters stay a function call", async () => {
    expectGraphError(await stub.call('GET', `${PACKAGES}('it''s')`), 404, 'ResourceNotFound');
    const mine = await stub.call('GET', `${PACKAGES}/filterByCurrentUser(on='allowedRequestor')`);
    expect(mine.status).toBe(200);
  });
});
