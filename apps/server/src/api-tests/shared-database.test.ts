import { GENERAL_CATALOG_ID } from '../store/store.js';
import { PACKAGES, startTestStub, TEST_ENGINE, type TestStub, testDatabase } from '../testing/jest-helpers.js';

// Several stubs behind a load balancer share one tenant through PostgreSQL.
const onPostgres = TEST_ENGINE === 'postgres' ? describe : describe.skip;

onPostgres('two stub instances on one PostgreSQL database', () => {
  let a: TestStub;
  let b: TestStub;
  beforeEach(async () => {
    const database = testDatabase(`shared_${Date.now().toString(36)}`);
    a = await startTestStub({ database });
    b = await startTestStub({ database, pageSize: 7 });
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it('create in parallel through both: distinct ids, each served by both, and the same $count', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: `n${i}` } }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(201));
    const ids = answers.map((r) => r.json.id as string);
    expect(new Set(ids).size).toBe(40);
    for (const id of ids.slice(0, 10)) {
      expect((await a.call('GET', `${PACKAGES}/${id}`)).status).toBe(200);
      expect((await b.call('GET', `${PACKAGES}/${id}`)).status).toBe(200);
    }
    const countOf = async (stub: TestStub) =>
      (await stub.call('GET', `${PACKAGES}?$count=true&$top=1`)).json['@odata.count'];
    expect(await countOf(a)).toBe(40);
    expect(await countOf(b)).toBe(40);
  });

  it('pages through one while the other creates and deletes: every item that existed throughout, once', async () => {
    const original: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      original.push(
        (await a.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: `o${i}` } })).json.id,
      );
    }
    const deleted = new Set(original.filter((_, i) => i % 5 === 0));
    const seen: string[] = [];
    let next: string | undefined = PACKAGES;
    for (let page = 0; next; page += 1) {
      const res = await b.call('GET', next);
      seen.push(...res.json.value.map((p: { id: string }) => p.id));
      next = res.json['@odata.nextLink'];
      if (page === 1) {
        for (const id of deleted) await a.call('DELETE', `${PACKAGES}/${id}`);
        for (let i = 0; i < 5; i += 1) {
          await a.call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName: `new${i}` } });
        }
      }
    }
    const throughout = original.filter((id) => !deleted.has(id));
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(throughout.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});
