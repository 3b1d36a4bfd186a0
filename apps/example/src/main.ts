import { createAccessPackageExample, GraphError } from './create-access-package.js';

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

main().catch((error: unknown) => {
  if (error instanceof GraphError) {
    process.stderr.write(
      `Graph answered ${error.status} ${error.code}: ${error.message} (request-id ${error.requestId})\n`,
    );
  } else {
    process.stderr.write(
      `${(error as Error).message ?? String(error)}\nIs the stub running at ${baseUrl}? Start it with: npx -y pnpm@12.4.2 start\n`,
    );
  }
  process.exit(1);
});
