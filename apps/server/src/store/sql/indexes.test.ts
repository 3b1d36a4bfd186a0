import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Contract, loadContract, readODataEntities } from '@accesspackage/openapi';
import { anyOf, both } from '../../odata/conditions.js';
import { type Condition, parseFilter } from '../../odata/index.js';
import { TEST_ENGINE, testDatabase } from '../../testing/engine.js';
import { prefixRange } from './compile-filter.js';
import type { Driver } from './driver.js';
import { derivedIndexes, type IndexedProperty, indexedProperties } from './indexes.js';
import { openPostgres } from './postgres.js';
import { SqlStore } from './sql-store.js';
import { openSqlite } from './sqlite.js';

const ENTITIES = readODataEntities(loadContract());
const has = (list: IndexedProperty[], entity: string, property: string) =>
  list.some((p) => p.entity === entity && p.property === property);

describe('the indexes the contract asks for', () => {
  it("gives each string property an entity's $filter may name an index, the stored references it lists among them", () => {
    const indexed = indexedProperties(ENTITIES);
    // The tutorial's filters: the General catalog by name, the group's resource by origin id, its roles by origin
    // system and resource; the lifecycle's by package and target.
    for (const [entity, property] of [
      ['accessPackageCatalog', 'displayName'],
      ['accessPackageResource', 'originId'],
      ['accessPackageResourceRole', 'originSystem'],
      ['accessPackageResourceRole', 'accessPackageResource/id'],
      ['accessPackageAssignmentRequest', 'accessPackage/id'],
      ['accessPackageAssignment', 'target/objectId'],
    ]) {
      expect([entity, property, has(indexed, entity as string, property as string)]).toEqual([entity, property, true]);
    }
    // Two values, or compared through a key of their own: no index would be searched.
    expect(has(indexed, 'accessPackage', 'isHidden')).toBe(false);
    expect(has(indexed, 'accessPackage', 'createdDateTime')).toBe(false);
  });

  it('names each index after its definition, so that a changed expression makes a new index', async () => {
    const sqliteDriver = openSqlite(':memory:');
    try {
      const one = derivedIndexes(sqliteDriver.dialect, [{ entity: 'accessPackage', property: 'displayName' }]);
      expect(one).toHaveLength(1);
      expect(one[0]?.name).toMatch(/^ex_[0-9a-f]{8}_accessPackage_displayName$/);
      expect(one[0]?.sql).toContain(`json_extract(data, '$."displayName"')`);
      expect(one[0]?.sql).toContain("WHERE entity = 'accessPackage'");
      // The same property of another entity, and a reference with its slash: names of their own, within 63 characters.
      const more = derivedIndexes(sqliteDriver.dialect, [
        { entity: 'accessPackageCatalog', property: 'displayName' },
        { entity: 'accessPackageAssignmentRequest', property: 'accessPackageAssignmentPolicy/id' },
      ]);
      expect(more[0]?.name).not.toBe(one[0]?.name);
      expect(more[1]?.name.length).toBeLessThanOrEqual(63);
      expect(more[1]?.name).toMatch(/^ex_[0-9a-f]{8}_accessPackageAssignmentRequest_accessPackageAssign/);
    } finally {
      await sqliteDriver.close();
    }
  });
});

describe('prefixRange', () => {
  it("bounds the strings that start with a prefix, in code point order, past the surrogates' block", () => {
    expect(prefixRange('pkg-99')).toEqual({ from: 'pkg-99', to: 'pkg-9:' });
    expect(prefixRange('a\u{d7ff}')).toEqual({ from: 'a\u{d7ff}', to: 'a\u{e000}' });
    expect(prefixRange('a😀')).toEqual({ from: 'a😀', to: 'a😁' });
    expect(prefixRange('a\u{10ffff}')).toBeUndefined();
    expect(prefixRange('')).toBeUndefined();
  });
});

/** The driver, keeping the SQL and parameters of every query the store sends. */
function recording(driver: Driver): { driver: Driver; queries: Array<{ sql: string; params: readonly unknown[] }> } {
  const queries: Array<{ sql: string; params: readonly unknown[] }> = [];
  const wrap = (inner: Driver): Driver => ({
    dialect: inner.dialect,
    query: (sql, params = []) => {
      queries.push({ sql, params });
      return inner.query(sql, params);
    },
    execute: (sql, params) => inner.execute(sql, params),
    transaction: (work) => inner.transaction((tx) => work(wrap(tx))),
    close: () => inner.close(),
  });
  return { driver: wrap(driver), queries };
}

function openDriver(database: string | undefined): Driver {
  return database ? openPostgres(database) : openSqlite(':memory:');
}

/** The plan of a query as text, every engine's way; on PostgreSQL with sequential scans off, since these tables are small. */
async function planOf(driver: Driver, sql: string, params: readonly unknown[]): Promise<string> {
  if (driver.dialect.name === 'sqlite') {
    const rows = await driver.query(`EXPLAIN QUERY PLAN ${sql}`, params);
    return rows.map((row) => String(row.detail)).join('\n');
  }
  return driver.transaction(async (tx) => {
    await tx.execute('SET LOCAL enable_seqscan = off');
    const rows = await tx.query(`EXPLAIN ${sql}`, params);
    return rows.map((row) => String(row['QUERY PLAN'])).join('\n');
  });
}

// The properties these filters name, each item's own random value; `assignmentState` takes one of three.
const SEEDED = [
  'displayName',
  'originId',
  'originSystem',
  'accessPackageResource/id',
  'accessPackage/id',
  'target/objectId',
];

/**
 * 3,000 items of the entity in the tenant, and the engine's statistics brought up to date: the planners then choose
 * as they would over a grown tenant, not over an empty table.
 */
