// Loaded by jest's globalSetup, where the test transform's .js mapping does not apply: no extension.
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster';

// Jest's globalSetup of the `postgres` project (jest.config.js): one throwaway cluster for the run.
// Environment variables set here reach every test worker; each test stub takes a schema of its own.
export default async function setup(): Promise<void> {
  const cluster = await startPostgresCluster();
  process.env.STUB_TEST_POSTGRES_URL = cluster.url;
  (globalThis as { postgresCluster?: PostgresCluster }).postgresCluster = cluster;
}
