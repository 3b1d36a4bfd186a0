import { DEV_TENANT_ID } from '../../auth/dev-token.js';
import { GraphHttpError } from '../../graph/http-error.js';
import { cursorAt, decodeSkiptoken, encodeSkiptoken, paginate, predicateOf } from '../../odata/index.js';
import { CATALOG_RESOURCE, RESOURCE_ROLE, RESOURCE_SCOPE } from '../catalog-resources.js';
import { generalCatalog } from '../general-catalog.js';
import { roleDefinitions } from '../role-definitions.js';
import {
  type ListQuery,
  type ListResult,
  MEMBERSHIP,
  type Ranked,
  type Store,
  type StoreCounts,
  type StoredEntity,
  type StoredOf,
  type StubData,
  type TenantLimits,
  type TenantStore,
} from '../store.js';
import { compileFilter } from './compile-filter.js';
import { Params, PLAIN_ENTITY } from './dialect.js';
import type { Driver, Row } from './driver.js';
import { contractIndexedProperties, derivedIndexes, type IndexedProperty, reconcileIndexes } from './indexes.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';

/** Thrown when a database cannot be used; the message says what to do. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/** How long a client is told to wait before it retries while the database is out of reach. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * The database cannot answer for now (a lost connection, a server restarting, a full disk, a file another process
 * holds locked): nothing was changed, and the same request may succeed once it is back. Answered 503 with Retry-After,
 * which Graph's clients retry, not a 500 that reads as a bug.
 */
export class StoreUnavailableError extends StoreError {
  override readonly name = 'StoreUnavailableError';

  asGraphError(): GraphHttpError {
    return new GraphHttpError(
      503,
      'ServiceUnavailable',
      `The stub's database is out of reach for now (${this.message}). Retry after ${OUTAGE_RETRY_AFTER_SECONDS} seconds.`,
      undefined,
      { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) },
    );
  }
}

// Entity set names for counts: the stub's health answer predates tenants and keeps its names.
const COUNTED = { accessPackage: 'accessPackages', accessPackageCatalog: 'accessPackageCatalogs' } as const;

