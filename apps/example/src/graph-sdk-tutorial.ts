import { createDevToken } from '@accesspackage/server';
import { runTutorialWithGraphSdk } from './run-graph-sdk-tutorial.js';

// Usage: start the stub over TLS (`npx -y pnpm@12.4.2 start --https`; it prints its certificate's path), then
// NODE_EXTRA_CA_CERTS=<that path> BASE_URL=https://127.0.0.1:4010 node apps/example/dist/graph-sdk-tutorial.js
// Microsoft's Graph JS client runs the tutorial against the stub as it would against graph.microsoft.com.
const origin = new URL(process.env.BASE_URL ?? 'https://127.0.0.1:4010').origin;
const ADMIN_SCOPES = ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All'];

runTutorialWithGraphSdk({
  origin,
  adminToken: createDevToken({ scopes: ADMIN_SCOPES }),
  userToken: (userId) =>
    createDevToken({ scopes: ['EntitlementManagement.ReadWrite.All'], directoryRoles: [], claims: { oid: userId } }),
  log: (line) => process.stdout.write(`${line}\n`),
}).catch((error: unknown) => {
  // The SDK's GraphError carries Graph's status and code.
  const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
  process.stderr.write(
    statusCode
      ? `Graph answered ${statusCode} ${code}: ${message}\n`
      : `${message ?? String(error)}\nIs the stub running at ${origin} with --https, and is its certificate in NODE_EXTRA_CA_CERTS?\n`,
  );
  process.exit(1);
});
