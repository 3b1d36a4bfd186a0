import { createServer } from 'node:net';
import { GENERAL_CATALOG_ID, type StartOptions, seededRandom } from '@accesspackage/server';
import { startTestStub, type TestStub } from '@accesspackage/server/testing';
import {
  type AccessPackageClientOptions,
  createAccessPackageClient,
  GraphError,
  GraphTimeoutError,
  GraphTransportError,
  type RetryInfo,
} from './index.js';

const started: TestStub[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

/** A stub with the given simulation, and a client that records each attempt's client-request-id and each retry. */
async function setup(stubOptions: StartOptions, clientOptions: Partial<AccessPackageClientOptions> = {}) {
  const stub = await startTestStub(stubOptions);
  started.push(stub);
  const attempts: string[] = [];
  const retries: RetryInfo[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    attempts.push(
      (input instanceof Request ? input.headers : new Headers(init?.headers)).get('client-request-id') ?? '',
    );
    return fetch(input, init);
  };
  const client = createAccessPackageClient({
    baseUrl: stub.baseUrl,
    auth: stub.token,
    fetch: recordingFetch,
    ...clientOptions,
    retry: { onRetry: (info) => retries.push(info), ...(clientOptions.retry || {}) },
  });
  return { stub, client, attempts, retries };
}

const newPackage = { catalogId: GENERAL_CATALOG_ID, displayName: 'retried' };

/** A simulation seed whose first request fails and whose second succeeds (each failure draws twice: whether, and which status). */
function seedFailingOnceAt(rate: number): number {
  for (let seed = 1; ; seed += 1) {
    const random = seededRandom(seed);
    const firstFails = random() < rate;
    random(); // the failing request's status pick
    if (firstFails && random() >= rate) return seed;
  }
}

it('waits for Retry-After after a 429, then succeeds with the same client-request-id', async () => {
  const seed = seedFailingOnceAt(0.5);
  const { client, attempts, retries } = await setup({
    simulation: { errorRate: 0.5, errorStatuses: [429], seed, retryAfterSeconds: 1 },
  });
  const started = Date.now();
  const page = await client.catalogs.list();
  expect(page.value).toHaveLength(1);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  expect(retries).toEqual([
    expect.objectContaining({ attempt: 1, status: 429, fromRetryAfter: true, method: 'GET', delayMs: 1000 }),
  ]);
  expect(attempts).toHaveLength(2);
  expect(attempts[0]).toBe(attempts[1]);
  expect(retries[0]?.clientRequestId).toBe(attempts[0]);
});

it('retries random 503s on reads until one succeeds', async () => {
  const { client, attempts, retries } = await setup(
    { simulation: { errorRate: 0.6, errorStatuses: [503], seed: 11, retryAfterSeconds: 0 } },
    { retry: { maxRetries: 10 } },
  );
  for (let i = 0; i < 5; i += 1) expect((await client.catalogs.list()).value).toHaveLength(1);
  expect(retries.length).toBeGreaterThan(0);
  expect(attempts).toHaveLength(5 + retries.length);
  expect(retries.every((r) => r.status === 503 && r.fromRetryAfter && r.delayMs === 0)).toBe(true);
});

it('gives up after maxRetries and throws the last GraphError', async () => {
  const { client, attempts } = await setup(
    { simulation: { errorRate: 1, errorStatuses: [503], seed: 1, retryAfterSeconds: 0 } },
    { retry: { maxRetries: 2 } },
  );
  await expect(client.catalogs.list()).rejects.toMatchObject({ status: 503, code: 'ServiceUnavailable' });
  expect(attempts).toHaveLength(3);
});

it('does not retry a create after a 504, which may hide a create that happened', async () => {
  const { client, attempts, retries } = await setup({
    simulation: { errorRate: 1, errorStatuses: [504], seed: 1, retryAfterSeconds: 0 },
  });
  await expect(client.accessPackages.create(newPackage)).rejects.toMatchObject({ status: 504 });
  expect(attempts).toHaveLength(1);
  expect(retries).toEqual([]);
});

it('retries a create after a 503 with Retry-After, where Graph guarantees nothing was done', async () => {
  const { client, attempts } = await setup(
    { simulation: { errorRate: 0.5, errorStatuses: [503], seed: 5, retryAfterSeconds: 0 } },
    { retry: { maxRetries: 10 } },
  );
  for (let i = 0; i < 4; i += 1) await client.accessPackages.create(newPackage);
  expect(attempts.length).toBeGreaterThan(4);
  expect((await client.accessPackages.list()).value).toHaveLength(4);
});

it('never retries a 500 or 502', async () => {
  const { client, attempts } = await setup({ simulation: { errorRate: 1, errorStatuses: [500, 502], seed: 2 } });
  await expect(client.catalogs.list()).rejects.toBeInstanceOf(GraphError);
  expect(attempts).toHaveLength(1);
});

it('does not wait past maxTotalDelayMs: a long Retry-After surfaces as the 429', async () => {
  const { client, retries } = await setup(
    { simulation: { rateLimit: { requests: 1, windowMs: 30_000 } } },
    { retry: { maxTotalDelayMs: 1000 } },
  );
  await client.catalogs.list();
  const error = (await client.catalogs.list().catch((e: unknown) => e)) as GraphError;
  expect(error).toMatchObject({ status: 429, code: 'TooManyRequests' });
  expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(1);
  expect(retries).toEqual([]);
});

it('fails with GraphTimeoutError when a call takes longer than timeoutMs', async () => {
  const { client, attempts } = await setup({ simulation: { latencyMs: { min: 400, max: 400 } } });
  const error = await client.catalogs.list({ timeoutMs: 100 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GraphTimeoutError);
  expect(attempts).toHaveLength(1);
  expect(attempts[0]).toMatch(/^[0-9a-f-]{36}$/);
  // The id the request carried, so the timed-out call can be found in the service's logs.
  expect(error).toMatchObject({ timeoutMs: 100, clientRequestId: attempts[0] });
});

it('applies the client-wide timeoutMs, and a per-call one wins', async () => {
  const { client } = await setup({ simulation: { latencyMs: { min: 300, max: 300 } } }, { timeoutMs: 50 });
  await expect(client.catalogs.list()).rejects.toBeInstanceOf(GraphTimeoutError);
  expect((await client.catalogs.list({ timeoutMs: 5000 })).value).toHaveLength(1);
});

it("rejects with the AbortSignal's reason when the caller aborts, also during a retry wait", async () => {
  const { client } = await setup({ simulation: { latencyMs: { min: 400, max: 400 } } });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const error = await client.catalogs.list({ signal: controller.signal }).catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'AbortError' });
  expect(error).not.toBeInstanceOf(GraphTimeoutError);

  const throttled = await setup({ simulation: { rateLimit: { requests: 1, windowMs: 10_000 } } });
  await throttled.client.catalogs.list();
  const waiting = new AbortController();
  const pending = throttled.client.catalogs.list({ signal: waiting.signal });
  setTimeout(() => waiting.abort(new Error('user gave up')), 100);
  await expect(pending).rejects.toThrow('user gave up');
});

