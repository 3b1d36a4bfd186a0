import pg from 'pg';
import { postgres } from './dialect.js';
import type { Driver, Row } from './driver.js';
import { StoreError } from './sql-store.js';

// Counts come back as bigint text; the store converts what it reads.
const onClient = (client: pg.PoolClient | pg.Pool): Omit<Driver, 'transaction' | 'close'> => ({
  dialect: postgres,
  query: async (sql, params = []) => (await client.query(sql, params as unknown[])).rows as Row[],
  execute: async (sql, params = []) => (await client.query(sql, params as unknown[])).rowCount ?? 0,
});

// PostgreSQL aborts one of two transactions that deadlock or cannot be serialised; running it again is the fix.
const RETRYABLE = new Set(['40001', '40P01']);

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
    return schemaReady;
  };
  const where = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  const explain = (err: unknown): never => {
    const e = err as { code?: string; message?: string };
    if (e instanceof StoreError || (e.code && /^[0-9A-Z]{5}$/.test(e.code))) throw err;
    throw new StoreError(
      `Cannot reach PostgreSQL at ${where}: ${e.message ?? String(err)}. Check --database (postgres://user@host:port/database) and that the server runs.`,
    );
  };
  const direct = onClient(pool);
  return {
    dialect: postgres,
    query: (sql, params) =>
      ensureSchema()
        .then(() => direct.query(sql, params))
        .catch(explain),
    execute: (sql, params) =>
      ensureSchema()
        .then(() => direct.execute(sql, params))
        .catch(explain),
    async transaction(work) {
      await ensureSchema().catch(explain);
      for (let attempt = 1; ; attempt += 1) {
        const client = await pool.connect().catch(explain);
        const tx: Driver = { ...onClient(client), transaction: (inner) => inner(tx), close: async () => undefined };
        try {
          await client.query('BEGIN');
          const result = await work(tx);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (attempt < 5 && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
          throw err;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}
