import pino from 'pino';
import { GENERAL_CATALOG_ID } from '../store/store.js';
import { expectGraphError, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

// The request journal (`GET /_stub/requests`, `stub.requests()`) and the request log lines, through a real stub.
const stubs: TestStub[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});
async function started(options: Parameters<typeof startTestStub>[0] = {}, tokenOptions = {}) {
  const stub = await startTestStub(options, tokenOptions);
  stubs.push(stub);
  return stub;
}
const OTHER_TENANT = '0f0f0f0f-1111-4222-8333-444444444444';

it('keeps what each request sent and how it was answered, oldest first, for a test to assert on', async () => {
  const stub = await started();
  const made = await stub.call('POST', PACKAGES, {
    body: { catalogId: GENERAL_CATALOG_ID, displayName: 'Build agents' },
    headers: { 'client-request-id': 'a1b2c3d4-0000-4000-8000-000000000001' },
  });
  expect(made.status).toBe(201);
  await stub.call('GET', `${PACKAGES}?$filter=displayName eq 'Build agents'&$top=5`);
  const refused = await stub.call('POST', PACKAGES, { body: { displayName: 'No catalog' } });
  expect(refused.status).toBe(400);

  const seen = await stub.requests();
  expect(seen).toEqual([
    {
      seq: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      method: 'POST',
      path: `/beta${PACKAGES}`,
      query: null,
      status: 201,
      durationMs: expect.any(Number),
      requestId: made.headers.get('request-id'),
      clientRequestId: 'a1b2c3d4-0000-4000-8000-000000000001',
      error: null,
      body: { catalogId: GENERAL_CATALOG_ID, displayName: 'Build agents' },
    },
    expect.objectContaining({
      method: 'GET',
      query: "$filter=displayName eq 'Build agents'&$top=5",
      status: 200,
      body: null,
    }),
    expect.objectContaining({
      method: 'POST',
      status: 400,
      error: { code: refused.json.error.code, message: refused.json.error.message },
      body: { displayName: 'No catalog' },
    }),
  ]);
  const [first, second, third] = seen.map((entry) => entry.seq) as [number, number, number];
  expect([second - first, third - second]).toEqual([1, 1]);

  // Narrowed as a test asks: "was a package created?", "what came after this one?", "what failed?".
  expect((await stub.requests({ method: 'post', status: 201 })).map((e) => e.seq)).toEqual([first]);
  expect((await stub.requests({ since: first })).map((e) => e.seq)).toEqual([second, third]);
  expect((await stub.requests({ path: 'ACCESSPACKAGES', method: 'GET' })).map((e) => e.seq)).toEqual([second]);
  expect((await stub.requests({ since: new Date(Date.now() + 60_000) })).length).toBe(0);
  expect((await stub.requests({ since: new Date(Date.now() - 60_000) })).length).toBe(3);
});

it('keeps requests refused before their token is read, under no tenant, for the admin to see', async () => {
  const stub = await started();
  const res = await stub.call('GET', PACKAGES, { token: 'not-a-jwt' });
  expect(res.status).toBe(401);
  expect(await stub.requests()).toEqual([]);
  const all = await (await fetch(`${stub.origin}/_stub/requests`)).json();
  expect(all.value).toEqual([
    expect.objectContaining({
      tenantId: null,
      status: 401,
      error: expect.objectContaining({ code: 'InvalidAuthenticationToken' }),
    }),
  ]);
});

it("shows a tenant only its own requests, and forgets them with the tenant's reset", async () => {
  const stub = await started();
  const other = stub.tokenFor({ tenantId: OTHER_TENANT });
  await stub.call('GET', PACKAGES);
  await stub.call('GET', PACKAGES, { token: other });
  await stub.call('GET', `${PACKAGES}?$top=1`, { token: other });

  const asOther = await fetch(`${stub.origin}/_stub/requests`, { headers: { authorization: `Bearer ${other}` } });
  const theirs = (await asOther.json()).value as Array<{ tenantId: string }>;
  expect(theirs.map((e) => e.tenantId)).toEqual([OTHER_TENANT, OTHER_TENANT]);
  const peek = await fetch(`${stub.origin}/_stub/requests?tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47`, {
    headers: { authorization: `Bearer ${other}` },
  });
  expect(peek.status).toBe(403);
  const byAdmin = await (await fetch(`${stub.origin}/_stub/requests?tenantId=${OTHER_TENANT}`)).json();
  expect(byAdmin.value).toHaveLength(2);

  await stub.reset();
  expect(await stub.requests()).toEqual([]);
  const kept = await (await fetch(`${stub.origin}/_stub/requests?tenantId=${OTHER_TENANT}`)).json();
  expect(kept.value).toHaveLength(2);
  const cleared = await fetch(`${stub.origin}/_stub/requests`, { method: 'DELETE' });
  expect(cleared.status).toBe(204);
  expect((await (await fetch(`${stub.origin}/_stub/requests`)).json()).value).toEqual([]);
});

