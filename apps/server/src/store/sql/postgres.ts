import pg from 'pg';
import { postgres } from './dialect.js';
import type { Driver, Row } from './driver.js';
import { StoreError, StoreUnavailableError } from './sql-store.js';

// PostgreSQL aborts one of two transactions that deadlock or cannot be serialised; running it again is the fix.
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Whether an error says the server cannot answer for now rather than that the statement is wrong: no SQLSTATE at all
 * (the connection broke or was refused), a connection exception (class 08), the server shutting down or starting
 * (57P01-57P03), or out of resources (class 53: disk full, out of memory, too many connections).
 */
function isOutage(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || code.startsWith('53') || /^57P0[123]$/.test(code);
}

/**
 * PostgreSQL through a pg pool, for several stub instances sharing one tenant. The URL may name a
 * schema (`?schema=name`) to keep one stub's tables apart from others in the same database.
 */
export function openPostgres(url: string): Driver {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(`The schema '${schema}' in --database is not a plain lower-case SQL name (a-z, 0-9, _).`);
  }
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its connection must not crash the stub; the next query reconnects.
  pool.on('error', () => undefined);
  let schemaReady: Promise<void> | undefined;
  const ensureSchema = () => {
    schemaReady ??= schema
      ? pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).then(() => undefined)
      : Promise.resolve();
    // Tried again by the next call when the server was out of reach: a failure is not kept.
    schemaReady.catch(() => {
      schemaReady = undefined;
    });
    return schemaReady;
  };
  const where = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  // Only what pg itself threw is looked at: an error of the stub's own (a GraphHttpError a handler threw inside a
  // transaction) passes through as it is.
  const explain = (err: unknown): never => {
    if (err instanceof StoreError || !isOutage(err)) throw err;
    const e = err as { message?: string };
    throw new StoreUnavailableError(
      `Cannot reach PostgreSQL at ${where}: ${e.message ?? String(err)}. Check --database (postgres://user@host:port/database) and that the server runs.`,
    );
  };
  // Counts come back as bigint text; the store converts what it reads.
  const onClient = (client: pg.PoolClient): Omit<Driver, 'transaction' | 'close'> => ({
    dialect: postgres,
    query: async (sql, params = []) =>
      ((await client.query(sql, params as unknown[]).catch(explain)) as pg.QueryResult).rows as Row[],
    execute: async (sql, params = []) =>
      ((await client.query(sql, params as unknown[]).catch(explain)) as pg.QueryResult).rowCount ?? 0,
  });
  /**
   * Runs `work` on a client of its own. A client in use whose connection breaks emits 'error', which, unheard, would
   * end the process (the pool listens only to idle clients): it is heard here, the work fails with the query, and the
   * broken client is dropped from the pool instead of handed to the next request.
   */
  const withClient = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect().catch(explain);
    let broken: Error | undefined;
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (err) {
      if (err instanceof StoreUnavailableError) broken ??= err;
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  };
  const once = async <T>(work: (driver: Omit<Driver, 'transaction' | 'close'>) => Promise<T>) => {
    await ensureSchema().catch(explain);
    return withClient((client) => work(onClient(client)));
  };
  return {
    dialect: postgres,
    query: (sql, params) => once((client) => client.query(sql, params)),
    execute: (sql, params) => once((client) => client.execute(sql, params)),
    async transaction(work) {
      await ensureSchema().catch(explain);
      for (let attempt = 1; ; attempt += 1) {
        const retry = await withClient(async (client) => {
          const tx: Driver = { ...onClient(client), transaction: (inner) => inner(tx), close: async () => undefined };
          try {
            await tx.execute('BEGIN');
            const result = await work(tx);
            await tx.execute('COMMIT');
            return { result };
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            if (attempt < 5 && RETRYABLE.has((err as { code?: string }).code ?? '')) return undefined;
            throw err;
          }
        });
        if (retry) return retry.result;
      }
    },
    close: () => pool.end(),
  };
}
