import { createDevCertificate } from '../../http/tls.js';
import { CATALOGS, PACKAGES, type TestStub, useTestStubs } from '../../testing/jest-helpers.js';
import { expectRefused, send, sendRaw } from './hostile.js';

// Graph's envelope for everything Node itself refuses, HEAD answered as GET, and the headers browsers rely on.
const start = useTestStubs();
let stub: TestStub;
beforeEach(async () => {
  stub = await start();
});

const hostLine = () => `Host: ${new URL(stub.origin).host}\r\n`;

describe("Node's own refusals, in Graph's envelope with a request-id", () => {
  it('answers a URL over 16 KB with 431', async () => {
    const res = await sendRaw(stub, `GET /beta${PACKAGES}?$filter=${'a'.repeat(17_000)} HTTP/1.1\r\n${hostLine()}\r\n`);
    expectRefused(res, 431, 'RequestHeaderFieldsTooLarge');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers headers over 16 KB (a 20 KB token) with 431', async () => {
    const token = stub.tokenFor({ upn: 'x'.repeat(20_000) });
    expectRefused(await send(stub, { path: `/beta${PACKAGES}`, token }), 431, 'RequestHeaderFieldsTooLarge');
  });

  it.each([
    ['a request line that is no HTTP', 'GARBAGE\r\n\r\n'],
    ['an unknown method', `BREW /beta HTTP/1.1\r\n${'Host: 127.0.0.1\r\n'}\r\n`],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n'],
    ['a control character in a header', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: a\u0001b\r\n\r\n'],
    [
      'two Content-Lengths',
      'POST /beta HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
    ],
  ])('answers %s with 400', async (_what, bytes) => {
    expectRefused(await sendRaw(stub, bytes), 400, 'BadRequest');
  });

  it('answers a body with a bad chunk size with 400, once', async () => {
    const head = `POST /beta${PACKAGES} HTTP/1.1\r\n${hostLine()}Authorization: Bearer ${stub.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const res = await sendRaw(stub, `${head}zz\r\n{}\r\n0\r\n\r\n`);
    expectRefused(res, 400, 'BadRequest');
    expect(res.raw.match(/^HTTP\/1\.1 \d{3} /gm)).toHaveLength(1);
  });

  it('answers an Expect it cannot meet with 417', async () => {
    const res = await send(stub, { path: `/beta${PACKAGES}`, headers: { expect: 'teapot' } });
    expectRefused(res, 417, 'ExpectationFailed');
  });

  it('answers a request that is not sent in time with 408', async () => {
    const slow = await start({ requestTimeoutMs: 1000 });
    const res = await sendRaw(slow, `GET /beta${PACKAGES} HTTP/1.1\r\nHost: 127.0.0.1\r\n`, 10_000);
    expectRefused(res, 408, 'RequestTimeout');
  });
});

describe('HEAD', () => {
  it('answers like GET, headers without a body', async () => {
    const get = await send(stub, { path: `/beta${CATALOGS}` });
    const head = await send(stub, { method: 'HEAD', path: `/beta${CATALOGS}` });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers['request-id']).toBeDefined();
    expect((await send(stub, { method: 'HEAD', path: '/_stub/health', token: null })).status).toBe(200);
  });

  it('answers a HEAD that fails with the status a GET gets, and no body', async () => {
    const missing = await send(stub, { method: 'HEAD', path: `/beta${PACKAGES}/nope` });
    expect([missing.status, missing.text]).toEqual([404, '']);
    const unknown = await send(stub, { method: 'HEAD', path: '/beta/nowhere' });
    expect([unknown.status, unknown.text]).toEqual([400, '']);
    const anonymous = await send(stub, { method: 'HEAD', path: `/beta${PACKAGES}`, token: null });
    expect([anonymous.status, anonymous.text]).toEqual([401, '']);
  });
});

describe('headers', () => {
  it('sends nosniff everywhere and no-store on API and admin answers, errors included', async () => {
    for (const [path, token] of [
      [`/beta${PACKAGES}`, undefined],
      [`/beta${PACKAGES}/nope`, undefined],
      [`/beta${PACKAGES}`, null],
      ['/_stub/health', null],
      ['/nowhere', null],
    ] as const) {
      const res = await send(stub, { path, token });
      expect([path, res.headers['x-content-type-options'], res.headers['cache-control']]).toEqual([
        path,
        'nosniff',
        'no-store',
      ]);
    }
  });

  it('puts a Content-Security-Policy on /docs and serves only its own assets there', async () => {
    const page = await send(stub, { path: '/docs', token: null });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'none'.*script-src 'self'.*frame-ancestors 'none'/,
    );
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await send(stub, { path: '/docs/assets/swagger-ui-bundle.js', token: null })).status).toBe(200);
    expect((await send(stub, { path: '/docs/assets/swagger-ui.css', token: null })).status).toBe(200);
    for (const path of [
      '/docs/assets/package.json',
      '/docs/assets/index.html',
      '/docs/assets/swagger-ui-bundle.js.map',
      '/docs/assets/%2e%2e/package.json',
      '/docs/assets/..%2fpackage.json',
      '/docs/assets/__proto__',
      '/docs/assets/constructor',
      '/docs/package.json',
    ]) {
      expectRefused(await send(stub, { path, token: null }), 404, 'NotFound');
    }
  });

  it('sends Strict-Transport-Security under TLS, except to localhost names', async () => {
    const tls = await start({ tls: await createDevCertificate(), publicUrl: 'https://stub.example.com' });
    const get = (host: string) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const url = new URL(tls.origin);
        const https = require('node:https') as typeof import('node:https');
        https
          .get(
            { host: url.hostname, port: url.port, path: '/_stub/health', headers: { host }, rejectUnauthorized: false },
            (res) => {
              res.resume();
              resolve(res.headers);
            },
          )
          .on('error', reject);
      });
    expect((await get('stub.example.com'))['strict-transport-security']).toBe('max-age=31536000');
    expect((await get('localhost:4010'))['strict-transport-security']).toBeUndefined();
    expect(
      (await send(stub, { path: '/_stub/health', token: null })).headers['strict-transport-security'],
    ).toBeUndefined();
  }, 60_000);
});