it('keeps no secret a body carried, and summarises a body too long to keep', async () => {
  const stub = await started();
  await stub.call('POST', PACKAGES, {
    body: {
      catalogId: GENERAL_CATALOG_ID,
      displayName: 'Secrets',
      authenticationConfiguration: { clientSecret: 'hunter2', password: 'pa55', nested: [{ token: 'abc' }] },
    },
  });
  await stub.call('POST', PACKAGES, {
    body: { catalogId: GENERAL_CATALOG_ID, displayName: 'Long', description: 'x'.repeat(20_000) },
  });
  const [secret, long] = await stub.requests();
  expect(secret?.body).toEqual({
    catalogId: GENERAL_CATALOG_ID,
    displayName: 'Secrets',
    authenticationConfiguration: {
      clientSecret: '[redacted]',
      password: '[redacted]',
      nested: [{ token: '[redacted]' }],
    },
  });
  expect(JSON.stringify(secret)).not.toContain('hunter2');
  expect(long?.body).toEqual({ '@stub.truncated': expect.stringMatching(/^a body of 2\d{4} characters$/) });
});

it('keeps only the last journalSize requests, and says how many it let go', async () => {
  const stub = await started({ journalSize: 3 });
  for (let i = 0; i < 5; i += 1) await stub.call('GET', `${PACKAGES}?$top=${i + 1}`);
  const answer = await (await fetch(`${stub.origin}/_stub/requests`)).json();
  expect(answer.capacity).toBe(3);
  expect(answer.dropped).toBe(2);
  expect(answer.value.map((e: { query: string }) => e.query)).toEqual(['$top=3', '$top=4', '$top=5']);
  const none = await started({ journalSize: 0 });
  await none.call('GET', PACKAGES);
  expect(await none.requests()).toEqual([]);
});

it.each([
  ['since=yesterday', /since must be a sequence number/],
  ['method=FETCH', /method must be an HTTP method/],
  ['status=abc', /status must be an HTTP status/],
  ['status=201&status=400', /status must be given once/],
  ['sort=seq', /takes no query options; remove 'sort'/],
])('answers a filter that means nothing (%s) with 400', async (query, message) => {
  const stub = await started();
  const res = await fetch(`${stub.origin}/_stub/requests?${query}`);
  const json = await res.json();
  expectGraphError({ status: res.status, json, text: '', headers: res.headers }, 400, 'BadRequest');
  expect(json.error.message).toMatch(message);
});

it('says in the log line of a refusal why it was refused, and logs bodies at debug level', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const stub = await started({ logger });
  const refused = await stub.call('POST', PACKAGES, { body: { displayName: 'No catalog', password: 'pa55' } });
  const line = lines.find((l) => l.status === 400);
  expect(line).toMatchObject({
    errorCode: refused.json.error.code,
    errorMessage: refused.json.error.message,
    body: { displayName: 'No catalog', password: '[redacted]' },
  });
  const short = String(refused.json.error.message).slice(0, 40);
  expect(line?.msg).toContain(`POST /beta${PACKAGES} -> 400 ${refused.json.error.code}: ${short}`);

  const quiet: Array<Record<string, unknown>> = [];
  const info = await started({ logger: pino({ level: 'info' }, { write: (l: string) => quiet.push(JSON.parse(l)) }) });
  await info.call('POST', PACKAGES, { body: { displayName: 'No catalog' } });
  expect(quiet.find((l) => l.status === 400)).not.toHaveProperty('body');
});
