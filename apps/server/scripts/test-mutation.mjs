#!/usr/bin/env node
// Mutation testing, area by area (mutation-areas.cjs): node scripts/test-mutation.mjs [lifecycle-flow lifecycle-grants requests store permissions]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const { AREAS } = createRequire(import.meta.url)('../mutation-areas.cjs');
// `pnpm run test:mutation -- store` hands the script its `--` too.
const asked = process.argv.slice(2).filter((arg) => arg !== '--');
const areas = asked.length > 0 ? asked : Object.keys(AREAS);
const unknown = areas.filter((area) => !AREAS[area]);
if (unknown.length > 0) {
  console.error(`Unknown area ${unknown.join(', ')}: choose among ${Object.keys(AREAS).join(', ')}.`);
  process.exit(2);
}
const cwd = fileURLToPath(new URL('..', import.meta.url));
for (const area of areas) {
  console.log(`\nMutation testing of the ${area} (${AREAS[area].mutate.join(', ')}):`);
  const run = spawnSync('npx', ['stryker', 'run'], {
    cwd,
    env: { ...process.env, MUTATION_AREA: area },
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
console.log('\nReports: reports/mutation/<area>.html; the scores go to docs/testing.md.');
