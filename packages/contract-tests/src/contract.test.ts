/**
 * The contract, enforced from the outside. Every case below is derived at run time from
 * openapi/accesspackage.yaml: change the spec and the suite changes with it. By default the cases
 * drive a stub started in this process; CONTRACT_BASE_URL and CONTRACT_TOKEN point them at any
 * server, real Graph included (see README.md).
 */
import { writeFileSync } from 'node:fs';
import { deriveCases } from './cases.js';
import { Coverage, coverageGaps, formatCoverageTable } from './coverage.js';
import { deriveResources } from './resources.js';
import { ContractRun } from './run.js';
import { createSchemaValidator } from './schema-validator.js';
import { readSettings } from './settings.js';
import { loadContract } from './spec.js';
import { startTarget } from './target.js';

const settings = readSettings(process.env);
const contract = loadContract(require.resolve('@accesspackage/openapi/accesspackage.yaml'));
const resources = deriveResources(contract);
const isStub = settings.target.baseUrl === undefined;
const cases = deriveCases(contract, resources, { isStub, runs: settings.runs, seed: settings.seed });
const coverage = new Coverage(contract.operations);
let run: ContractRun | undefined;

function report() {
  return coverage.report({
    target: run?.target.description ?? settings.target.baseUrl ?? 'in-process stub',
    enforced: isStub,
    seed: settings.seed,
    runs: settings.runs,
  });
}

beforeAll(async () => {
  const target = await startTarget(settings.target, contract.scopes);
  run = new ContractRun(contract, createSchemaValidator(contract), resources, coverage, target, {
    seed: settings.seed,
    runs: settings.runs,
    prefix: settings.prefix,
  });
});

// The clean-up deletes every object the run made, one request at a time: hundreds of requests, which on two busy cores
// (or against real Graph) take longer than one case's limit.
const CLEAN_UP_TIMEOUT_MS = 300_000;

afterAll(async () => {
  if (!run) return;
  const leftovers = await run.cleanUp();
  await run.close();
  if (settings.coverageFile)
    writeFileSync(settings.coverageFile, JSON.stringify({ table: formatCoverageTable(report()), leftovers }));
  if (leftovers.length > 0) {
    console.warn(
      `The suite could not delete ${leftovers.length} object(s) it created (prefix '${settings.prefix.trim()}'):\n${leftovers.join('\n')}`,
    );
  }
}, CLEAN_UP_TIMEOUT_MS);

const groups = new Map<string, typeof cases>();
for (const c of cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);

for (const [group, members] of groups) {
  describe(group, () => {
    for (const c of members) {
      if (c.skip) {
        it.skip(`${c.title} [${c.skip}]`, () => undefined);
        continue;
      }
      it(
        c.title,
        async () => {
          if (!run) throw new Error('The target did not start; see the error of beforeAll.');
          await c.run(run);
        },
        30_000 + c.requests * 200,
      );
    }
  });
}

describe('coverage', () => {
  it('answers every documented status of every operation, and no undocumented one', () => {
    const gaps = coverageGaps(report());
    if (!isStub) return; // Against another server the table is reported, not enforced: it cannot reach them all.
    if (gaps.length > 0) throw new Error(`The contract is not fully exercised:\n\n${formatCoverageTable(report())}`);
  });
});
