// Runs the model-based test: random worlds and random command sequences (fast-check), each sequence in tenants of its
// own on the given stubs, compared with the model after every command. A failure is shrunk to a short sequence and
// reported with the seed and path that replay it (MODEL_SEED, MODEL_PATH).

import fc from 'fast-check';
import type { TestStub } from '../../testing/jest-helpers.js';
import { Coverage, commandArbitraries, type ModelSide, type RealSide } from './commands.js';
import { LifecycleModel } from './model.js';
import { RealStubs, setUpTenant } from './real.js';
import { scenarios } from './scenarios.js';
import type { WorldParams } from './world.js';

export interface ModelRunOptions {
  /** The stubs to drive, sharing one clock (and, when several, one database); each call goes to the next. */
  stubs: TestStub[];
  /** The delivery delay the stubs were started with. */
  deliveryDelayMs: number;
  runs: number;
  seed?: number;
  path?: string;
  maxCommands?: number;
  tenants?: number;
}

// Mostly a date in 2030, sometimes the end of a month (for calendar durations) or of year 9999 (for dates Graph cannot
// write), to the millisecond.
const startArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: Date.UTC(2030, 0, 1), max: Date.UTC(2031, 0, 1) }) },
  { weight: 2, arbitrary: fc.constantFrom(Date.UTC(2031, 0, 31, 10, 30), Date.UTC(2032, 1, 29, 23, 59, 59, 500)) },
  { weight: 1, arbitrary: fc.integer({ min: Date.UTC(9999, 10, 1), max: Date.UTC(9999, 11, 30) }) },
);

export const worldArb: fc.Arbitrary<WorldParams> = fc.record({
  start: startArb,
  durationInDaysA: fc.constantFrom(0, 1, 30),
  timeoutDaysB: fc.integer({ min: 2, max: 14 }),
  justificationB: fc.boolean(),
  timeoutDaysC: fc.tuple(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 2, max: 7 })),
  approvalForExtensionC: fc.boolean(),
  expiresAfterDaysC: fc.constantFrom(null, 10, 60),
});

/** Runs `runs` sequences; resolves with what they covered, or rejects with the shrunk counterexample. */
export async function runLifecycleModel(options: ModelRunOptions): Promise<Coverage> {
  const stubs = new RealStubs(options.stubs);
  const tenants = options.tenants ?? 2;
  const coverage = new Coverage();
  // The hand-written scenarios come first, on top of the `runs` random sequences (a replay's path counts them).
  const examples = scenarios();
  await fc.assert(
    fc.asyncProperty(
      worldArb,
      fc.commands(commandArbitraries(tenants), { maxCommands: options.maxCommands ?? 40, size: 'max' }),
      async (params, commands) => {
        const clock = await stubs.moveClock({ set: new Date(params.start).toISOString() });
        if (clock.status !== 200) throw new Error(`Setting the clock answered ${clock.status}: ${clock.text}`);
        const run = new Coverage();
        run.sequences = 1;
        const setup = async () => {
          const model: ModelSide = {
            model: new LifecycleModel(params, options.deliveryDelayMs, tenants),
            coverage: run,
          };
          const real: RealSide = { stubs, tenants: [], steps: 0 };
          for (let i = 0; i < tenants; i += 1) real.tenants.push(await setUpTenant(stubs, params));
          return { model, real };
        };
        await fc.asyncModelRun(setup, commands);
        coverage.merge(run);
      },
    ),
    {
      numRuns: options.runs + examples.length,
      examples,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.path === undefined ? {} : { path: options.path }),
      // MODEL_SHRINK=0 reports the first failing sequence as it is (mutation testing wants only whether one fails).
      endOnFailure: process.env.MODEL_SHRINK === '0',
    },
  );
  return coverage;
}

/** A table of what was tried and reached, for a person reading a long run's output. */
export function describeCoverage(coverage: Coverage): string {
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => `  ${String(n).padStart(7)}  ${key}`)
      .join('\n');
  return [
    `${coverage.sequences} sequences, ${coverage.commands} commands.`,
    'Commands by expected outcome:',
    rows(coverage.outcomes),
    'Request states seen after a command (summed over commands):',
    rows(coverage.states),
  ].join('\n');
}
