import { createClock } from '../graph/clock.js';
import { startTestStub, TEST_ENGINE, type TestStub, testDatabase } from '../testing/jest-helpers.js';
import { describeCoverage, runLifecycleModel } from './lifecycle-model/run.js';

// The lifecycle against its model (lifecycle-model/): random sequences of requests, decisions, clock moves and catalog
// changes in two tenants, the stub's state compared with the model's after every command. A short run here, on each
// engine; `test:model` runs a long one. MODEL_RUNS, MODEL_SEED and MODEL_PATH replay or lengthen it.
const RUNS = Number(process.env.MODEL_RUNS ?? 8);
const SEED = process.env.MODEL_SEED === undefined ? undefined : Number(process.env.MODEL_SEED);
const PATH = process.env.MODEL_PATH;
const replay = { ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) };

jest.setTimeout(Number(process.env.MODEL_TIMEOUT_MS ?? 600_000));

const stubs: TestStub[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

async function frozenStubs(count: number, deliveryDelayMs: number, database = testDatabase()) {
  const clock = createClock({ frozenAt: new Date(Date.UTC(2030, 0, 1)) });
  for (let i = 0; i < count; i += 1) {
    stubs.push(await startTestStub({ clock, deliveryDelayMs, ...(database ? { database } : {}) }));
  }
  return stubs.slice(-count);
}

describe(`the lifecycle behaves as its model says, on ${TEST_ENGINE}`, () => {
  it.each([0, 60_000])('with a delivery delay of %i ms', async (deliveryDelayMs) => {
    const coverage = await runLifecycleModel({
      stubs: await frozenStubs(1, deliveryDelayMs),
      deliveryDelayMs,
      runs: Math.ceil(RUNS / 2),
      ...replay,
    });
    if (process.env.MODEL_REPORT) console.log(describeCoverage(coverage));
  });
});

// Stubs behind a load balancer: two pairs of stubs on one PostgreSQL database, each pair sharing a clock, run two
// sequences at once; each command and each read goes to the pair's next stub, so what one instance wrote (and what
// fell due) must show through the other.
const onPostgres = TEST_ENGINE === 'postgres' ? describe : describe.skip;
onPostgres('the lifecycle through two stubs sharing one PostgreSQL database', () => {
  it('behaves as its model says, two sequences at once', async () => {
    const database = testDatabase(`model_${Date.now().toString(36)}`);
    const pairs = [await frozenStubs(2, 60_000, database), await frozenStubs(2, 0, database)];
    const runs = Math.max(1, Math.ceil(RUNS / 4));
    const coverage = await Promise.all([
      runLifecycleModel({ stubs: pairs[0] as TestStub[], deliveryDelayMs: 60_000, runs, ...replay }),
      runLifecycleModel({ stubs: pairs[1] as TestStub[], deliveryDelayMs: 0, runs, ...replay }),
    ]);
    if (process.env.MODEL_REPORT) for (const each of coverage) console.log(describeCoverage(each));
  });
});
