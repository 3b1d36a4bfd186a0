import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, expectGraphError, PACKAGES, type TestStub, useTestStubs } from '../testing/jest-helpers.js';

let stub: TestStub;
const startStub = useTestStubs();
const start = async (...args: Parameters<typeof startStub>) => {
  stub = await startStub(...args);
  return stub;
};

async function statuses(s: TestStub, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) out.push((await s.call('GET', CATALOGS)).status);
  return out;
}

it('fails a share of requests with the allowed transient errors, the same ones for the same seed', async () => {
  await start({ simulation: { errorRate: 0.5, errorStatuses: [429, 503], seed: 7 } });
  const first = await statuses(stub, 40);
  await stub.close();
  await start({ simulation: { errorRate: 0.5, errorStatuses: [429, 503], seed: 7 } });
  expect(await statuses(stub, 40)).toEqual(first);
  const failures = first.filter((s) => s !== 200);
  expect(failures.length).toBeGreaterThan(5);
  expect(failures.length).toBeLessThan(35);
  expect(new Set(failures)).toEqual(new Set([429, 503]));
});

it("sends Graph's envelope and Retry-After with simulated 429, 503 and 504, none with 500 and 502", async () => {
  await start({
    simulation: { errorRate: 1, errorStatuses: [429, 500, 502, 503, 504], seed: 1, retryAfterSeconds: 3 },
  });
  const seen = new Map<number, string | null>();
  for (let i = 0; i < 60 && seen.size < 5; i += 1) {
    const res = await stub.call('GET', CATALOGS);
    seen.set(res.status, res.headers.get('retry-after'));
    expect(res.json.error.code).toEqual(expect.any(String));
    expect(res.json.error.innerError['request-id']).toBe(res.headers.get('request-id'));
  }
  expect(Object.fromEntries(seen)).toEqual({ 429: '3', 500: null, 502: null, 503: '3', 504: '3' });
});

it('never changes stored data when a simulated error answers', async () => {
  await start({ simulation: { errorRate: 1, errorStatuses: [500], seed: 3 } });
  const res = await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: 'lost?' } });
  expectGraphError(res, 500, 'InternalServerError');
  const health = await (await fetch(`${stub.origin}/_stub/health`)).json();
  expect(health.accessPackages).toBe(0);
});

it('throttles like Graph: N requests per window, then 429 TooManyRequests with Retry-After', async () => {
  await start({ simulation: { rateLimit: { requests: 3, windowMs: 60_000 } } });
  expect(await statuses(stub, 3)).toEqual([200, 200, 200]);
  const throttled = await stub.call('GET', CATALOGS);
  expectGraphError(throttled, 429, 'TooManyRequests');
  const retryAfter = Number(throttled.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(59);
  expect(retryAfter).toBeLessThanOrEqual(60);
  // POST /_stub/reset opens a fresh window.
  await fetch(`${stub.origin}/_stub/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  expect((await stub.call('GET', CATALOGS)).status).toBe(200);
});

it('delays each request by at least the minimum latency', async () => {
  await start({ simulation: { latencyMs: { min: 120, max: 150 }, seed: 1 } });
  const started = Date.now();
  expect((await stub.call('GET', CATALOGS)).status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(115);
});
