import { randomBytes } from 'node:crypto';

/** The engine this jest project tests against (jest.config.js sets it per project). */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.STUB_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A fresh, empty database for one test stub: in-memory SQLite, or a schema of its own in the run's
 * throwaway PostgreSQL cluster. `shared` names one explicitly, for tests of stubs sharing it.
 */
export function testDatabase(shared?: string): string | undefined {
  if (TEST_ENGINE === 'sqlite') return undefined;
  const url = process.env.STUB_TEST_POSTGRES_URL;
  if (!url) throw new Error('The postgres test project runs without a cluster: its globalSetup did not start one.');
  return `${url}?schema=${shared ?? `t_${randomBytes(6).toString('hex')}`}`;
}
