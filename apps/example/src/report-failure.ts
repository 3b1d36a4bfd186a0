import { GraphError } from '@accesspackage/client';

/** Says why a run against `baseUrl` failed, and what to do about it, then exits 1. */
export function reportFailure(error: unknown, baseUrl: string): never {
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
}