it('throws GraphTransportError when nothing answers, after backing off on reads only', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const retries: RetryInfo[] = [];
  let attempts = 0;
  const sent: string[] = [];
  const client = createAccessPackageClient({
    baseUrl: `http://127.0.0.1:${port}/beta`,
    auth: 'token',
    fetch: (input, init) => {
      attempts += 1;
      sent.push((input instanceof Request ? input.headers : new Headers(init?.headers)).get('client-request-id') ?? '');
      return fetch(input, init);
    },
    retry: { maxRetries: 2, baseDelayMs: 20, onRetry: (info) => retries.push(info) },
  });
  const error = await client.catalogs.list().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GraphTransportError);
  expect((error as Error).message).toContain('ECONNREFUSED');
  expect(attempts).toBe(3);
  // Every attempt carried the same id, and the error names it.
  expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/);
  expect(sent).toEqual([sent[0], sent[0], sent[0]]);
  expect((error as GraphTransportError).clientRequestId).toBe(sent[0]);
  expect(retries.map((r) => r.fromRetryAfter)).toEqual([false, false]);
  expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(10);
  expect(retries[1]?.delayMs).toBeGreaterThanOrEqual(20);

  attempts = 0;
  sent.length = 0;
  const createError = await client.accessPackages.create(newPackage).catch((e: unknown) => e);
  expect(createError).toBeInstanceOf(GraphTransportError);
  expect(attempts).toBe(1);
  expect((createError as GraphTransportError).clientRequestId).toBe(sent[0]);
  expect(sent[0]).not.toBe((error as GraphTransportError).clientRequestId);
});
