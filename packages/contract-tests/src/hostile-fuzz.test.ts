/**
 * The spec-driven hostile fuzz (see src/hostile): requests derived from the contract and bent, sent to the
 * stub running as its CLI. A short run is part of `test`; `pnpm run fuzz:hostile` sends 10,000.
 * HOSTILE_FUZZ_REQUESTS and HOSTILE_FUZZ_SEED (default CONTRACT_SEED's) change the run.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { formatFuzzReport, runHostileFuzz } from './hostile/fuzz.js';
import { deriveResources } from './resources.js';
import { DEFAULT_SEED } from './settings.js';
import { contractOf } from './spec.js';
import { SPEC_FILE } from './testing.js';

const requests = Number(process.env.HOSTILE_FUZZ_REQUESTS ?? 300);
const seed = Number(process.env.HOSTILE_FUZZ_SEED ?? process.env.CONTRACT_SEED ?? DEFAULT_SEED);

it(
  `answers ${requests} hostile requests derived from the contract without a 5xx, a crash, or a change from a refused request (seed ${seed})`,
  async () => {
    const contract = contractOf(parse(readFileSync(SPEC_FILE, 'utf8')) as Record<string, unknown>);
    const report = await runHostileFuzz(contract, deriveResources(contract), {
      requests,
      seed,
      progress: (sent) => process.stderr.write(`hostile fuzz: ${sent} of ${requests} sent\n`),
    });
    process.stdout.write(`\n${formatFuzzReport(report)}\n`);
    if (report.failureCount > 0 || report.crashed) throw new Error(formatFuzzReport(report));
    expect(Object.keys(report.byStatus).filter((status) => status.startsWith('5'))).toEqual([]);
  },
  60_000 + requests * 100,
);
