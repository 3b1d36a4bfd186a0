import Database from 'better-sqlite3';
import { memo } from '../../graph/memo.js';
import { sqlite } from './dialect.js';
import type { Driver, Row } from './driver.js';
import { StoreError, StoreUnavailableError } from './sql-store.js';

/** How many prepared statements a SQLite connection keeps (the tutorial's requests use a few dozen). */
export const MAX_STATEMENTS = 500;

/** better-sqlite3 parameters: booleans are stored as 0/1. */
/**
 * SQLite's answers that say the file cannot be written or read for now, not that the statement is wrong: a full
 * disk, another process holding the file locked past busy_timeout, an I/O error, a file made read-only.
 */
const OUTAGES = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|READONLY|CANTOPEN)/;

/** Runs a statement, telling an outage (503, retry) from a failure of the statement itself. */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && OUTAGES.test(code)) {
      throw new StoreUnavailableError(`SQLite answered ${code}: ${(err as Error).message}`);
    }
    throw err;
  }
}

const bind = (params: readonly unknown[]) => params.map((v) => (typeof v === 'boolean' ? Number(v) : v));

/**
 * SQLite through better-sqlite3: one connection, synchronous calls. A transaction may await between
 * its statements, so every other statement waits for it (one async lock), or it would run inside it.
 * A file is opened with WAL and synchronous=FULL: a write is on disk before its answer is sent.
 */
export function openSqlite(path: string): Driver & { readonly preparedStatements: number } {
  let db: Database.Database;
  try {
    db = new Database(path);
    if (path !== ':memory:') {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('busy_timeout = 5000');
    // Probes the file: a file that is not SQLite fails here rather than on the first request.
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  } catch (err) {
    const message = (err as Error).message;
    if (/bindings file|better_sqlite3\.node|NODE_MODULE_VERSION/.test(message)) {
      throw new StoreError(
        `better-sqlite3's native module is missing or built for another Node (${message.split('\n')[0]}). Its install script builds it: run "npm rebuild better-sqlite3" (or reinstall without --ignore-scripts), or use --database postgres://...`,
      );
    }
    throw new StoreError(
      `${path} cannot be used as the stub's SQLite database: ${message}. Give --database a new file name (it is created), or remove or move that file.`,
    );
  }
  // JavaScript's own case mapping, so that tolower()/toupper() in $filter mean in SQL what they mean in odata/filter.ts.
  db.function('js_lower', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : null));
  db.function('js_upper', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toUpperCase() : null));

  // Each distinct SQL text is prepared once and kept, but only so many: every distinct $filter shape is a text, and
  // kept without bound they held memory for good (9,191 shapes took the stub from 96 to 332 MB).
  const prepared = memo(MAX_STATEMENTS, (sql: string) => db.prepare(sql));
  const direct: Omit<Driver, 'transaction' | 'close'> = {
    dialect: sqlite,
    query: async (sql, params = []) => guarded(() => prepared(sql).all(...bind(params)) as Row[]),
    execute: async (sql, params = []) => guarded(() => prepared(sql).run(...bind(params)).changes),
  };

  let lock: Promise<void> = Promise.resolve();
  // Transactions (and the close) running or waiting for the lock.
  let holders = 0;
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    holders += 1;
    const run = lock.then(work);
    lock = run.then(
      () => {
        holders -= 1;
      },
      () => {
        holders -= 1;
      },
    );
    return run;
  };
  // A statement runs synchronously, so it only needs to wait when a transaction holds or awaits the lock; otherwise
  // it runs at once, without a turn of the promise queue per statement.
  const statement = <T>(work: () => Promise<T>): Promise<T> => (holders === 0 ? work() : lock.then(work));
  const inTransaction: Driver = {
    ...direct,
    transaction: (work) => work(inTransaction),
    close: async () => undefined,
  };

  return {
    dialect: sqlite,
    get preparedStatements() {
      return prepared.size;
    },
    query: (sql, params) => statement(() => direct.query(sql, params)),
    execute: (sql, params) => statement(() => direct.execute(sql, params)),
    transaction: (work) =>
      exclusive(async () => {
        guarded(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const result = await work(inTransaction);
          guarded(() => db.exec('COMMIT'));
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    close: () =>
      exclusive(async () => {
        if (db.open) db.close();
      }),
  };
}
