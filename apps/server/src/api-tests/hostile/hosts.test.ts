import { GENERAL_CATALOG_ID } from '../../store/store.js';
import { CATALOGS, PACKAGES, type TestStub, useTestStubs } from '../../testing/jest-helpers.js';
import { expectRefused, send, sendRaw, snapshot } from './hostile.js';

// DNS rebinding, Host headers and links: the stub answers only to its own names and links only to itself.
const start = useTestStubs();

describe('the Host allow-list', () => {
  let stub: TestStub;
  beforeEach(async () => {
    stub = await start();
  });

  it.each(['evil.example', 'evil.example:4010', 'attacker.127.0.0.1.nip.io', 'localhost.evil.example'])(
    'refuses Host: %s with 400 on every route, changing nothing',
    async (host) => {
      const before = await snapshot(stub);
      for (const [method, path] of [
        ['GET', `/beta${PACKAGES}`],
        ['POST', `/beta${PACKAGES}`],
        ['GET', '/_stub/health'],
        ['POST', '/_stub/reset'],
        ['GET', '/docs'],
        ['GET', '/openapi.yaml'],
      ] as const) {
        const body =
          method === 'POST' && path.startsWith('/beta')
            ? JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: 'x' })
            : undefined;
        const res = await send(stub, { method, path, headers: { host, 'content-type': 'application/json' }, body });
        expectRefused(res, 400, 'BadRequest');
        expect(res.json.error.message).toContain('Host');
      }
      expect(await snapshot(stub)).toBe(before);
    },
  );

  it.each(['a b', '[::1', 'exa mple.com:80', 'host:port', 'host:99999', `${'a'.repeat(300)}.example`, 'a/b', 'a@b'])(
    'refuses the malformed Host %j with 400, never 500',
    async (host) => {
      expectRefused(await send(stub, { path: `/beta${PACKAGES}`, headers: { host } }), 400, 'BadRequest');
    },
  );

  it('refuses a request without Host (HTTP/1.1 and 1.0) with 400 in the envelope', async () => {
    for (const version of ['1.1', '1.0']) {
      const res = await sendRaw(stub, `GET /_stub/health HTTP/${version}\r\nConnection: close\r\n\r\n`);
      expectRefused(res, 400, 'BadRequest');
    }
    const empty = await sendRaw(stub, 'GET /_stub/health HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n');
    expectRefused(empty, 400, 'BadRequest');
  });

  it.each([
    'localhost',
    'LOCALHOST:1',
    'app.localhost',
    '127.0.0.1',
    '127.1.2.3:80',
    '[::1]',
    '[::1]:4010',
    '10.0.0.7',
    'localhost.',
  ])('answers Host: %s (a loopback name or an IP address)', async (host) => {
    expect((await send(stub, { path: `/beta${PACKAGES}`, headers: { host } })).status).toBe(200);
  });
});

describe('links name the stub, never a Host header', () => {
  it('writes @odata.context and @odata.nextLink with the address the connection came in on', async () => {
    const stub = await start({ pageSize: 1 });
    await stub.call('POST', CATALOGS, { body: { displayName: 'second' } });
    const res = await send(stub, { path: `/beta${CATALOGS}`, headers: { host: 'localhost:1' } });
    expect(res.status).toBe(200);
    expect(res.json['@odata.context']).toBe(
      `${stub.origin}/beta/$metadata#identityGovernance/entitlementManagement/accessPackageCatalogs`,
    );
    expect(res.json['@odata.nextLink'].startsWith(`${stub.origin}/beta${CATALOGS}?$skiptoken=`)).toBe(true);
  });

  it('writes them with --public-url, whose host it then answers to', async () => {
    const stub = await start({ pageSize: 1, publicUrl: 'https://stub.example.com/graph/' });
    await stub.call('POST', CATALOGS, { body: { displayName: 'second' } });
    const res = await send(stub, {
      path: `/beta${CATALOGS}?$select=displayName`,
      headers: { host: 'STUB.example.com' },
    });
    expect(res.status).toBe(200);
    expect(res.json['@odata.context']).toBe(
      'https://stub.example.com/graph/beta/$metadata#identityGovernance/entitlementManagement/accessPackageCatalogs(displayName)',
    );
    expect(
      res.json['@odata.nextLink'].startsWith(
        `https://stub.example.com/graph/beta${CATALOGS}?$select=displayName&$skiptoken=`,
      ),
    ).toBe(true);
    const one = await stub.call('GET', `${CATALOGS}/${GENERAL_CATALOG_ID}`);
    expect(one.json['@odata.context']).toBe(
      'https://stub.example.com/graph/beta/$metadata#identityGovernance/entitlementManagement/accessPackageCatalogs/$entity',
    );
    expectRefused(
      await send(stub, { path: `/beta${CATALOGS}`, headers: { host: 'other.example.com' } }),
      400,
      'BadRequest',
    );
  });

  it('refuses a public URL that is not one at start-up', async () => {
    await expect(start({ publicUrl: 'stub.example.com' })).rejects.toThrow(/not an absolute URL/);
    await expect(start({ publicUrl: 'https://stub.example.com/?x=1' })).rejects.toThrow(/no user, password, query/);
    await expect(start({ publicUrl: 'ftp://stub.example.com' })).rejects.toThrow(/http:\/\/ or https:\/\//);
  });
});

describe('CORS on /beta', () => {
  const preflight = (stub: TestStub, origin: string) =>
    send(stub, {
      method: 'OPTIONS',
      path: `/beta${PACKAGES}`,
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      token: null,
    });

  it('is open to any origin by default, as Graph is', async () => {
    const stub = await start();
    const res = await preflight(stub, 'https://app.example');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
  });

  it('admits only the origins --cors-origins lists', async () => {
    const stub = await start({ corsOrigins: ['https://app.example'] });
    expect((await preflight(stub, 'https://app.example')).headers['access-control-allow-origin']).toBe(
      'https://app.example',
    );
    const refused = await preflight(stub, 'https://evil.example');
    expectRefused(refused, 403, 'Forbidden');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const get = await send(stub, { path: `/beta${PACKAGES}`, headers: { origin: 'null' } });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('admits none with an empty list', async () => {
    const stub = await start({ corsOrigins: [] });
    expectRefused(await preflight(stub, 'https://app.example'), 403, 'Forbidden');
  });
});
