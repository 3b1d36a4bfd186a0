import { createAccessPackageExample } from './create-access-package.js';
import { reportFailure } from './report-failure.js';

// Usage: start the stub (`npx -y pnpm@12.4.2 start`), then
//   TOKEN=$(node apps/server/dist/cli.js token) node apps/example/dist/main.js
const baseUrl = process.env.STUB_URL ?? 'http://127.0.0.1:4010/beta';
const token = process.env.TOKEN;

async function main(): Promise<void> {
  if (!token) {
    process.stderr.write('Set TOKEN to a bearer token, e.g. TOKEN=$(node apps/server/dist/cli.js token)\n');
    process.exit(2);
  }
  const { created, inCatalog } = await createAccessPackageExample({ baseUrl, token, displayName: process.argv[2] });
  process.stdout.write(
    `Created access package ${created.id} ("${created.displayName}") in catalog ${created.catalogId}.\n`,
  );
  process.stdout.write(`The catalog now holds: ${inCatalog.join(', ')}\n`);
}

main().catch((error: unknown) => reportFailure(error, baseUrl));
