import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { graphTimestamp } from '../../graph/timestamps.js';
import { anyOf, both, idIn } from '../../odata/conditions.js';
import {
  type Condition,
  type FieldTypes,
  paginate,
  parseFilter,
  parseOrderBy,
  predicateOf,
} from '../../odata/index.js';
import { TEST_ENGINE, testDatabase } from '../../testing/engine.js';
import { OF_GROUP, OF_MEMBER } from '../references.js';
import { MEMBERSHIP, type Store, type StoredEntity, type TenantStore } from '../store.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { openStore } from './open.js';

const CATALOG_OWNER = 'ae79f266-94d4-4dab-b730-feca7e132178';

const FIELDS: FieldTypes = {
  displayName: 'string',
  description: 'string',
  isHidden: 'boolean',
  createdDateTime: 'datetime',
};

let store: Store;
beforeAll(async () => {
  store = openStore(testDatabase());
  await store.ready();
});
afterAll(async () => {
  await store.close();
});

async function freshTenant(): Promise<TenantStore> {
  return store.tenant(randomUUID());
}

// Strings that make SQL and JavaScript disagree if anything is off: case, accents, ß and İ (whose
// case mappings change length), the Kelvin sign and ſ (which JavaScript folds to ASCII k and S: SQL folding ASCII
// letters only must not be used for such needles), an astral character, quotes, LIKE and JSON path metacharacters.
const ALPHABET = [
  'a',
  'A',
  'b',
  'i',
  'k',
  's',
  'é',
  'É',
  'ß',
  'İ',
  'ı',
  '\u212A',
  'ſ',
  '😀',
  "'",
  '%',
  '_',
  '"',
  '$',
  '.',
  ' ',
];
const text = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 4 }).map((chars) => chars.join(''));
const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;
const instants = ['2021-01-01T00:00:00.0000000Z', '2021-01-01T00:00:00.5000000Z', '2024-06-30T12:00:00.0000000Z'];

const item = fc.record(
  {
    displayName: text,
    description: fc.option(text, { nil: null }),
    isHidden: fc.boolean(),
    createdDateTime: fc.constantFrom(...instants),
  },
  { requiredKeys: ['displayName'] },
);

const stringProperty = fc.constantFrom('displayName', 'description');
const folded = fc
  .tuple(fc.constantFrom('', 'tolower', 'toupper'), stringProperty)
  .map(([f, p]) => (f ? `${f}(${p})` : p));
const atom = fc.oneof(
  fc
    .tuple(folded, fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le'), text)
    .map(([p, op, v]) => `${p} ${op} ${quoted(v)}`),
  fc
    .tuple(fc.constantFrom('contains', 'startswith', 'endswith'), folded, text)
    .map(([f, p, v]) => `${f}(${p},${quoted(v)})`),
  fc.tuple(stringProperty, fc.constantFrom('eq', 'ne')).map(([p, op]) => `${p} ${op} null`),
  fc.constantFrom('isHidden', 'isHidden eq true', 'isHidden eq false', 'isHidden ne true', 'isHidden eq null'),
  fc
    .tuple(
      fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le'),
      fc.constantFrom(...instants, '2021-01-01T01:00:00+01:00', '2021-01-01T00:00:00.50000000001Z'),
    )
    .map(([op, at]) => `createdDateTime ${op} ${at}`),
);
const filter: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('node'), fc.constantFrom('and', 'or'), tie('node')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    tie('node').map((a) => `not (${a})`),
  ),
})).node as fc.Arbitrary<string>;

async function seed(tenant: TenantStore, items: Array<Partial<StoredEntity>>): Promise<StoredEntity[]> {
  const stored: StoredEntity[] = [];
  for (const fields of items) {
    const entity = JSON.parse(JSON.stringify({ id: randomUUID(), ...fields })) as StoredEntity;
    await tenant.insert('accessPackage', entity);
    stored.push(entity);
  }
  return stored;
}

