import { GENERAL_CATALOG_ID, type StartOptions } from '@accesspackage/server';
import { startTestStub, type TestStub } from '@accesspackage/server/testing';
import {
  type AccessPackageCreate,
  type AttemptInfo,
  createAccessPackage,
  createGraphTransport,
  GraphError,
  type GraphTransportOptions,
  listAccessPackages,
  listAll,
  type RetryInfo,
} from './index.js';

// The tree-shakeable path the README shows to size-conscious apps, and bundle.test.ts measures: a transport and the
// per-operation functions, against a real stub over HTTP (every answer checked against the contract).
const started: TestStub[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function setup(stubOptions: StartOptions = {}, options: GraphTransportOptions = {}) {
  const stub = await startTestStub(stubOptions);
  started.push(stub);
  return { stub, graph: createGraphTransport({ baseUrl: stub.baseUrl, auth: stub.token, ...options }) };
}

it('creates an access package that the stub then holds', async () => {
  const { stub, graph } = await setup();
  const created = await createAccessPackage(graph, {
    catalogId: GENERAL_CATALOG_ID,
    displayName: 'Lean',
    description: 'd',
  });
  expect(created).toMatchObject({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    catalogId: GENERAL_CATALOG_ID,
    displayName: 'Lean',
    description: 'd',
    isHidden: false,
  });
  const stored = await stub.call('GET', `/identityGovernance/entitlementManagement/accessPackages/${created.id}`);
  expect(stored.status).toBe(200);
  expect(stored.json).toMatchObject({ id: created.id, displayName: 'Lean' });
});

it('surfaces Graph errors as GraphError: unknown catalog, invalid body, missing token', async () => {
  const { stub, graph } = await setup();
  const notFound = await createAccessPackage(graph, {
    catalogId: '11111111-2222-3333-4444-555555555555',
    displayName: 'Orphan',
  }).catch((e: unknown) => e);
  expect(notFound).toBeInstanceOf(GraphError);
  expect(notFound).toMatchObject({
    status: 404,
    code: 'ResourceNotFound',
    requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    clientRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
  });

  // What a JavaScript caller (no type checks) can send: the stub refuses it as Graph would, with the details.
  const invalid = await createAccessPackage(graph, { catalogId: GENERAL_CATALOG_ID } as AccessPackageCreate).catch(
    (e: unknown) => e,
  );
  expect(invalid).toBeInstanceOf(GraphError);
  expect(invalid).toMatchObject({ status: 400, code: 'InvalidModel', details: [expect.anything()] });

  const anonymous = createGraphTransport({ baseUrl: stub.baseUrl });
  const unauthorised = await createAccessPackage(anonymous, { catalogId: GENERAL_CATALOG_ID, displayName: 'x' }).catch(
    (e: unknown) => e,
  );
  expect(unauthorised).toBeInstanceOf(GraphError);
  expect(unauthorised).toMatchObject({ status: 401, code: 'InvalidAuthenticationToken' });
  expect((await stub.call('GET', '/identityGovernance/entitlementManagement/accessPackages')).json).toMatchObject({
    value: [],
  });
});

it('resolves to the answer on graph.raw, with the per-call headers sent', async () => {
  const { graph } = await setup();
  const clientRequestId = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const answer = await createAccessPackage(
    graph.raw,
    { catalogId: GENERAL_CATALOG_ID, displayName: 'Raw' },
    { headers: { 'Client-Request-Id': clientRequestId } },
  );
  expect(answer).toMatchObject({
    status: 201,
    requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    clientRequestId,
    data: { displayName: 'Raw', catalogId: GENERAL_CATALOG_ID },
  });
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
});

it('retries a throttled create and runs middleware around every attempt, as the facade does', async () => {
  const retries: RetryInfo[] = [];
  const attempts: AttemptInfo[] = [];
  const { graph } = await setup(
    // Seed 7 throttles the first of these creates once and the last one twice (429, 429, then 201).
    { simulation: { errorRate: 0.5, errorStatuses: [429], seed: 7, retryAfterSeconds: 0 } },
    {
      retry: { maxRetries: 10, onRetry: (info) => retries.push(info) },
      middleware: [{ onRequest: (a) => void attempts.push(a) }],
    },
  );
  for (const displayName of ['one', 'two', 'three', 'four']) {
    expect(await createAccessPackage(graph, { catalogId: GENERAL_CATALOG_ID, displayName })).toMatchObject({
      displayName,
    });
  }
  // A create is retried only on a 429 that says when to come back; the stub's does (Retry-After: 0).
  expect(retries).toHaveLength(3);
  expect(retries.every((r) => r.status === 429 && r.fromRetryAfter && r.method === 'POST')).toBe(true);
  expect(attempts).toHaveLength(4 + retries.length);
  expect(new Set(attempts.map((a) => a.clientRequestId)).size).toBe(4);
  expect(attempts.every((a) => a.request.headers.get('authorization')?.startsWith('Bearer '))).toBe(true);
});

it('pages through a list with listAll over the same transport', async () => {
  const { graph } = await setup();
  for (const displayName of ['c', 'a', 'b']) {
    await createAccessPackage(graph, { catalogId: GENERAL_CATALOG_ID, displayName });
  }
  const options = { select: ['displayName'] as const, orderby: 'displayName', top: 2 } as const;
  const names: (string | undefined)[] = [];
  for await (const pkg of listAll(graph, () => listAccessPackages(graph, options), options)) {
    names.push(pkg.displayName);
  }
  expect(names).toEqual(['a', 'b', 'c']);
});
