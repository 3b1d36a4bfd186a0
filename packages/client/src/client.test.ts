import { createDevToken, GENERAL_CATALOG_ID, type RunningServer, startServer } from '@accesspackage/server';
import { type AccessPackageClient, createAccessPackageClient, GRAPH_BETA_URL, GraphError } from './index.js';

let stub: RunningServer;
let client: AccessPackageClient;

beforeEach(async () => {
  stub = await startServer({ port: 0, validateResponses: true });
  client = createAccessPackageClient({ baseUrl: stub.baseUrl, auth: createDevToken() });
});
afterEach(async () => {
  await stub.close();
});

it('sends the seed request through the generated client and gets the new package', async () => {
  const created = await client.accessPackages.createAtSeedPath({
    catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128',
    displayName: 'displayName-value',
    description: 'description-value',
  });
  expect(created).toMatchObject({
    catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128',
    displayName: 'displayName-value',
    description: 'description-value',
    isHidden: false,
    isRoleScopesVisible: false,
  });
  expect(created.id).toEqual(expect.any(String));
});

it('round-trips an access package: create, get, list, update, delete', async () => {
  const created = await client.accessPackages.create({ catalogId: GENERAL_CATALOG_ID, displayName: 'Sales' });
  expect((await client.accessPackages.get(created.id)).displayName).toBe('Sales');
  expect((await client.accessPackages.list()).value.map((p) => p.id)).toEqual([created.id]);

  await client.accessPackages.update(created.id, { displayName: 'Sales EMEA' });
  expect((await client.accessPackages.get(created.id)).displayName).toBe('Sales EMEA');

  await client.accessPackages.delete(created.id);
  await expect(client.accessPackages.get(created.id)).rejects.toMatchObject({ status: 404, code: 'ResourceNotFound' });
});

it('manages catalogs', async () => {
  const catalog = await client.catalogs.create({ displayName: 'Marketing' });
  expect((await client.catalogs.list()).value.map((c) => c.displayName)).toEqual(['General', 'Marketing']);
  await client.catalogs.update(catalog.id, { description: 'Campaigns' });
  expect((await client.catalogs.get(catalog.id)).description).toBe('Campaigns');
  await client.catalogs.delete(catalog.id);
  await expect(client.catalogs.get(catalog.id)).rejects.toBeInstanceOf(GraphError);
});

it('throws a GraphError carrying the envelope and the request ids', async () => {
  const error: GraphError = await client.accessPackages
    .create({ catalogId: '11111111-2222-3333-4444-555555555555', displayName: 'Orphan' })
    .then(() => Promise.reject(new Error('expected a GraphError')), (e: unknown) => e as GraphError);
  expect(error).toBeInstanceOf(GraphError);
  expect(error.status).toBe(404);
  expect(error.code).toBe('ResourceNotFound');
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(error.clientRequestId).toEqual(expect.any(String));
  expect(error.date).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(error.body).toHaveProperty('error.code', 'ResourceNotFound');
});

it('sends the token as a bearer token, so a missing one is refused by the stub', async () => {
  const anonymous = createAccessPackageClient({ baseUrl: stub.baseUrl, auth: '' });
  await expect(anonymous.catalogs.list()).rejects.toMatchObject({ status: 401, code: 'InvalidAuthenticationToken' });
});

it('defaults to the Graph beta endpoint', () => {
  const graph = createAccessPackageClient({ auth: 'token' });
  expect(graph.client.getConfig().baseUrl).toBe(GRAPH_BETA_URL);
});
