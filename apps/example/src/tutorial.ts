import { createDevToken } from '@accesspackage/server';
import { reportFailure } from './report-failure.js';
import { runTutorial } from './run-tutorial.js';

// Usage: start the stub (`npx -y pnpm@12.4.2 start`), then `node apps/example/dist/tutorial.js`.
// BASE_URL names another stub (default http://127.0.0.1:4010/beta). The tokens are the stub's development tokens:
// an administrator's, and the requesting user's (its oid is the user the tutorial creates).
const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:4010/beta';
const ADMIN_SCOPES = ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All'];

runTutorial({
  baseUrl,
  adminToken: createDevToken({ scopes: ADMIN_SCOPES }),
  userToken: (userId) =>
    createDevToken({ scopes: ['EntitlementManagement.ReadWrite.All'], directoryRoles: [], claims: { oid: userId } }),
  log: (line) => process.stdout.write(`${line}\n`),
}).catch((error: unknown) => reportFailure(error, baseUrl));
