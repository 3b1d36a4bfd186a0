import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, expectGraphError, GUID, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

const SEED_BODY = `{
  "catalogId": "aa2f6514-3232-46e7-a08a-2411ad8d7128",
  "displayName": "displayName-value",
  "description": "description-value"
}`;

let stub: TestStub;
const call: TestStub['call'] = (...args) => stub.call(...args);

beforeEach(async () => {
  stub = await startTestStub({}, { upn: 'megan@contoso.onmicrosoft.com' });
});
afterEach(async () => {
  await stub.close();
});

describe('the seed request', () => {
  it('creates an access package at /beta/accessPackages from the seed body, byte for byte', async () => {
    const res = await call('POST', '/accessPackages', { body: SEED_BODY });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128',
      displayName: 'displayName-value',
      description: 'description-value',
      isHidden: false,
      isRoleScopesVisible: false,
    });
    expect(res.json.id).toMatch(GUID);
    expect(res.json['@odata.context']).toBe(`${stub.baseUrl}/$metadata#accessPackages/$entity`);
    expect(res.json.createdBy).toBe('megan@contoso.onmicrosoft.com');
    expect(res.json.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(res.json.modifiedDateTime).toBe(res.json.createdDateTime);
    expect(res.headers.get('request-id')).toMatch(GUID);
  });

  it("stores the seed-path package in the same collection as today's path", async () => {
    const created = await call('POST', '/accessPackages', { body: SEED_BODY });
    const got = await call('GET', `${PACKAGES}/${created.json.id}`);
    expect(got.status).toBe(200);
    expect(got.json.displayName).toBe('displayName-value');
  });
});

