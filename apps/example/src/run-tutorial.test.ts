import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestStub, type TestStub } from '@accesspackage/server/testing';
import { runTutorial } from './run-tutorial.js';

const run = promisify(execFile);
// Fourteen steps and the clean-up, some forty requests, beside the rest of CI on two cores.
jest.setTimeout(120_000);
let stub: TestStub;
beforeEach(async () => {
  stub = await startTestStub({ deliveryDelayMs: 100 });
});
afterEach(async () => {
  await stub.close();
});

it('runs the tutorial: the delivered assignment makes the user a member, its removal takes that back', async () => {
  const lines: string[] = [];
  const result = await runTutorial({
    baseUrl: stub.baseUrl,
    adminToken: stub.tokenFor({
      scopes: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All'],
    }),
    userToken: (userId) => stub.tokenFor({ directoryRoles: [], claims: { oid: userId } }),
    log: (line) => lines.push(line),
  });
  expect(result.membersWhileAssigned).toEqual(['Requestor1']);
  expect(result.membersAfterRemoval).toEqual([]);
  expect(lines.map((line) => line.split('.')[0])).toEqual([
    ...Array.from({ length: 14 }, (_, i) => String(i + 1)),
    'Cleaned up: the policy, the package, the resource, the user and the group',
  ]);
  // Nothing is left behind but the General catalog.
  const health = await (await fetch(`${stub.origin}/_stub/health`)).json();
  expect(health).toMatchObject({ accessPackages: 0, accessPackageCatalogs: 1 });
});

it('runs as node apps/example/dist/tutorial.js against the stub BASE_URL names, printing each step', async () => {
  const { stdout } = await run(process.execPath, [join(__dirname, '..', 'dist', 'tutorial.js')], {
    env: { ...process.env, BASE_URL: stub.baseUrl },
  });
  expect(stdout).toMatch(/^1\. Created the user Requestor1/);
  // Fulfilled, and FulfilledNotificationTriggered a delivery delay later, as on Graph.
  expect(stdout).toMatch(/11\. The request is Delivered \(Fulfilled(NotificationTriggered)?\)\./);
  expect(stdout).toContain("13. The group's members: Requestor1.");
  expect(stdout).toContain("14. Removed the assignment; the group's members: (none).");
});