// PostgreSQL's driver parses JSON columns itself; SQLite hands back the text.
// What a row holds is what was stored under its entity's name: the one place the store takes its JSON as that shape.
function entityOf<T = StoredEntity>(row: Row): T {
  return (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as T;
}

function itemOf<T extends StoredEntity>(row: Row): Ranked<T> {
  return { ...entityOf<T>(row), seq: Number(row.seq) };
}

function withoutSeq<T extends StoredEntity>({ seq: _seq, ...item }: Ranked<T>): T {
  return item as unknown as T;
}

/** The start-up data of a tenant: the General catalog, then the data file's items if the file names this tenant. */
function seedOf(tenantId: string, data: StubData): Array<[string, StoredEntity]> {
  const ours = (data.tenantId ?? DEV_TENANT_ID) === tenantId;
  return [
    ['accessPackageCatalog', generalCatalog() as StoredEntity],
    ...roleDefinitions().map((role) => ['unifiedRoleDefinition', role] as [string, StoredEntity]),
    ...(ours
      ? (data.accessPackageCatalogs ?? []).map((c) => ['accessPackageCatalog', c] as [string, StoredEntity])
      : []),
    ...(ours ? (data.accessPackages ?? []).map((p) => ['accessPackage', p] as [string, StoredEntity]) : []),
    ...(ours ? (data.users ?? []).map((u) => ['user', u] as [string, StoredEntity]) : []),
    ...(ours ? (data.groups ?? []).map((g) => ['group', g] as [string, StoredEntity]) : []),
    ...(ours ? (data.groupMembers ?? []).map((m) => [MEMBERSHIP, m] as [string, StoredEntity]) : []),
    ...(ours
      ? (data.accessPackageAssignmentPolicies ?? []).map(
          (p) => ['accessPackageAssignmentPolicy', p] as [string, StoredEntity],
        )
      : []),
    ...(ours
      ? (data.accessPackageResources ?? []).flatMap(({ resource, roles, scopes }) => [
          [CATALOG_RESOURCE, resource] as [string, StoredEntity],
          ...roles.map((role) => [RESOURCE_ROLE, role] as [string, StoredEntity]),
          ...scopes.map((scope) => [RESOURCE_SCOPE, scope] as [string, StoredEntity]),
        ])
      : []),
    ...(ours
      ? (data.roleAssignments ?? []).map(
          (assignment) => ['unifiedRoleAssignment', assignment] as [string, StoredEntity],
        )
      : []),
    ...(ours
      ? (data.accessPackageResourceRoleScopes ?? []).map(
          (roleScope) => ['accessPackageResourceRoleScope', roleScope] as [string, StoredEntity],
        )
      : []),
  ];
}

/**
 * The store over SQL, for both engines: the driver and its dialect are all that differ.
 * OData list queries run as SQL where SQL gives the same result (see compile-filter.ts), with keyset
 * paging over (tenant, entity, seq); `$orderby` and filters SQL cannot answer exactly are finished in
 * JavaScript with odata/'s own functions, so both paths give one result.
 */
export class SqlStore implements Store {
  private opened?: Promise<void>;
  /** Tenants known to exist, so that most requests skip the check. Cleared by reset. */
  private readonly known = new Set<string>();

  constructor(
    private readonly driver: Driver,
    private readonly data: StubData = {},
    /** Whether another process may share the database (PostgreSQL): then a tenant's existence is checked each time. */
    private readonly shared = false,
    private readonly describe = 'the database',
    /** The properties that get an index of their own. Default: those the stub's contract lets `$filter` name. */
    private readonly indexed?: readonly IndexedProperty[],
  ) {}

  get engine(): 'sqlite' | 'postgres' {
    return this.driver.dialect.name;
  }

  ready(): Promise<void> {
    // The start-up data's tenant exists from the start, as a fresh stub shows it in /_stub/health.
    this.opened ??= this.migrate().then(() => this.initTenant(this.data.tenantId ?? DEV_TENANT_ID));
    return this.opened;
  }

  private async migrate(): Promise<void> {
    const d = this.driver;
    await d.transaction(async (tx) => {
      // Stryker disable next-line all: PostgreSQL only (mutation testing runs on SQLite); two stubs starting at once on
      // one PostgreSQL database are pinned by api-tests/shared-database.test.ts.
      if (tx.dialect.name === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(4010)');
      await tx.execute(
        'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const [row] = await tx.query('SELECT MAX(version) AS version FROM schema_version');
      const current = Number(row?.version ?? 0);
      if (current > SCHEMA_VERSION) {
        throw new StoreError(
          `${this.describe} holds schema version ${current}, newer than this stub knows (${SCHEMA_VERSION}). Use the newer stub that wrote it, or another --database.`,
        );
      }
      for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
        for (const statement of migration[tx.dialect.name]) await tx.execute(statement);
        const p = new Params(tx.dialect);
        await tx.execute(
          `INSERT INTO schema_version (version, name, applied_at) VALUES (${p.add(migration.version)}, ${p.add(migration.name)}, ${p.add(new Date().toISOString())})`,
          p.values,
        );
      }
      await reconcileIndexes(tx, derivedIndexes(tx.dialect, this.indexed ?? contractIndexedProperties()));
    });
  }

  async tenant(tenantId: string, limits: TenantLimits = {}): Promise<TenantStore> {
    await this.ready();
    await this.initTenant(tenantId, limits.maxTenants);
    return new SqlTenant(this.driver, tenantId);
  }

  private async initTenant(tenantId: string, maxTenants?: number): Promise<void> {
    // Stryker disable next-line ConditionalExpression: a cache; without it every request checks the tenant's row.
    if (!this.known.has(tenantId)) {
      await this.driver.transaction(async (tx) => {
        if (maxTenants !== undefined) await this.assertRoomForTenant(tx, tenantId, maxTenants);
        const p = new Params(tx.dialect);
        const created = await tx.execute(
          `INSERT INTO tenants (id, created_at) VALUES (${p.add(tenantId)}, ${p.add(new Date().toISOString())}) ON CONFLICT (id) DO NOTHING`,
          p.values,
        );
        if (created > 0) {
          const tenant = new SqlTenant(tx, tenantId);
          for (const [entity, item] of seedOf(tenantId, this.data)) await tenant.insert(entity, item);
        }
      });
      // Stryker disable next-line all: the same cache, kept only where no other stub may reset the database.
      if (!this.shared) this.known.add(tenantId);
    }
  }

  /** Refuses a new tenant when the store holds `maxTenants`; counted under a lock, so that instances cannot overshoot. */
  private async assertRoomForTenant(tx: Driver, tenantId: string, maxTenants: number): Promise<void> {
    // Stryker disable next-line all: PostgreSQL only; on SQLite the transaction holds the database's one write lock.
    if (tx.dialect.name === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(4011)');
    const p = new Params(tx.dialect);
    const [row] = await tx.query(
      `SELECT COUNT(*) AS n, SUM(CASE WHEN id = ${p.add(tenantId)} THEN 1 ELSE 0 END) AS mine FROM tenants`,
      p.values,
    );
    const held = Number(row?.n ?? 0);
    if (Number(row?.mine ?? 0) === 0 && held >= maxTenants) {
      throw new GraphHttpError(
        507,
        'quotaLimitReached',
        `The stub holds ${held} tenant(s), its most (--max-tenants ${maxTenants}), and this token's tenant is a new one. Reset tenants that are done (POST /_stub/reset?tenantId=<tid>), or start the stub with a larger --max-tenants.`,
      );
    }
  }

  async reset(tenantId?: string): Promise<void> {
    await this.ready();
    await this.driver.transaction(async (tx) => {
      const p = new Params(tx.dialect);
      const one = tenantId === undefined ? '' : ` WHERE tenant_id = ${p.add(tenantId)}`;
      await tx.execute(`DELETE FROM entities${one}`, p.values);
      await tx.execute(`DELETE FROM tenants${one.replace('tenant_id', 'id')}`, p.values);
    });
    this.known.clear();
    // The start-up data's tenant is there again at once, as a fresh stub has it.
    await this.initTenant(this.data.tenantId ?? DEV_TENANT_ID);
  }

  async counts(tenantId?: string): Promise<StoreCounts> {
    await this.ready();
    const p = new Params(this.driver.dialect);
    const one = tenantId === undefined ? '' : ` WHERE tenant_id = ${p.add(tenantId)}`;
    const rows = await this.driver.query(`SELECT entity, COUNT(*) AS n FROM entities${one} GROUP BY entity`, p.values);
    const q = new Params(this.driver.dialect);
    const [tenants] = await this.driver.query(
      `SELECT COUNT(*) AS n FROM tenants${tenantId === undefined ? '' : ` WHERE id = ${q.add(tenantId)}`}`,
      q.values,
    );
    const counts: StoreCounts = { tenants: Number(tenants?.n ?? 0), accessPackages: 0, accessPackageCatalogs: 0 };
    for (const row of rows) {
      const name = COUNTED[row.entity as keyof typeof COUNTED];
      if (name) counts[name] = Number(row.n);
    }
    return counts;
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

class SqlTenant implements TenantStore {
  constructor(
    private readonly driver: Driver,
    readonly tenantId: string,
    /** Whether this is a transaction's view, whose reads may lock. */
    private readonly inTransaction = false,
  ) {}

  private scope(p: Params, entity: string): string {
    // The entity's name written into the SQL, as the partial indexes of its properties name it (indexes.ts): an engine
    // uses a partial index only where the query says, in its own text, that the index covers the rows.
    const named = PLAIN_ENTITY.test(entity) ? this.driver.dialect.literal(entity) : p.add(entity);
    return `tenant_id = ${p.add(this.tenantId)} AND entity = ${named}`;
  }

  async list<E extends string>(entity: E, query: ListQuery): Promise<ListResult<StoredOf<E>>> {
    const p = new Params(this.driver.dialect);
    // SQLite's placeholders are positional: parameters are added in the order their SQL is written.
    const scope = this.scope(p, entity);
    const filter = query.filter ? compileFilter(query.filter, this.driver.dialect, p) : { exact: true };
    const where = `${scope}${filter.sql ? ` AND ${filter.sql}` : ''}`;
    if (filter.exact && !query.orderBy?.length) return this.listInSql(where, p, query);

    // The rest of the filter, and $orderby's collation, in JavaScript over what SQL narrowed down.
    const rows = await this.driver.query(`SELECT seq, data FROM entities WHERE ${where} ORDER BY seq`, p.values);
    const matches = query.filter && !filter.exact ? predicateOf(query.filter) : () => true;
    const matching = rows.map(itemOf).filter((item) => matches(item));
    const paged = paginate(matching, {
      orderBy: query.orderBy,
      top: query.size,
      skiptoken: query.skiptoken,
      pageSize: query.size,
      queryFingerprint: query.fingerprint,
    });
    // The budget may weigh asynchronously (an item's view embeds what $expand finds), so it cuts the page here.
    let { page, nextSkiptoken } = paged;
    if (query.budget) {
      let used = 0;
      const cut = await (async () => {
        for (const [i, item] of page.entries()) {
          used += (await query.budget?.weigh(withoutSeq(item))) ?? 0;
          if (used > (query.budget?.max ?? Infinity) && i > 0) return i;
        }
        return undefined;
      })();
      const last = cut === undefined ? undefined : page[cut - 1];
      if (cut !== undefined && last) {
        page = page.slice(0, cut);
        nextSkiptoken = encodeSkiptoken(cursorAt(last, query.orderBy ?? []), query.fingerprint);
      }
    }
    return {
      items: page.map(withoutSeq) as Array<StoredOf<E>>,
      ...(query.count ? { count: matching.length } : {}),
      ...(nextSkiptoken ? { nextSkiptoken } : {}),
    };
  }

  // Keyset paging in creation order: the page after the cursor's seq, one row more to know whether another follows.
  private async listInSql<T>(where: string, p: Params, query: ListQuery): Promise<ListResult<T>> {
    const count = query.count
      ? Number((await this.driver.query(`SELECT COUNT(*) AS n FROM entities WHERE ${where}`, p.values))[0]?.n ?? 0)
      : undefined;
    const after =
      query.skiptoken === undefined ? undefined : decodeSkiptoken(query.skiptoken, query.fingerprint, 0).seq;
    const pageParams = new Params(this.driver.dialect);
    pageParams.values.push(...p.values);
    const from = after === undefined ? '' : ` AND seq > ${pageParams.add(after)}`;
    const rows = await this.driver.query(
      `SELECT seq, data FROM entities WHERE ${where}${from} ORDER BY seq LIMIT ${pageParams.add(query.size + 1)}`,
      pageParams.values,
    );
    const items: T[] = [];
    const texts: string[] = [];
    // Items sent as stored, from a driver that hands back text: passed on as text, never parsed here.
    const asText = query.asStoredText === true && rows.every((row) => typeof row.data === 'string');
    let used = 0;
    for (const row of rows.slice(0, query.size)) {
      if (asText) {
        const text = row.data as string;
        used += text.length;
        if (query.budget && used > query.budget.max && texts.length > 0) break;
        texts.push(text);
        continue;
      }
      const item = entityOf<T & StoredEntity>(row);
      if (query.budget) {
        // A weight known at once (an item sent as stored) is not awaited: no turn of the promise queue per item.
        const weight = query.budget.weigh(item, typeof row.data === 'string' ? row.data.length : undefined);
        used += typeof weight === 'number' ? weight : await weight;
      }
      if (query.budget && used > query.budget.max && items.length > 0) break;
      items.push(item);
    }
    const taken = asText ? texts.length : items.length;
    const last = rows[taken - 1];
    const more = rows.length > taken && last !== undefined;
    return {
      items,
      ...(asText ? { texts } : {}),
      ...(count !== undefined ? { count } : {}),
      ...(more ? { nextSkiptoken: encodeSkiptoken({ values: [], seq: Number(last.seq) }, query.fingerprint) } : {}),
    };
  }

  async transitiveGroupsOf(memberId: string): Promise<string[]> {
    const p = new Params(this.driver.dialect);
    const sqlite = this.driver.dialect.name === 'sqlite';
    // Written as migration 5's index is (literal paths, the membership entity named in the text), so both engines use
    // it (EXPLAIN QUERY PLAN: a search of entities_by_member per group); UNION keeps each group once, which also ends
    // cycles.
    const member = (table: string) =>
      sqlite ? `json_extract(${table}.data, '$."member/id"')` : `(${table}.data->>'member/id')`;
    const group = (table: string) =>
      sqlite ? `json_extract(${table}.data, '$."group/id"')` : `(${table}.data->>'group/id')`;
    const memberships = (table: string) =>
      `${table}.tenant_id = ${p.add(this.tenantId)} AND ${table}.entity = 'groupMember'`;
    const first = `SELECT ${group('m')} FROM entities m WHERE ${memberships('m')} AND ${member('m')} = ${p.add(memberId)}`;
    // CROSS JOIN keeps `reached` the outer loop on SQLite: each group reached is one index search, where the planner
    // chose to scan every membership of the tenant per step.
    const next = `SELECT ${group('m')} FROM reached CROSS JOIN entities m WHERE ${memberships('m')} AND ${member('m')} = reached.id`;
    const rows = await this.driver.query(
      `WITH RECURSIVE reached(id) AS (${first} UNION ${next}) SELECT id FROM reached`,
      p.values,
    );
    return rows.map((row) => String(row.id));
  }

  async where<E extends string>(entity: E, property: string, value: string): Promise<Array<StoredOf<E>>> {
    const p = new Params(this.driver.dialect);
    const scope = this.scope(p, entity);
    const matches = this.driver.dialect.textIs(this.driver.dialect.property(property, p), value, p, false);
    const rows = await this.driver.query(
      `SELECT seq, data FROM entities WHERE ${scope} AND ${matches} ORDER BY seq`,
      p.values,
    );
    return rows.map((row) => entityOf<StoredOf<E>>(row));
  }

  get<E extends string>(entity: E, id: string): Promise<StoredOf<E> | undefined> {
    return this.read(entity, id, '');
  }

  lock<E extends string>(entity: E, id: string, mode: 'share' | 'update'): Promise<StoredOf<E> | undefined> {
    return this.read(entity, id, this.driver.dialect.lock(mode));
  }

  private async read<E extends string>(entity: E, id: string, lock: string): Promise<StoredOf<E> | undefined> {
    const p = new Params(this.driver.dialect);
    const [row] = await this.driver.query(
      `SELECT seq, data FROM entities WHERE ${this.scope(p, entity)} AND id = ${p.add(id)}${lock}`,
      p.values,
    );
    return row && entityOf(row);
  }

  async insert<E extends string>(entity: E, item: StoredOf<E>): Promise<void> {
    const p = new Params(this.driver.dialect);
    await this.driver.execute(
      `INSERT INTO entities (tenant_id, entity, id, data) VALUES (${p.add(this.tenantId)}, ${p.add(entity)}, ${p.add(item.id)}, ${p.add(JSON.stringify(item))})`,
      p.values,
    );
  }

  update<E extends string>(
    entity: E,
    id: string,
    change: (current: StoredOf<E>) => StoredOf<E>,
  ): Promise<StoredOf<E> | undefined> {
    return this.transaction(async (tx) => {
      const current = await tx.lock(entity, id, 'update');
      if (!current) return undefined;
      const next = { ...change(current), id };
      const p = new Params(this.driver.dialect);
      await (tx as SqlTenant).driver.execute(
        `UPDATE entities SET data = ${p.add(JSON.stringify(next))} WHERE ${this.scope(p, entity)} AND id = ${p.add(id)}`,
        p.values,
      );
      return next;
    });
  }

  async delete(entity: string, id: string): Promise<boolean> {
    const p = new Params(this.driver.dialect);
    return (
      (await this.driver.execute(
        `DELETE FROM entities WHERE ${this.scope(p, entity)} AND id = ${p.add(id)}`,
        p.values,
      )) > 0
    );
  }

  async count(): Promise<number> {
    const p = new Params(this.driver.dialect);
    // Kept by triggers as entities come and go (migrations/002-item-counts.ts), so a create does not count them all.
    // Inside a transaction the row stays locked until it ends: two creates cannot both see the last free place.
    const lock = this.inTransaction ? this.driver.dialect.lock('update') : '';
    const [row] = await this.driver.query(
      `SELECT items AS n FROM tenants WHERE id = ${p.add(this.tenantId)}${lock}`,
      p.values,
    );
    return Number(row?.n ?? 0);
  }

  async serialize(name: string): Promise<void> {
    if (!this.inTransaction)
      throw new Error('serialize() holds its lock until a transaction ends: call it inside one.');
    // SQLite's transactions are already one at a time (BEGIN IMMEDIATE); PostgreSQL's need a lock of their own.
    // Stryker disable next-line all: PostgreSQL only (mutation testing runs on SQLite); pinned on PostgreSQL by this
    // file's named-lock test and api-tests/lifecycle-regressions.test.ts.
    if (this.driver.dialect.name !== 'postgres') return;
    const p = new Params(this.driver.dialect);
    await this.driver.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(${p.add(`${this.tenantId}/${name}`)}, 0))`,
      p.values,
    );
  }

  async nextDue(): Promise<number | undefined> {
    const p = new Params(this.driver.dialect);
    const [row] = await this.driver.query(`SELECT next_due FROM tenants WHERE id = ${p.add(this.tenantId)}`, p.values);
    return row?.next_due === null || row?.next_due === undefined ? undefined : Number(row.next_due);
  }

  async dueBy(at: number): Promise<void> {
    // Parameters in the order the SQL names them: SQLite's placeholders are positional.
    const p = new Params(this.driver.dialect);
    const sql = `UPDATE tenants SET next_due = ${p.add(Math.floor(at))} WHERE id = ${p.add(this.tenantId)} AND (next_due IS NULL OR next_due > ${p.add(Math.floor(at))})`;
    await this.driver.execute(sql, p.values);
  }

  async setNextDue(at: number): Promise<void> {
    const p = new Params(this.driver.dialect);
    await this.driver.execute(
      `UPDATE tenants SET next_due = ${p.add(Math.floor(at))} WHERE id = ${p.add(this.tenantId)}`,
      p.values,
    );
  }

  transaction<T>(work: (tx: TenantStore) => Promise<T>): Promise<T> {
    return this.driver.transaction((driver) => work(new SqlTenant(driver, this.tenantId, true)));
  }
}
