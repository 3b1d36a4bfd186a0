import { createDevToken, DEV_TENANT_ID } from '../auth/dev-token.js';
import { startServer } from '../server.js';
import { openStore } from '../store/sql/open.js';
import { GENERAL_CATALOG_ID } from '../store/store.js';
import { testDatabase } from '../testing/engine.js';
import { PACKAGES } from '../testing/jest-helpers.js';
import { StoredJsonPage } from './json-answers.js';

const headers = { authorization: `Bearer ${createDevToken()}` };

describe('StoredJsonPage', () => {
  const texts = [JSON.stringify({ id: '1', displayName: 'Ünïcode "quoted" \\ \u2028' }), JSON.stringify({ id: '2' })];
  const page = new StoredJsonPage(
    { '@odata.context': 'http://x/beta/$metadata#accessPackages', '@odata.nextLink': "http://x/?$skiptoken='a'" },
    texts,
  );

  it('is the text JSON.stringify gives for the same page, read as an object', () => {
    expect(page.text()).toBe(JSON.stringify(page));
    expect(JSON.parse(page.text())).toEqual({
      '@odata.context': 'http://x/beta/$metadata#accessPackages',
      '@odata.nextLink': "http://x/?$skiptoken='a'",
      value: texts.map((text) => JSON.parse(text)),
    });
  });

  it('shows only its annotations as own properties, and its items as value', () => {
    expect(Object.keys(page)).toEqual(['@odata.context', '@odata.nextLink']);
    expect(page.value).toEqual([{ id: '1', displayName: 'Ünïcode "quoted" \\ \u2028' }, { id: '2' }]);
    expect(new StoredJsonPage({ '@odata.context': 'c' }, []).text()).toBe('{"@odata.context":"c","value":[]}');
  });
});

it('answers a list with the same bytes whether responses are validated or not', async () => {
  // Two stubs on one store: one checks every answer against the contract (as the tests do), one does not (as the CLI).
  const store = openStore(testDatabase());
  const checked = await startServer({ port: 0, store, validateResponses: true });
  const unchecked = await startServer({ port: 0, store, validateResponses: false });
  try {
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${checked.baseUrl}${PACKAGES}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: `Package "${i}" ü`, description: 'x' }),
      });
      expect(res.status).toBe(201);
    }
    const answer = async (baseUrl: string, path: string) => {
      const res = await fetch(`${baseUrl}${path}`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json;odata\.metadata=minimal/);
      return (await res.text()).replaceAll(baseUrl, '<stub>');
    };
    for (const path of [PACKAGES, `${PACKAGES}?$top=2&$count=true`, `${PACKAGES}?$top=4`]) {
      const text = await answer(checked.baseUrl, path);
      expect(await answer(unchecked.baseUrl, path)).toBe(text);
      const page = JSON.parse(text) as { value: Array<{ id: string }>; '@odata.nextLink'?: string };
      expect(page.value.length).toBeGreaterThan(0);
      // Each item as a list sends it is the item as a get sends it.
      const one = JSON.parse(await answer(checked.baseUrl, `${PACKAGES}/${page.value[0]?.id}`)) as Record<
        string,
        unknown
      >;
      const { '@odata.context': _context, ...item } = one;
      expect(page.value[0]).toEqual(item);
    }
  } finally {
    await checked.close();
    await unchecked.close();
    await store.close();
  }
});

it('still shows response validation the items of a list it answers as stored text', async () => {
  const store = openStore(testDatabase());
  const checked = await startServer({ port: 0, store, validateResponses: true });
  try {
    // An item the contract does not allow, put in the store past the API.
    const tenant = await store.tenant(DEV_TENANT_ID);
    await tenant.insert('accessPackage', { id: 'not-a-guid', displayName: 'x', notInTheContract: true });
    const res = await fetch(`${checked.baseUrl}${PACKAGES}`, { headers });
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/does not match the contract/);
  } finally {
    await checked.close();
    await store.close();
  }
});
