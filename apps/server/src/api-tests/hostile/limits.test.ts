import { GENERAL_CATALOG_ID } from '../../store/store.js';
import { CATALOGS, PACKAGES, type TestStub, useTestStubs } from '../../testing/jest-helpers.js';
import { expectRefused, snapshot } from './hostile.js';

// Limits from the contract: every string has a maxLength, the tenant a quota, and an answer a size.
const start = useTestStubs();

// The longest strings the contract allows, made of the character whose JSON is longest (\u0001: six characters).
const WIDE = '\u0001';
const maximal = (tag: string) => ({
  displayName: `${tag}${WIDE.repeat(256 - tag.length)}`,
  description: WIDE.repeat(1024),
});

it.each([
  ['displayName', { displayName: 'x'.repeat(257) }],
  ['description', { displayName: 'ok', description: 'x'.repeat(1025) }],
  ['an ignored read-only property', { displayName: 'ok', createdBy: 'x'.repeat(257) }],
  [
    'the ignored embedded catalog',
    { displayName: 'ok', accessPackageCatalog: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`m${i}`, i])) },
  ],
])('refuses a create with %s past its maxLength with 400 InvalidModel, storing nothing', async (_what, fields) => {
  const stub = await start();
  const before = await snapshot(stub);
  const res = await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, ...fields } });
  expectRefused(res, 400, 'InvalidModel');
  expect(await snapshot(stub)).toBe(before);
});

it('refuses updates past a maxLength, and accepts exactly the limit', async () => {
  const stub = await start();
  const created = await stub.call('POST', CATALOGS, { body: { displayName: 'Limits' } });
  const before = await snapshot(stub);
  expectRefused(
    await stub.call('PATCH', `${CATALOGS}/${created.json.id}`, { body: { displayName: 'é'.repeat(257) } }),
    400,
    'InvalidModel',
  );
  expect(await snapshot(stub)).toBe(before);
  // maxLength counts characters (code points), not bytes nor UTF-16 units: 256 emoji fit.
  expect(
    (await stub.call('PATCH', `${CATALOGS}/${created.json.id}`, { body: { displayName: '🙂'.repeat(256) } })).status,
  ).toBe(204);
});

it('clips a caller name longer than createdBy may hold to 256 characters', async () => {
  const stub = await start();
  const token = stub.tokenFor({ upn: `${'u'.repeat(5000)}@contoso.com` });
  const res = await stub.call('POST', CATALOGS, { body: { displayName: 'long upn' }, token });
  expect(res.status).toBe(201);
  expect(Array.from(res.json.createdBy as string)).toHaveLength(256);
});

describe('a tenant created up to its quota with maximal items', () => {
  const QUOTA = 1000;
  // Besides the packages: the General catalog and the five role definitions every tenant has, this test's catalog and
  // its creator's Catalog owner role.
  const PACKAGES_THAT_FIT = QUOTA - 8;
  let stub: TestStub;
  let catalogId: string;

  beforeAll(async () => {
    const { startTestStub } = await import('../../testing/jest-helpers.js');
    stub = await startTestStub({ maxItems: QUOTA });
    const catalog = await stub.call('POST', CATALOGS, { body: maximal('Big') });
    expect(catalog.status).toBe(201);
    catalogId = catalog.json.id;
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < PACKAGES_THAT_FIT; i = next++) {
        const res = await stub.call('POST', PACKAGES, { body: { catalogId, ...maximal(`p${i} `) } });
        if (res.status !== 201) throw new Error(`create ${i} answered ${res.status}: ${res.text.slice(0, 300)}`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
  }, 120_000);
  afterAll(async () => {
    await stub.close();
  });

  it('answers the next create of either kind 507 quotaLimitReached and stores nothing', async () => {
    const before = await snapshot(stub);
    const pkg = await stub.call('POST', PACKAGES, { body: { catalogId, displayName: 'one too many' } });
    expectRefused(pkg, 507, 'quotaLimitReached');
    expect(pkg.json.error.message).toContain(`${QUOTA}`);
    expectRefused(
      await stub.call('POST', CATALOGS, { body: { displayName: 'one too many' } }),
      507,
      'quotaLimitReached',
    );
    expect(await snapshot(stub)).toBe(before);
  });

  it('keeps answering: health, a full $top=999 page within its size bound, and the rest by @odata.nextLink', async () => {
    expect((await fetch(`${stub.origin}/_stub/health`)).status).toBe(200);
    const started = Date.now();
    const page = await stub.call('GET', `${PACKAGES}?$top=999`);
    expect(page.status).toBe(200);
    // About 8 KB of JSON each: the 4 MB bound ends the page early, and the nextLink carries on.
    expect(page.text.length).toBeLessThan(4.5 * 1024 * 1024);
    expect(page.json.value.length).toBeGreaterThan(100);
    expect(page.json.value.length).toBeLessThan(999);
    let seen = page.json.value.length;
    let link: string | undefined = page.json['@odata.nextLink'];
    while (link) {
      const more = await stub.call('GET', link);
      seen += more.json.value.length;
      link = more.json['@odata.nextLink'];
    }
    expect(seen).toBe(PACKAGES_THAT_FIT);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('bounds $expand: at most 100 embedded packages, and 20 catalogs to a page that embeds them', async () => {
    const one = await stub.call('GET', `${CATALOGS}/${catalogId}?$expand=accessPackages`);
    expect(one.status).toBe(200);
    expect(one.json.accessPackages).toHaveLength(100);
    const list = await stub.call('GET', `${CATALOGS}?$expand=accessPackages&$top=999`);
    expect(list.status).toBe(200);
    expect(list.json.value.length).toBeLessThanOrEqual(20);
    const withCatalogs = await stub.call('GET', `${PACKAGES}?$expand=accessPackageCatalog&$top=999`);
    expect(withCatalogs.status).toBe(200);
    expect(withCatalogs.text.length).toBeLessThan(4.5 * 1024 * 1024);
  });

  it('frees room again when items are deleted', async () => {
    const some = (await stub.call('GET', `${PACKAGES}?$top=1&$select=id`)).json.value[0].id;
    expect((await stub.call('DELETE', `${PACKAGES}/${some}`)).status).toBe(204);
    expect((await stub.call('POST', PACKAGES, { body: { catalogId, displayName: 'fits again' } })).status).toBe(201);
  });
});