async function everyPage(tenant: TenantStore, query: { filter: string; orderby?: string; size: number }) {
  const condition = parseFilter(query.filter, FIELDS);
  const orderBy =
    query.orderby === undefined ? undefined : parseOrderBy(query.orderby, ['displayName', 'createdDateTime']);
  const ids: string[] = [];
  let skiptoken: string | undefined;
  let count: number | undefined;
  for (let page = 0; page < 100; page += 1) {
    const result = await tenant.list('accessPackage', {
      filter: condition,
      ...(orderBy ? { orderBy } : {}),
      size: query.size,
      ...(skiptoken ? { skiptoken } : {}),
      fingerprint: JSON.stringify(query),
      count: page === 0,
    });
    if (page === 0) count = result.count;
    ids.push(...result.items.map((i) => i.id));
    skiptoken = result.nextSkiptoken;
    if (!skiptoken) break;
  }
  return { ids, count };
}

describe(`$filter in SQL on ${TEST_ENGINE}`, () => {
  it('selects exactly the items odata/filter.ts selects, page after page, for any filter', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { maxLength: 12 }),
        filter,
        fc.integer({ min: 1, max: 5 }),
        async (items, text, size) => {
          const tenant = await freshTenant();
          const stored = await seed(tenant, items);
          const matches = predicateOf(parseFilter(text, FIELDS));
          const expected = stored.filter((i) => matches(i)).map((i) => i.id);
          const { ids, count } = await everyPage(tenant, { filter: text, size });
          expect({ filter: text, ids, count }).toEqual({ filter: text, ids: expected, count: expected.length });
        },
      ),
      { seed: 4010, numRuns: TEST_ENGINE === 'sqlite' ? 300 : 120 },
    );
  });

  it('orders as odata/orderby.ts does when $orderby is given, collation included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { maxLength: 12 }),
        fc.constantFrom('displayName', 'displayName desc', 'createdDateTime desc,displayName'),
        async (items, orderby) => {
          const tenant = await freshTenant();
          const stored = (await seed(tenant, items)).map((i, seq) => ({ ...i, seq }));
          const { page } = paginate(stored, {
            orderBy: parseOrderBy(orderby, ['displayName', 'createdDateTime']),
            pageSize: 999,
            queryFingerprint: '',
          });
          const { ids } = await everyPage(tenant, { filter: 'isHidden or not isHidden', orderby, size: 3 });
          expect(ids).toEqual(page.map((i) => i.id));
        },
      ),
      { seed: 4010, numRuns: 60 },
    );
  });

  it('never runs text from a filter as SQL: injection attempts are plain values', async () => {
    const tenant = await freshTenant();
    const [victim] = await seed(tenant, [{ displayName: "x'); DROP TABLE entities; --" }, { displayName: 'other' }]);
    for (const attempt of ["x'); DROP TABLE entities; --", "' OR 1=1 --", "') OR ('1'='1", '$.displayName', '%', '_']) {
      const { ids } = await everyPage(tenant, { filter: `displayName eq ${quoted(attempt)}`, size: 10 });
      expect(ids).toEqual(attempt === victim?.displayName ? [victim.id] : []);
      expect(
        (await everyPage(tenant, { filter: `contains(displayName,${quoted(attempt)})`, size: 10 })).ids.length,
      ).toBeLessThanOrEqual(1);
    }
    expect((await everyPage(tenant, { filter: 'isHidden or not isHidden', size: 10 })).ids).toHaveLength(2);
  });
});

