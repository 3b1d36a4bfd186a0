import type { Dialect } from './dialect.js';

export type Row = Record<string, unknown>;

/** A connection to one database, as the SQL store uses it. */
export interface Driver {
  readonly dialect: Dialect;
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement; resolves with the number of rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs `work` in one transaction on one connection, committing if it resolves and rolling back if it throws. */
  transaction<T>(work: (tx: Driver) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
