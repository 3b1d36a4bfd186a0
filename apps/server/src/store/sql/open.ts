import type { Store, StubData } from '../store.js';
import { openPostgres } from './postgres.js';
import { SqlStore } from './sql-store.js';
import { openSqlite } from './sqlite.js';

/**
 * The store `--database` names: nothing or `:memory:` for a fresh in-memory SQLite tenant per start,
 * a file path for SQLite kept across restarts, or a `postgres://` URL for a database several stubs share.
 */
export function openStore(database: string | undefined, data: StubData = {}): Store {
  if (database && /^postgres(ql)?:\/\//.test(database)) {
    const url = new URL(database);
    return new SqlStore(openPostgres(database), data, true, `PostgreSQL database ${url.hostname}${url.pathname}`);
  }
  const path = database || ':memory:';
  return new SqlStore(
    openSqlite(path),
    data,
    false,
    path === ':memory:' ? 'the in-memory database' : `the file ${path}`,
  );
}
