import type { PostgresCluster } from './postgres-cluster';

export default async function teardown(): Promise<void> {
  (globalThis as { postgresCluster?: PostgresCluster }).postgresCluster?.stop();
}
