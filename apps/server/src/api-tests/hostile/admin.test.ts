import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { startServer } from '../../server.js';
import { GENERAL_CATALOG_ID } from '../../store/store.js';
import { PACKAGES, type TestStub, TUTORIAL, useTestStubs } from '../../testing/jest-helpers.js';
import { expectRefused, send, snapshot } from './hostile.js';

// The admin routes from a hostile web page, or from the network: no takeover.
const start = useTestStubs();
const JSON_TYPE = { 'content-type': 'application/json' };

async function withPackage(stub: TestStub): Promise<string> {
  await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: 'keep me' } });
  return snapshot(stub);
}

const reset = (stub: TestStub, headers: Record<string, string> = JSON_TYPE, body?: string) =>
  send(stub, { method: 'POST', path: '/_stub/reset', headers, body, token: null });

describe('refused cross-origin', () => {
  it.each([
    ['another origin', { origin: 'http://evil.example' }],
    ['the null origin', { origin: 'null' }],
    ['a loopback origin on another port', { origin: 'http://127.0.0.1:1' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
    ['a same-site fetch', { 'sec-fetch-site': 'same-site' }],
  ])('a reset from %s answers 403 and resets nothing', async (_what, headers) => {
    const stub = await start();
    const before = await withPackage(stub);
    const res = await reset(stub, { ...JSON_TYPE, ...headers });
    expectRefused(res, 403, 'CrossOriginRequestRefused');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(await snapshot(stub)).toBe(before);
    expectRefused(await send(stub, { path: '/_stub/health', headers, token: null }), 403, 'CrossOriginRequestRefused');
  });

  it('answers a preflight for the admin routes with 403, never with CORS headers', async () => {
    const stub = await start();
    const res = await send(stub, {
      method: 'OPTIONS',
      path: '/_stub/reset',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
      token: null,
    });
    expectRefused(res, 403, 'CrossOriginRequestRefused');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers its own origin (the docs page) and clients that are no web page', async () => {
    const stub = await start();
    expect((await reset(stub, { ...JSON_TYPE, origin: stub.origin, 'sec-fetch-site': 'same-origin' })).status).toBe(
      200,
    );
    expect((await reset(stub)).status).toBe(200);
  });
});

it('keeps the --rate-limit window when a reset is refused', async () => {
  const stub = await start({ simulation: { rateLimit: { requests: 2, windowMs: 60_000 } } });
  await stub.call('GET', PACKAGES);
  await stub.call('GET', PACKAGES);
  expectRefused(await stub.call('GET', PACKAGES), 429, 'TooManyRequests');
  expectRefused(await reset(stub, { ...JSON_TYPE, origin: 'http://evil.example' }), 403, 'CrossOriginRequestRefused');
  expectRefused(await reset(stub, {}), 415, 'UnsupportedMediaType');
  expectRefused(await stub.call('GET', PACKAGES), 429, 'TooManyRequests');
  expect((await reset(stub)).status).toBe(200);
  expect((await stub.call('GET', PACKAGES)).status).toBe(200);
});

describe('refused unless JSON', () => {
  it.each([
    ['no Content-Type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['JSON in UTF-16', { 'content-type': 'application/json; charset=utf-16' }],
  ])(
    'a reset with %s (what a page may send without preflight) answers 415 and resets nothing',
    async (_what, headers) => {
      const stub = await start();
      const before = await withPackage(stub);
      expectRefused(await reset(stub, headers), 415, 'UnsupportedMediaType');
      expect(await snapshot(stub)).toBe(before);
    },
  );

  it.each(['{"keep":true}', '[]', '12345', '"x"', '{', `{"a":"${'x'.repeat(100)}"}`])(
    'a reset with the body %s answers 400',
    async (body) => {
      const stub = await start();
      const before = await withPackage(stub);
      expectRefused(await reset(stub, JSON_TYPE, body), 400, 'BadRequest');
      expect(await snapshot(stub)).toBe(before);
    },
  );

  it('takes no body at all, as `curl -X POST -H "Content-Type: application/json"` sends it (regression)', async () => {
    const stub = await start();
    // curl sends neither Content-Length nor a body; fetch would add `Content-Length: 0`.
    const { hostname, port } = new URL(stub.origin);
    const head = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.end(
          `POST /_stub/reset HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n`,
        );
      });
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk;
      });
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });

  it('takes no body or {}', async () => {
    const stub = await start();
    expect((await reset(stub, JSON_TYPE, '{}')).status).toBe(200);
    expect((await reset(stub, { 'content-type': 'application/json; charset=utf-8' }, ' { } ')).status).toBe(200);
  });
});

describe('the admin token', () => {
  const TOKEN = 'a-long-enough-admin-token-0123456789';

  it('is required once configured: none or a wrong one answer 401, and a Graph token acts on its own tenant only', async () => {
    const stub = await start({ adminToken: TOKEN });
    const before = await withPackage(stub);
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const headers = authorization ? { ...JSON_TYPE, authorization } : JSON_TYPE;
      const res = await reset(stub, headers);
      expectRefused(res, 401, 'InvalidAuthenticationToken');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expectRefused(
        await send(stub, { path: '/_stub/health', headers, token: null }),
        401,
        'InvalidAuthenticationToken',
      );
    }
    expect(await snapshot(stub)).toBe(before);
    // Another tenant's token resets that tenant, not this one; naming this one is refused.
    const theirs = `Bearer ${stub.tokenFor({ tenantId: randomUUID() })}`;
    expect((await reset(stub, { ...JSON_TYPE, authorization: theirs })).status).toBe(200);
    expectRefused(
      await send(stub, {
        method: 'POST',
        path: `/_stub/reset?tenantId=${TUTORIAL.tenantId}`,
        headers: { ...JSON_TYPE, authorization: theirs },
        token: null,
      }),
      403,
      'Authorization_RequestDenied',
    );
    expect(await snapshot(stub)).toBe(before);
    expect((await reset(stub, { ...JSON_TYPE, authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect(stub.adminToken).toBe(TOKEN);
  });

  it('is made up when the stub listens beyond loopback without one', async () => {
    const running = await startServer({ host: '0.0.0.0', port: 0 });
    try {
      expect(running.adminToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const url = `http://127.0.0.1:${new URL(running.origin).port}/_stub/health`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: `Bearer ${running.adminToken}` } })).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('is not needed on loopback unless configured', async () => {
    const stub = await start();
    expect(stub.adminToken).toBeUndefined();
    expect((await send(stub, { path: '/_stub/health', token: null })).status).toBe(200);
  });
});
