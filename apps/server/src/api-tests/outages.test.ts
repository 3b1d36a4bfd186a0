import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TEST_ENGINE } from '../testing/engine.js';
import { type CallResult, expectGraphError, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';
import { type PostgresCluster, startPostgresCluster } from '../testing/postgres-cluster.js';

// The database going away under load: the stub stays up, answers 503 with Retry-After (which clients retry) and says
// `degraded` on /_stub/health, and comes back by itself once the database does. Never a crash, never a plain 500.

const GENERAL = "?$filter=displayName eq 'General'";
const CATALOGS = '/identityGovernance/entitlementManagement/accessPackageCatalogs';

function expectOutage(res: CallResult): void {
  expectGraphError(res, 503, 'ServiceUnavailable');
  expect(res.headers.get('retry-after')).toBe('5');
}

async function health(stub: TestStub) {
  return stub.call('GET', `${stub.origin}/_stub/health`, { token: null });
}

/** Requests from `width` clients at once, each creating and listing packages until `stop()`; every answer's status. */
function load(stub: TestStub, catalogId: string, width = 6) {
  const statuses: number[] = [];
  let running = true;
  const clients = Array.from({ length: width }, async (_, client) => {
    for (let i = 0; running; i++) {
      const res =
        i % 2 === 0
          ? await stub.call('POST', PACKAGES, { body: { catalogId, displayName: `load ${client}-${i}` } })
          : await stub.call('GET', `${PACKAGES}?$top=5`);
      statuses.push(res.status);
      if (res.status === 503) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  return {
    statuses,
    stop: async () => {
      running = false;
      await Promise.all(clients);
    },
  };
}

const onPostgres = TEST_ENGINE === 'postgres' ? describe : describe.skip;
const onSqlite = TEST_ENGINE === 'sqlite' ? describe : describe.skip;

onPostgres('PostgreSQL stopping under load', () => {
  let cluster: PostgresCluster;
  let stub: TestStub;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    stub = await startTestStub({ database: cluster.url });
  });
  afterAll(async () => {
    await stub?.close();
    cluster?.stop();
  });

  it('answers 503 with Retry-After while it is down, stays up, and recovers by itself once it is back', async () => {
    const catalogId = (await stub.call('GET', `${CATALOGS}${GENERAL}`)).json.value[0].id;
    const traffic = load(stub, catalogId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    cluster.halt();
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expectOutage(await stub.call('GET', `${PACKAGES}?$top=1`));
    const degraded = await health(stub);
    expect(degraded.status).toBe(503);
    expect(degraded.json).toMatchObject({ status: 'degraded', database: 'postgres', reason: expect.any(String) });

    cluster.resume();
    let back: CallResult | undefined;
    for (let i = 0; i < 150 && back?.status !== 200; i++) {
      back = await stub.call('GET', `${PACKAGES}?$top=1`);
      if (back.status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(back?.status).toBe(200);
    await traffic.stop();
    // Every answer was a success or a 503: none a 500, and the process never went down.
    expect(traffic.statuses.filter((status) => ![200, 201, 503].includes(status))).toEqual([]);
    expect(traffic.statuses).toContain(503);
    expect((await health(stub)).json).toMatchObject({ status: 'ok', database: 'postgres' });
    const created = await stub.call('POST', PACKAGES, { body: { catalogId, displayName: 'after the outage' } });
    expect(created.status).toBe(201);
  });
});

onSqlite('a SQLite file another process holds locked', () => {
  it('answers a write 503 with Retry-After after the busy timeout, reads on, and writes again once it is free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stub-outage-'));
    const file = join(dir, 'stub.db');
    const stub = await startTestStub({ database: file });
    const other = new Database(file);
    try {
      const catalogId = (await stub.call('GET', `${CATALOGS}${GENERAL}`)).json.value[0].id;
      other.exec('BEGIN EXCLUSIVE');
      expectOutage(await stub.call('POST', PACKAGES, { body: { catalogId, displayName: 'waits' } }));
      other.exec('ROLLBACK');
      const created = await stub.call('POST', PACKAGES, { body: { catalogId, displayName: 'written' } });
      expect(created.status).toBe(201);
      expect((await health(stub)).json).toMatchObject({ status: 'ok', database: 'sqlite' });
    } finally {
      other.close();
      await stub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