describe(`lists narrowed to many ids on ${TEST_ENGINE}`, () => {
  it('selects the items among thousands of ids, page after page, with SQL that does not grow with them', async () => {
    const tenant = await freshTenant();
    const stored = await seed(
      tenant,
      Array.from({ length: 1200 }, (_, i) => ({ displayName: `pkg-${i}`, isHidden: i % 3 === 0 })),
    );
    // SQLite refused an OR of a thousand equalities ("Expression tree is too large"): one id per stored item, plus
    // as many that match nothing, the case of an approver inbox or filterByCurrentUser over a large tenant.
    const wanted = stored.filter((_, i) => i % 2 === 0).map((i) => i.id);
    const ids = [...wanted, ...Array.from({ length: 3000 }, () => randomUUID())];
    const found: string[] = [];
    let skiptoken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await tenant.list('accessPackage', {
        filter: both(idIn(ids), parseFilter('not isHidden', FIELDS)),
        size: 250,
        fingerprint: 'many-ids',
        ...(skiptoken ? { skiptoken } : {}),
        count: page === 0,
      });
      if (page === 0) expect(result.count).toBe(stored.filter((item, i) => i % 2 === 0 && !item.isHidden).length);
      found.push(...result.items.map((i) => i.id));
      skiptoken = result.nextSkiptoken;
      if (!skiptoken) break;
    }
    const expected = stored.filter((item, i) => i % 2 === 0 && !item.isHidden).map((i) => i.id);
    expect(found.sort()).toEqual(expected.sort());
    // Two ids, one, none: an equality, and nothing.
    const [first, second] = wanted as [string, string];
    expect(
      (await tenant.list('accessPackage', { filter: idIn([first, second, first]), size: 10, fingerprint: 'two' }))
        .items,
    ).toHaveLength(2);
    expect((await tenant.list('accessPackage', { filter: idIn([]), size: 10, fingerprint: 'none' })).items).toEqual([]);
  });

  it('matches a list of values as JavaScript does where the property is missing, negated or not', async () => {
    const tenant = await freshTenant();
    const stored = await seed(tenant, [
      { displayName: 'a', description: 'x' },
      { displayName: 'b', description: 'y' },
      { displayName: 'c', description: null },
      { displayName: 'd' },
    ]);
    for (const filter of [
      anyOf('description', ['x', 'z']),
      { kind: 'not', operand: anyOf('description', ['x', 'z']) },
    ]) {
      const condition = filter as Condition;
      const matches = predicateOf(condition);
      const result = await tenant.list('accessPackage', { filter: condition, size: 10, fingerprint: 'values' });
      expect({ filter, names: result.items.map((i) => i.displayName) }).toEqual({
        filter,
        names: stored.filter((item) => matches(item)).map((i) => i.displayName),
      });
    }
  });
});