describe('access package round trips', () => {
  it('creates, reads, lists, updates and deletes', async () => {
    const created = await call('POST', PACKAGES, {
      body: JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: 'Sales', isHidden: true }),
    });
    expect(created.status).toBe(201);
    expect(created.json['@odata.context']).toBe(
      `${stub.baseUrl}/$metadata#identityGovernance/entitlementManagement/accessPackages/$entity`,
    );
    expect(created.json.isHidden).toBe(true);
    const id: string = created.json.id;

    const got = await call('GET', `${PACKAGES}/${id}`);
    expect(got.status).toBe(200);
    const { '@odata.context': _a, ...gotFields } = got.json;
    const { '@odata.context': _b, ...createdFields } = created.json;
    expect(gotFields).toEqual(createdFields);

    const list = await call('GET', PACKAGES);
    expect(list.status).toBe(200);
    expect(list.json['@odata.context']).toBe(
      `${stub.baseUrl}/$metadata#identityGovernance/entitlementManagement/accessPackages`,
    );
    expect(list.json.value.map((p: { id: string }) => p.id)).toEqual([id]);

    const patched = await call('PATCH', `${PACKAGES}/${id}`, {
      body: JSON.stringify({ description: 'For the sales team' }),
    });
    expect(patched.status).toBe(204);
    expect(patched.text).toBe('');
    const afterPatch = await call('GET', `${PACKAGES}/${id}`);
    expect(afterPatch.json.description).toBe('For the sales team');
    expect(afterPatch.json.displayName).toBe('Sales');
    expect(afterPatch.json.isHidden).toBe(true);

    const deleted = await call('DELETE', `${PACKAGES}/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectGraphError(await call('GET', `${PACKAGES}/${id}`), 404, 'ResourceNotFound');
    expectGraphError(await call('DELETE', `${PACKAGES}/${id}`), 404, 'ResourceNotFound');
  });

  it('refuses a catalogId that names no catalog with 404 ResourceNotFound', async () => {
    const res = await call('POST', PACKAGES, {
      body: JSON.stringify({ catalogId: '11111111-2222-3333-4444-555555555555', displayName: 'Orphan' }),
    });
    expectGraphError(res, 404, 'ResourceNotFound');
    expect((await call('GET', PACKAGES)).json.value).toEqual([]);
  });
});

describe('catalogs', () => {
  it('starts with the built-in General catalog that the seed request names', async () => {
    const res = await call('GET', CATALOGS);
    expect(res.status).toBe(200);
    expect(res.json.value).toEqual([
      expect.objectContaining({
        id: GENERAL_CATALOG_ID,
        displayName: 'General',
        catalogType: 'ServiceDefault',
        catalogStatus: 'Published',
      }),
    ]);
  });

  it('creates, reads and deletes a catalog, refusing while it holds packages', async () => {
    const created = await call('POST', CATALOGS, { body: JSON.stringify({ displayName: 'Marketing' }) });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      displayName: 'Marketing',
      catalogType: 'UserManaged',
      catalogStatus: 'Published',
    });
    const catalogId: string = created.json.id;
    expect((await call('GET', `${CATALOGS}/${catalogId}`)).json.displayName).toBe('Marketing');

    const pkg = await call('POST', PACKAGES, { body: JSON.stringify({ catalogId, displayName: 'Campaign' }) });
    expectGraphError(await call('DELETE', `${CATALOGS}/${catalogId}`), 409, 'CatalogNotEmpty');
    await call('DELETE', `${PACKAGES}/${pkg.json.id}`);
    expect((await call('DELETE', `${CATALOGS}/${catalogId}`)).status).toBe(204);
    expectGraphError(await call('GET', `${CATALOGS}/${catalogId}`), 404, 'ResourceNotFound');
  });

  it('refuses to delete the built-in General catalog', async () => {
    expectGraphError(await call('DELETE', `${CATALOGS}/${GENERAL_CATALOG_ID}`), 400, 'InvalidRequest');
  });
});

describe('bad input gets a Graph error, never a crash', () => {
  it('answers 400 InvalidModel naming a missing displayName', async () => {
    const res = await call('POST', PACKAGES, { body: JSON.stringify({ catalogId: GENERAL_CATALOG_ID }) });
    expectGraphError(res, 400, 'InvalidModel');
    expect(res.json.error.details).toEqual([
      expect.objectContaining({ code: 'InvalidModel', message: expect.stringContaining('displayName') }),
    ]);
  });

  it('answers 400 InvalidModel for wrong types, listing each violation', async () => {
    const res = await call('POST', PACKAGES, {
      body: JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: 42, isHidden: 'yes' }),
    });
    expectGraphError(res, 400, 'InvalidModel');
    const targets = res.json.error.details.map((d: { target?: string }) => d.target);
    expect(targets).toEqual(expect.arrayContaining(['displayName', 'isHidden']));
  });

  it('answers 400 InvalidModel for an unknown property, naming it', async () => {
    const res = await call('POST', PACKAGES, {
      body: JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: 'x', colour: 'blue' }),
    });
    expectGraphError(res, 400, 'InvalidModel');
    expect(JSON.stringify(res.json.error.details)).toContain('colour');
  });

  it('answers 400 InvalidModel for a catalogId that is not a GUID', async () => {
    const res = await call('POST', PACKAGES, { body: JSON.stringify({ catalogId: 'general', displayName: 'x' }) });
    expectGraphError(res, 400, 'InvalidModel');
  });

  it('answers 400 BadRequest for malformed JSON', async () => {
    const res = await call('POST', PACKAGES, { body: '{"displayName": ' });
    expectGraphError(res, 400, 'BadRequest');
    expect(res.json.error.message).toContain('JSON');
  });

  it('answers 400 for an empty PATCH body', async () => {
    const created = await call('POST', '/accessPackages', { body: SEED_BODY });
    const res = await call('PATCH', `${PACKAGES}/${created.json.id}`, { body: '' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toEqual(expect.any(String));
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await call('POST', PACKAGES, { body: 'displayName=x', headers: { 'content-type': 'text/plain' } });
    expectGraphError(res, 415, 'UnsupportedMediaType');
  });

  it('answers 400 for an undeclared query option', async () => {
    expectGraphError(await call('GET', `${PACKAGES}?$bogus=1`), 400, 'BadRequest');
  });

  it('answers 405 for a method the path does not serve', async () => {
    const res = await call('PUT', PACKAGES, { body: '{}' });
    expectGraphError(res, 405, 'MethodNotAllowed');
  });

  it('answers unknown segments under /beta as Graph does, with 400 BadRequest naming the segment', async () => {
    const res = await call('GET', '/identityGovernance/entitlementManagement/nothingHere');
    expectGraphError(res, 400, 'BadRequest');
    expect(res.json.error.message).toContain("Resource not found for the segment 'nothingHere'");
  });

  it("answers paths outside /beta with a JSON 404, never express's HTML page", async () => {
    const root = await fetch(`${stub.origin}/nowhere`);
    expect(root.status).toBe(404);
    expect(root.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await root.json();
    expect(body.error.code).toBe('NotFound');
    expect(body.error.message).toContain('/nowhere');
  });
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', undefined],
    ['an empty bearer token', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('answers 401 InvalidAuthenticationToken for %s', async (_label, authorization) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== undefined) headers.authorization = authorization;
    const response = await fetch(`${stub.baseUrl}/accessPackages`, { method: 'POST', headers, body: SEED_BODY });
    const body = await response.json();
    expect(response.status).toBe(401);
    expect(body.error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
  });

  it('checks the token before the body', async () => {
    const response = await fetch(`${stub.baseUrl}${PACKAGES}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(response.status).toBe(401);
  });
});

describe('request ids', () => {
  it('echoes a client-request-id GUID and otherwise reuses request-id', async () => {
    const mine = '7c8a8f7e-1d2b-4c3d-9e4f-5a6b7c8d9e0f';
    const echoed = await call('GET', CATALOGS, { headers: { 'client-request-id': mine } });
    expect(echoed.headers.get('client-request-id')).toBe(mine);
    expect(echoed.headers.get('request-id')).not.toBe(mine);
    const invented = await call('GET', CATALOGS, { headers: { 'client-request-id': 'not-a-guid' } });
    expect(invented.headers.get('client-request-id')).toBe(invented.headers.get('request-id'));
  });
});
