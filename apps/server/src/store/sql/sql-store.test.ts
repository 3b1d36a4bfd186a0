import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { graphTimestamp } from '../../graph/timestamps.js';
import { type FieldTypes, paginate, parseFilter, parseOrderBy, predicateOf } from '../../odata/index.js';
import { TEST_ENGINE, testDatabase } from '../../testing/engine.js';
import type { Store, StoredEntity, TenantStore } from '../store.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { openStore } from './open.js';

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
      expect([await (await migrated.tenant('t1')).count(), await (await migrated.tenant('t2')).count()]).toEqual([
        2, 1,
      ]);
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