describe(`nested groups on ${TEST_ENGINE}`, () => {
  const link = (tenant: TenantStore, group: string, member: string) =>
    tenant.insert(MEMBERSHIP, { id: randomUUID(), [OF_GROUP]: group, [OF_MEMBER]: member, memberType: 'group' });

  it("finds every group a member is in, through any nesting and cycles, and no other tenant's", async () => {
    const tenant = await freshTenant();
    // user -> a -> b -> c -> a (a cycle), b -> d; e holds a alone, so it is no group of the user's.
    await link(tenant, 'a', 'user');
    await link(tenant, 'b', 'a');
    await link(tenant, 'c', 'b');
    await link(tenant, 'a', 'c');
    await link(tenant, 'd', 'b');
    await link(tenant, 'x', 'e');
    await link(tenant, 'e', 'nobody');
    expect((await tenant.transitiveGroupsOf('user')).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect((await tenant.transitiveGroupsOf('d')).sort()).toEqual([]);
    expect(await (await freshTenant()).transitiveGroupsOf('user')).toEqual([]);
    // An ownership is no membership.
    await tenant.insert('groupOwner', {
      id: randomUUID(),
      [OF_GROUP]: 'owned',
      [OF_MEMBER]: 'user',
      memberType: 'user',
    });
    expect(await tenant.transitiveGroupsOf('user')).not.toContain('owned');
  });

  it('walks a chain of 2,000 nested groups in one query, each group once', async () => {
    const tenant = await freshTenant();
    await tenant.transaction(async (tx) => {
      for (let i = 0; i < 2000; i++) await link(tx, `g${i + 1}`, i === 0 ? 'user' : `g${i}`);
    });
    expect(await tenant.transitiveGroupsOf('user')).toHaveLength(2000);
  });
});

describe(`transactions on ${TEST_ENGINE}`, () => {
  it('rolls a transaction back whole when it throws', async () => {
    const tenant = await freshTenant();
    await expect(
      tenant.transaction(async (tx) => {
        await tx.insert('accessPackage', { id: 'kept?', displayName: 'half' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await tenant.get('accessPackage', 'kept?')).toBeUndefined();
  });

  it('serialises read-then-write updates: concurrent increments are none of them lost', async () => {
    const tenant = await freshTenant();
    await tenant.insert('accessPackage', { id: 'counter', displayName: 'n', n: 0 });
    await Promise.all(
      Array.from({ length: 25 }, () =>
        tenant.update('accessPackage', 'counter', (c) => ({ ...c, n: Number(c.n) + 1 })),
      ),
    );
    expect((await tenant.get('accessPackage', 'counter'))?.n).toBe(25);
  });
});

// Statements run on a database as another program would, past the store.
async function rawSql(database: string, statements: readonly string[]): Promise<void> {
  if (TEST_ENGINE === 'sqlite') {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(database);
    for (const sql of statements) db.exec(sql);
    db.close();
    return;
  }
  const pg = (await import('pg')).default;
  const url = new URL(database);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: url.toString(), options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("a tenant's item count, which the quota reads", () => {
  it('follows every insert and delete, and a rolled-back insert not at all', async () => {
    const tenant = await freshTenant();
    const other = await freshTenant();
    const before = await tenant.count();
    for (const id of ['a', 'b', 'c']) await tenant.insert('accessPackage', { id, displayName: id });
    await other.insert('accessPackage', { id: 'a', displayName: 'elsewhere' });
    expect(await tenant.delete('accessPackage', 'b')).toBe(true);
    expect(await tenant.delete('accessPackage', 'b')).toBe(false);
    await expect(
      tenant.transaction(async (tx) => {
        await tx.insert('accessPackageCatalog', { id: 'd', displayName: 'd' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await tenant.count()).toBe(before + 2);
  });

  it('is worked out for the items a database of schema version 1 already holds when it is migrated', async () => {
    const database =
      TEST_ENGINE === 'sqlite' ? join(mkdtempSync(join(tmpdir(), 'stub-store-')), 'v1.db') : (testDatabase() as string);
    const v1 = MIGRATIONS.find((m) => m.version === 1);
    if (!v1) throw new Error('no migration 1');
    const at = graphTimestamp();
    await rawSql(database, [
      'CREATE TABLE schema_version (version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      ...v1[TEST_ENGINE],
      `INSERT INTO schema_version (version, name, applied_at) VALUES (1, '${v1.name}', '${at}')`,
      `INSERT INTO tenants (id, created_at) VALUES ('t1', '${at}'), ('t2', '${at}')`,
      `INSERT INTO entities (tenant_id, entity, id, data) VALUES ('t1', 'accessPackage', 'a', '{"id":"a"}'), ('t1', 'accessPackage', 'b', '{"id":"b"}'), ('t2', 'accessPackage', 'a', '{"id":"a"}')`,
    ]);
    const migrated = openStore(database);
    try {
      await migrated.ready();
      // Each tenant's items, and the five role definitions migration 4 gives the tenants that existed before it.
      expect([await (await migrated.tenant('t1')).count(), await (await migrated.tenant('t2')).count()]).toEqual([
        7, 6,
      ]);
      const owner = await (await migrated.tenant('t2')).get('unifiedRoleDefinition', CATALOG_OWNER);
      expect(owner).toMatchObject({ displayName: 'Catalog owner', templateId: CATALOG_OWNER, isBuiltIn: true });
    } finally {
      await migrated.close();
    }
  });
});

describe('a database the stub cannot use', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stub-store-'));

  (TEST_ENGINE === 'sqlite' ? it : it.skip)('refuses a file that is not SQLite, saying what to do', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'These are my notes, not a database. '.repeat(200));
    expect(() => openStore(path)).toThrow(
      /notes\.txt cannot be used as the stub's SQLite database: .*Give --database a new file name/,
    );
  });

  it('refuses a database written by a newer stub, and opens it again once that is undone', async () => {
    const database = TEST_ENGINE === 'sqlite' ? join(dir, `newer-${randomUUID()}.db`) : testDatabase();
    const first = openStore(database);
    await first.ready();
    await first.close();
    const bump = (sql: string) => rawSql(database as string, [sql]);
    await bump(
      `INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'from the future', '${graphTimestamp()}')`,
    );
    const second = openStore(database);
    await expect(second.ready()).rejects.toThrow(
      new RegExp(`holds schema version 99, newer than this stub knows \\(${SCHEMA_VERSION}\\)\\. Use the newer stub`),
    );
    await second.close();
    await bump('DELETE FROM schema_version WHERE version = 99');
    const third = openStore(database);
    await expect(third.ready()).resolves.toBeUndefined();
    await third.close();
  });
});

describe(`pages cut by weight on ${TEST_ENGINE}`, () => {
  const items = Array.from({ length: 6 }, (_, i) => ({ displayName: `item ${i}`, description: 'x'.repeat(10 * i) }));

  it('stops a page once its items outweigh the budget, at least one item, and pages on from the cut', async () => {
    const tenant = await freshTenant();
    const stored = await seed(tenant, items);
    for (const orderBy of [undefined, parseOrderBy('displayName desc', ['displayName'])]) {
      const weighed: number[] = [];
      const query = {
        size: 100,
        fingerprint: `budget ${orderBy ? 'ordered' : 'plain'}`,
        ...(orderBy ? { orderBy } : {}),
        budget: {
          // Asynchronous on purpose, as an expanded view is weighed.
          weigh: async (item: StoredEntity) => {
            weighed.push(String(item.description).length);
            return String(item.description).length + 1;
          },
          max: 45,
        },
      };
      const ids: string[] = [];
      let page = await tenant.list('accessPackage', query);
      const sizes = [page.items.length];
      ids.push(...page.items.map((i) => i.id));
      while (page.nextSkiptoken) {
        page = await tenant.list('accessPackage', { ...query, skiptoken: page.nextSkiptoken });
        sizes.push(page.items.length);
        ids.push(...page.items.map((i) => i.id));
      }
      const order = orderBy ? [...stored].reverse() : stored;
      expect(ids).toEqual(order.map((i) => i.id));
      // Weights 1, 11, 21, 31, 41, 51 in creation order; at most 45 a page, and the 51 alone.
      expect(sizes).toEqual(orderBy ? [1, 1, 1, 3] : [3, 1, 1, 1]);
      expect(weighed.length).toBeGreaterThanOrEqual(6);
    }
  });

  it('fills a page up to exactly its budget, and gives an item over the whole budget a page of its own', async () => {
    const tenant = await freshTenant();
    await seed(tenant, items);
    const weigh = (item: StoredEntity) => String(item.description).length + 1;
    // Weights 1, 11, 21, 31, 41, 51: a budget of exactly 1 + 11 + 21 holds the three, paged in SQL or in order.
    for (const orderBy of [undefined, parseOrderBy('displayName', ['displayName'])]) {
      const exact = await tenant.list('accessPackage', {
        size: 100,
        fingerprint: `exact ${orderBy ? 'ordered' : 'plain'}`,
        ...(orderBy ? { orderBy } : {}),
        budget: { weigh, max: 33 },
      });
      expect(exact.items.map((i) => i.displayName)).toEqual(['item 0', 'item 1', 'item 2']);
    }
    for (const asStoredText of [false, true]) {
      const tiny = await tenant.list('accessPackage', {
        size: 100,
        fingerprint: `tiny ${asStoredText}`,
        asStoredText,
        budget: { weigh: (item, chars) => chars ?? JSON.stringify(item).length, max: 1 },
      });
      expect((tiny.texts ?? []).length + tiny.items.length).toBe(1);
      expect(tiny.nextSkiptoken).toBeDefined();
    }
  });

  it('hands items back as their stored JSON text when asked, each weighed by its length', async () => {
    const tenant = await freshTenant();
    const stored = await seed(tenant, items);
    const result = await tenant.list('accessPackage', {
      size: 100,
      fingerprint: 'texts',
      asStoredText: true,
      // PostgreSQL hands back parsed JSON: then the items are weighed as the caller weighs them.
      budget: {
        weigh: (item, storedChars) => storedChars ?? JSON.stringify(item).length,
        max: JSON.stringify(stored[0]).length + JSON.stringify(stored[1]).length,
      },
    });
    const shown = result.texts ?? result.items.map((i) => JSON.stringify(i));
    expect(shown.map((t) => JSON.parse(t))).toEqual(stored.slice(0, 2));
    if (TEST_ENGINE === 'sqlite') expect(result.items).toEqual([]);
    expect(result.nextSkiptoken).toBeDefined();
  });

  it('weighs an item sent as stored by the length the store holds, without awaiting', async () => {
    const tenant = await freshTenant();
    const stored = await seed(tenant, items.slice(0, 2));
    const lengths: Array<number | undefined> = [];
    await tenant.list('accessPackage', {
      size: 100,
      fingerprint: 'lengths',
      budget: {
        weigh: (_item, storedChars) => {
          lengths.push(storedChars);
          return 1;
        },
        max: 1_000,
      },
    });
    expect(lengths).toEqual(
      TEST_ENGINE === 'sqlite' ? stored.map((i) => JSON.stringify(i).length) : [undefined, undefined],
    );
  });

  it('counts every match with $count, across pages', async () => {
    const tenant = await freshTenant();
    await seed(tenant, items);
    const first = await tenant.list('accessPackage', { size: 2, fingerprint: 'count', count: true });
    expect(first.count).toBe(6);
    expect(first.items).toHaveLength(2);
    const filtered = await tenant.list('accessPackage', {
      filter: parseFilter("startswith(displayName,'item 1')", FIELDS),
      size: 2,
      fingerprint: 'count filtered',
      count: true,
    });
    expect(filtered.count).toBe(1);
    expect(filtered.nextSkiptoken).toBeUndefined();
  });
});

describe(`tenants, counts and resets on ${TEST_ENGINE}`, () => {
  it('counts packages and catalogs per tenant and in all, and resets one tenant or all', async () => {
    const own = openStore(testDatabase());
    try {
      const [a, b] = [randomUUID(), randomUUID()];
      await seed(await own.tenant(a), [{ displayName: 'one' }, { displayName: 'two' }]);
      await seed(await own.tenant(b), [{ displayName: 'three' }]);
      // Each tenant starts with its General catalog; the start-up data's tenant exists from the start.
      expect(await own.counts(a)).toEqual({ tenants: 1, accessPackages: 2, accessPackageCatalogs: 1 });
      expect(await own.counts()).toEqual({ tenants: 3, accessPackages: 3, accessPackageCatalogs: 3 });
      await own.reset(a);
      expect(await own.counts(a)).toEqual({ tenants: 0, accessPackages: 0, accessPackageCatalogs: 0 });
      expect(await own.counts(b)).toEqual({ tenants: 1, accessPackages: 1, accessPackageCatalogs: 1 });
      // A reset tenant comes back, fresh, when next used.
      expect((await (await own.tenant(a)).list('accessPackage', { size: 10, fingerprint: 'x' })).items).toEqual([]);
      await own.reset();
      expect(await own.counts()).toEqual({ tenants: 1, accessPackages: 0, accessPackageCatalogs: 1 });
    } finally {
      await own.close();
    }
  });

  it('seeds the start-up data into its own tenant only, each kind of item under its entity', async () => {
    const tenantId = randomUUID();
    const resource = { id: 'r1', displayName: 'Sales', 'accessPackageCatalog/id': 'c1' };
    const part = { 'accessPackageCatalog/id': 'c1', 'accessPackageResource/id': 'r1' };
    const seeded = openStore(testDatabase(), {
      tenantId,
      accessPackageCatalogs: [{ id: 'c1', displayName: 'Sales' } as never],
      accessPackages: [{ id: 'p1', displayName: 'Sales', catalogId: 'c1' } as never],
      users: [{ id: 'u1', displayName: 'U' } as never],
      groups: [{ id: 'g1', displayName: 'G' } as never],
      groupMembers: [{ id: 'g1_u1', 'group/id': 'g1', 'member/id': 'u1', memberType: 'user' }],
      accessPackageAssignmentPolicies: [{ id: 'pol1', accessPackageId: 'p1' }],
      accessPackageResources: [{ resource, roles: [{ id: 'role1', ...part }], scopes: [{ id: 'scope1', ...part }] }],
      accessPackageResourceRoleScopes: [
        {
          id: 'p1:role1_scope1',
          'accessPackage/id': 'p1',
          'accessPackageResourceRole/id': 'role1',
          'accessPackageResourceScope/id': 'scope1',
          'accessPackageResource/id': 'r1',
        },
      ],
      roleAssignments: [
        { id: 'ra1', principalId: 'u1', roleDefinitionId: CATALOG_OWNER, appScopeId: '/AccessPackageCatalog/c1' },
      ],
    });
    try {
      const ours = await seeded.tenant(tenantId);
      for (const [entity, id] of [
        ['accessPackageCatalog', 'c1'],
        ['accessPackage', 'p1'],
        ['user', 'u1'],
        ['group', 'g1'],
        ['groupMember', 'g1_u1'],
        ['accessPackageAssignmentPolicy', 'pol1'],
        ['accessPackageResource', 'r1'],
        ['accessPackageResourceRole', 'role1'],
        ['accessPackageResourceScope', 'scope1'],
        ['accessPackageResourceRoleScope', 'p1:role1_scope1'],
        ['unifiedRoleAssignment', 'ra1'],
        ['unifiedRoleDefinition', CATALOG_OWNER],
      ] as const) {
        expect([entity, (await ours.get(entity, id))?.id]).toEqual([entity, id]);
      }
      const other = await seeded.tenant(randomUUID());
      expect(await other.get('accessPackage', 'p1')).toBeUndefined();
      // The General catalog and the five role definitions, as every tenant has them.
      expect(await other.count()).toBe(6);
    } finally {
      await seeded.close();
    }
  });
});

describe(`a tenant's next due time on ${TEST_ENGINE}`, () => {
  it('is unknown at first, lowered by dueBy, and set outright by setNextDue', async () => {
    const tenant = await freshTenant();
    expect(await tenant.nextDue()).toBeUndefined();
    await tenant.dueBy(2_000);
    expect(await tenant.nextDue()).toBe(2_000);
    await tenant.dueBy(3_000);
    expect(await tenant.nextDue()).toBe(2_000);
    await tenant.dueBy(1_000.7);
    expect(await tenant.nextDue()).toBe(1_000);
    await tenant.setNextDue(5_000);
    expect(await tenant.nextDue()).toBe(5_000);
    // Tenant by tenant.
    expect(await (await freshTenant()).nextDue()).toBeUndefined();
  });
});

describe(`named locks on ${TEST_ENGINE}`, () => {
  it('holds a named lock until the transaction ends, across connections: the second waits for the first', async () => {
    const tenant = await freshTenant();
    await expect(tenant.serialize('x')).rejects.toThrow(/inside one/);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = tenant.transaction(async (tx) => {
      await tx.serialize('x');
      order.push('first holds');
      await held;
      order.push('first ends');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = tenant.transaction(async (tx) => {
      await tx.serialize('x');
      order.push('second holds');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first holds', 'first ends', 'second holds']);
  });

  it("reads the item count under the tenant's lock in a transaction: two creates cannot both see one free place", async () => {
    const tenant = await freshTenant();
    const seen: number[] = [];
    await Promise.all(
      [0, 1].map((i) =>
        tenant.transaction(async (tx) => {
          seen.push(await tx.count());
          await new Promise((resolve) => setTimeout(resolve, 50));
          await tx.insert('accessPackage', { id: `p${i}`, displayName: `p${i}` });
        }),
      ),
    );
    expect(seen.sort()).toEqual([seen[0], (seen[0] ?? 0) + 1]);
  });
});
