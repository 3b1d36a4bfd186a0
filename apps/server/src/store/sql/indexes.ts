import { createHash } from 'node:crypto';
import { loadContract, type ODataEntityInfo, readODataEntities } from '@accesspackage/openapi';
import { type Dialect, PLAIN_ENTITY, PLAIN_PROPERTY } from './dialect.js';
import type { Driver } from './driver.js';

/** A property an entity's lists are filtered by, which gets an index of its own over that entity's rows. */
export interface IndexedProperty {
  entity: string;
  property: string;
}

/** An index the contract asks for, by the name that says what it indexes and how. */
export interface DerivedIndex {
  name: string;
  sql: string;
}

/** Derived indexes carry this prefix; the store creates and drops only those. */
const PREFIX = 'ex_';

/**
 * The string properties each entity's `x-odata` lets `$filter` name (the stored references it lists, such as
 * `accessPackage/id`, among them): equality, `in` and `startswith` on them are index searches. Booleans (two values)
 * and datetimes (compared through their padded key) are not; `$orderby` sorts in JavaScript (sql-store.ts), so
 * `orderable` asks for no index of its own.
 */
export function indexedProperties(entities: Record<string, ODataEntityInfo>): IndexedProperty[] {
  const indexed: IndexedProperty[] = [];
  for (const entity of Object.keys(entities).sort()) {
    const info = entities[entity] as ODataEntityInfo;
    for (const [property, type] of Object.entries(info.filterable).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (type === 'string' && PLAIN_ENTITY.test(entity) && PLAIN_PROPERTY.test(property))
        indexed.push({ entity, property });
    }
  }
  return indexed;
}

let fromContract: IndexedProperty[] | undefined;
/** The indexes of the stub's own contract, read once per process (the first store to open reads it). */
export function contractIndexedProperties(): IndexedProperty[] {
  fromContract ??= indexedProperties(readODataEntities(loadContract()));
  return fromContract;
}

/**
 * Each property's index: a partial index over its entity's rows (other entities' rows cost an insert nothing), on
 * (tenant, the expression the filter reads, seq), so that an equality hands back a tenant's matches already in the
 * order lists page them. The expression is dialect.ts's, character for character, or the engine would not use it.
 */
export function derivedIndexes(dialect: Dialect, properties: readonly IndexedProperty[]): DerivedIndex[] {
  return properties.map(({ entity, property }) => {
    const columns = `tenant_id, ${dialect.indexedProperty(property)}, seq`;
    const where = `entity = ${dialect.literal(entity)}`;
    // The definition's hash is part of the name: an index whose expression changes is a new index.
    const hash = createHash('sha256').update(`${columns} WHERE ${where}`).digest('hex').slice(0, 8);
    const name = `${PREFIX}${hash}_${entity}_${property.replace(/\//g, '_')}`.slice(0, 63);
    return { name, sql: `CREATE INDEX "${name}" ON entities (${columns}) WHERE ${where}` };
  });
}

/**
 * Brings the database's derived indexes to what the contract asks for: the missing created, those it no longer asks
 * for dropped. The set follows from the contract, so it is reconciled at every start instead of numbered like the
 * migrations: a property made filterable gets its index without a migration written for it.
 */
export async function reconcileIndexes(tx: Driver, wanted: readonly DerivedIndex[]): Promise<void> {
  const rows = await tx.query(
    tx.dialect.name === 'sqlite'
      ? `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entities' AND substr(name, 1, 3) = '${PREFIX}'`
      : `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'entities' AND schemaname = current_schema() AND substr(indexname, 1, 3) = '${PREFIX}'`,
  );
  const present = new Set(rows.map((row) => String(row.name)));
  const names = new Set(wanted.map((index) => index.name));
  const statements = [
    ...[...present].filter((name) => !names.has(name)).map((name) => `DROP INDEX "${name}"`),
    ...wanted.filter((index) => !present.has(index.name)).map((index) => index.sql),
  ];
  if (tx.dialect.name === 'sqlite') {
    for (const statement of statements) await tx.execute(statement);
  } else if (statements.length > 0) {
    // One round trip for them all (a statement without parameters may hold several): a fresh schema needs sixty.
    await tx.execute(statements.join(';\n'));
  }
}