async function seedRows(driver: Driver, tenantId: string, entity: string): Promise<void> {
  if (driver.dialect.name === 'sqlite') {
    const fields = SEEDED.map((name) => `'$."${name}"', lower(hex(randomblob(16)))`).join(', ');
    await driver.execute(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
       INSERT INTO entities (tenant_id, entity, id, data)
       SELECT ?, ?, lower(hex(randomblob(16))),
              json_set('{}', ${fields}, '$.assignmentState', CASE i % 3 WHEN 0 THEN 'Delivered' WHEN 1 THEN 'Delivering' ELSE 'Expired' END)
       FROM n`,
      [tenantId, entity],
    );
    await driver.execute('ANALYZE');
    return;
  }
  const fields = SEEDED.map((name) => `'${name}', md5(random()::text)`).join(', ');
  await driver.execute(
    `INSERT INTO entities (tenant_id, entity, id, data)
     SELECT $1, $2, md5(random()::text),
            json_build_object(${fields}, 'assignmentState', (ARRAY['Delivered', 'Delivering', 'Expired'])[i % 3 + 1])
     FROM generate_series(1, 3000) AS i`,
    [tenantId, entity],
  );
  await driver.execute('ANALYZE entities');
}

describe(`the tutorial's filters search indexes, on ${TEST_ENGINE}`, () => {
  const CASES: Array<[string, string | Condition]> = [
    ['accessPackageCatalog', "(displayName eq 'General')"],
    ['accessPackageResource', "originId eq 'c4b8d3a1-0000-4000-8000-000000000001'"],
    ['accessPackageResource', "startswith(originId,'c4b8d3a1')"],
    [
      'accessPackageResourceRole',
      "(originSystem eq 'AadGroup' and accessPackageResource/id eq 'c4b8d3a1-0000-4000-8000-000000000002')",
    ],
    ['accessPackageAssignment', "accessPackage/id eq 'p' and target/objectId eq 'u'"],
    // What the stub's own lookups send: the assignments of several users, narrowed by state. (A list of values alone,
    // SQLite's planner guesses long, and it reads the tenant's items in order instead.)
    [
      'accessPackageAssignment',
      both(
        anyOf('target/objectId', ['u', 'v']),
        parseFilter("assignmentState eq 'Delivered'", ENTITIES.accessPackageAssignment?.filterable ?? {}),
      ) as Condition,
    ],
  ];

  it.each(CASES)('%s?$filter=%j', async (entity, filter) => {
    const { driver, queries } = recording(openDriver(testDatabase()));
    const store = new SqlStore(driver);
    try {
      const tenant = await store.tenant(randomUUID());
      const fields = ENTITIES[entity]?.filterable ?? {};
      await seedRows(driver, tenant.tenantId, entity);
      queries.length = 0;
      const text = JSON.stringify(filter);
      const condition = typeof filter === 'string' ? parseFilter(filter, fields) : filter;
      await tenant.list(entity, { filter: condition, size: 100, fingerprint: text });
      const [list] = queries.filter((q) => q.sql.startsWith('SELECT seq, data FROM entities'));
      expect(list).toBeDefined();
      const plan = await planOf(driver, list?.sql ?? '', list?.params ?? []);
      expect({ text, plan }).toEqual({ text, plan: expect.stringMatching(/\bex_[0-9a-f]{8}_/) });
      if (driver.dialect.name === 'sqlite') expect(plan).not.toMatch(/^SCAN entities/m);
    } finally {
      await store.close();
    }
  });
});

describe('a property made filterable in the contract', () => {
  const dir = mkdtempSync(join(tmpdir(), 'indexes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const indexNames = async (driver: Driver) =>
    (
      await driver.query(
        driver.dialect.name === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ex\\_%' ESCAPE '\\'"
          : "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'entities' AND schemaname = current_schema() AND indexname LIKE 'ex\\_%'",
      )
    ).map((row) => String(row.name));

  it('gets its index at the next start, and one no longer filterable loses it, with no migration written', async () => {
    const contract = loadContract() as Contract & {
      components: { schemas: Record<string, { 'x-odata': { filterable: string[] } }> };
    };
    const scope = contract.components.schemas.accessPackageResourceScope?.['x-odata'];
    expect(scope?.filterable).toContain('displayName');
    expect(scope?.filterable).not.toContain('description');
    const database = testDatabase() ?? join(dir, 'stub.db');
    const before = indexedProperties(readODataEntities(contract));
    if (scope) scope.filterable = [...scope.filterable.filter((p) => p !== 'displayName'), 'description'];
    const after = indexedProperties(readODataEntities(contract));
    expect(has(after, 'accessPackageResourceScope', 'description')).toBe(true);
    expect(has(after, 'accessPackageResourceScope', 'displayName')).toBe(false);

    const driverFor = () => (TEST_ENGINE === 'postgres' ? openPostgres(database) : openSqlite(database));
    const first = new SqlStore(driverFor(), {}, false, 'the test database', before);
    await first.ready();
    await first.close();
    const second = new SqlStore(driverFor(), {}, false, 'the test database', after);
    await second.ready();
    try {
      const driver = driverFor();
      const names = await indexNames(driver);
      await driver.close();
      expect(names.some((n) => n.endsWith('_accessPackageResourceScope_description'))).toBe(true);
      expect(names.some((n) => n.endsWith('_accessPackageResourceScope_displayName'))).toBe(false);
      expect(names.some((n) => n.endsWith('_accessPackageCatalog_displayName'))).toBe(true);
      expect(names).toHaveLength(after.length);
    } finally {
      await second.close();
    }
  });
});
