import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, expectGraphError, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

let stub: TestStub;
beforeEach(async () => {
  stub = await startTestStub();
});
afterEach(async () => {
  await stub.close();
});

async function create(displayName: string, extra: Record<string, unknown> = {}) {
  const res = await stub.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName, ...extra } });
  expect(res.status).toBe(201);
  return res.json as { id: string; displayName: string };
}
const names = (res: { json: { value: { displayName: string }[] } }) => res.json.value.map((p) => p.displayName);
const q = (query: string) => stub.call('GET', `${PACKAGES}?${query}`);

describe('$filter', () => {
  beforeEach(async () => {
    await create('Marketing Team');
    await create("O'Brien's team", { isHidden: true });
    await create('Sales');
  });

  it.each([
    ["displayName eq 'Sales'", ['Sales']],
    ["contains(displayName,'Team')", ['Marketing Team']],
    ["contains(tolower(displayName),'team')", ['Marketing Team', "O'Brien's team"]],
    ["startswith(displayName,'Mark')", ['Marketing Team']],
    ["displayName eq 'O''Brien''s team'", ["O'Brien's team"]],
    ['isHidden eq true', ["O'Brien's team"]],
    [
      "isHidden eq false and (startswith(displayName,'S') or contains(displayName,'Market'))",
      ['Marketing Team', 'Sales'],
    ],
    [`catalogId eq '${GENERAL_CATALOG_ID}'`, ['Marketing Team', "O'Brien's team", 'Sales']],
  ])('%s', async (filter, expected) => {
    const res = await q(`$filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(expected);
  });

  it('accepts the beta spelling without $', async () => {
    expect(names(await q(`filter=${encodeURIComponent("displayName eq 'Sales'")}`))).toEqual(['Sales']);
  });

  it.each([
    ["colour eq 'red'", 'colour'],
    ["displayName eq 'unterminated", 'position'],
    ["substringof('a',displayName)", 'substringof'],
    ["isHidden eq 'yes'", 'isHidden'],
    ['displayName eq', ''],
  ])('answers 400 InvalidFilter for %s', async (filter, mentions) => {
    const res = await q(`$filter=${encodeURIComponent(filter)}`);
    expectGraphError(res, 400, 'InvalidFilter');
    expect(res.json.error.message).toMatch(/^Invalid filter clause/);
    expect(res.json.error.message).toContain(mentions);
  });
});

describe('$select, $orderby, $expand, $count', () => {
  it('projects the selected properties and always keeps id', async () => {
    const created = await create('Projected', { description: 'hidden by select' });
    const res = await q('$select=displayName');
    expect(res.json.value).toEqual([{ id: created.id, displayName: 'Projected' }]);
    expect(res.json['@odata.context']).toMatch(/accessPackages\(displayName\)$/);
    const one = await stub.call('GET', `${PACKAGES}/${created.id}?select=id,description`);
    expect(one.json).toEqual({
      '@odata.context': expect.stringContaining('$entity'),
      id: created.id,
      description: 'hidden by select',
    });
  });

  it('answers 400 for an unknown $select property', async () => {
    const res = await q('$select=displayName,colour');
    expectGraphError(res, 400, 'BadRequest');
    expect(res.json.error.message).toContain('colour');
  });

  it('orders by displayName in either direction, and by creation time', async () => {
    for (const name of ['beta', 'Alpha', 'gamma']) await create(name);
    expect(names(await q('$orderby=displayName'))).toEqual(['Alpha', 'beta', 'gamma']);
    expect(names(await q(`$orderby=${encodeURIComponent('displayName desc')}`))).toEqual(['gamma', 'beta', 'Alpha']);
    expect(names(await q(`$orderby=${encodeURIComponent('createdDateTime desc')}`))).toEqual([
      'gamma',
      'Alpha',
      'beta',
    ]);
    expectGraphError(await q('$orderby=description'), 400, 'BadRequest');
  });

  it('embeds the catalog with $expand=accessPackageCatalog, and packages in a catalog', async () => {
    const created = await create('Expanded');
    const one = await stub.call('GET', `${PACKAGES}/${created.id}?$expand=accessPackageCatalog`);
    expect(one.json.accessPackageCatalog).toMatchObject({ id: GENERAL_CATALOG_ID, displayName: 'General' });
    const catalog = await stub.call('GET', `${CATALOGS}/${GENERAL_CATALOG_ID}?$expand=accessPackages`);
    expect(catalog.json.accessPackages.map((p: { id: string }) => p.id)).toEqual([created.id]);
    expectGraphError(await q('$expand=accessPackageResources'), 400, 'BadRequest');
  });

  it('adds @odata.count to the first page only', async () => {
    for (let i = 0; i < 5; i += 1) await create(`n${i}`);
    const first = await q('$count=true&$top=2');
    expect(first.json['@odata.count']).toBe(5);
    const second = await stub.call('GET', first.json['@odata.nextLink']);
    expect(second.json['@odata.count']).toBeUndefined();
    expect((await q('$top=2')).json['@odata.count']).toBeUndefined();
  });
});

describe('paging', () => {
  async function follow(firstUrl: string) {
    const pages: string[][] = [];
    let url: string | undefined = firstUrl;
    while (url) {
      const res = await stub.call('GET', url);
      expect(res.status).toBe(200);
      pages.push(names(res));
      url = res.json['@odata.nextLink'];
    }
    return pages;
  }

  it('pages 100 at a time by default with an absolute nextLink', async () => {
    for (let i = 0; i < 130; i += 1) await create(`p${String(i).padStart(3, '0')}`);
    const first = await q('');
    expect(first.json.value).toHaveLength(100);
    expect(first.json['@odata.nextLink']).toMatch(
      new RegExp(`^${stub.baseUrl.replace(/[.]/g, '\\.')}/.*\\$skiptoken=`),
    );
    const pages = await follow(`${stub.baseUrl}${PACKAGES}`);
    expect(pages.map((p) => p.length)).toEqual([100, 30]);
  });

  it('keeps every other query option in nextLink, whether written with $ or not', async () => {
    for (let i = 0; i < 5; i += 1) await create(`k${i}`, { isHidden: i % 2 === 0 });
    const first = await q(
      `top=1&filter=${encodeURIComponent('isHidden eq true')}&$orderby=${encodeURIComponent('displayName desc')}`,
    );
    const pages = await follow(first.json['@odata.nextLink']);
    expect([names(first), ...pages].flat()).toEqual(['k4', 'k2', 'k0']);
  });

  it('stays consistent while items are created and deleted between pages', async () => {
    const created = [];
    for (let i = 0; i < 12; i += 1) created.push(await create(`c${String(i).padStart(2, '0')}`));
    const first = await q('$top=5');
    expect(names(first)).toEqual(['c00', 'c01', 'c02', 'c03', 'c04']);
    // Delete one already seen and one not yet seen, then add one at the end.
    await stub.call('DELETE', `${PACKAGES}/${created[1]?.id}`);
    await stub.call('DELETE', `${PACKAGES}/${created[7]?.id}`);
    await create('c12');
    const rest = (await follow(first.json['@odata.nextLink'])).flat();
    expect(rest).toEqual(['c05', 'c06', 'c08', 'c09', 'c10', 'c11', 'c12']);
  });

  it('answers 400 for a tampered $skiptoken or one reused with other options', async () => {
    for (let i = 0; i < 3; i += 1) await create(`t${i}`);
    const next: string = (await q('$top=1')).json['@odata.nextLink'];
    expectGraphError(await stub.call('GET', `${next}x`), 400, 'BadRequest');
    expectGraphError(await stub.call('GET', next.replace('top=1', 'top=2')), 400, 'BadRequest');
  });

  it('answers 400 for $top outside 1-999', async () => {
    expectGraphError(await q('$top=0'), 400, 'BadRequest');
    expectGraphError(await q('$top=1000'), 400, 'BadRequest');
    expectGraphError(await q('top=abc'), 400, 'BadRequest');
  });
});
