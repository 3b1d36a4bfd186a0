import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataFile } from '../store/data-file.js';
import { startTestStub, TUTORIAL, TUTORIAL_REQUESTOR, tutorialData, tutorialFile } from './index.js';

it("seeds Microsoft's tutorial up to step 9, so that a test starts at step 10, calling operations by operationId", async () => {
  const stub = await startTestStub({ data: tutorialData(), deliveryDelayMs: 0 });
  try {
    const pkg = await stub.op('getAccessPackage', {
      path: { accessPackageId: TUTORIAL.packageId },
      query: {
        $expand:
          'accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope),accessPackageAssignmentPolicies',
      },
    });
    expect(pkg.status).toBe(200);
    expect(pkg.json).toMatchObject({
      displayName: 'Marketing Campaign',
      accessPackageResourceRoleScopes: [
        {
          accessPackageResourceRole: { displayName: 'Member', originId: `Member_${TUTORIAL.groupId}` },
          accessPackageResourceScope: { originId: TUTORIAL.groupId, isRootScope: true },
        },
      ],
      accessPackageAssignmentPolicies: [{ id: TUTORIAL.policyId, displayName: 'Specific users', durationInDays: 30 }],
    });
    const requestor = stub.tokenFor(TUTORIAL_REQUESTOR);
    const mine = await stub.op('filterAccessPackagesByCurrentUser', { token: requestor });
    expect(mine.json).toMatchObject({ value: [{ id: TUTORIAL.packageId }] });

    // Step 10, then the membership it gives.
    const request = await stub.op('createAssignmentRequest', {
      token: requestor,
      body: {
        requestType: 'UserAdd',
        accessPackageAssignment: { assignmentPolicyId: TUTORIAL.policyId, accessPackageId: TUTORIAL.packageId },
      },
    });
    expect(request.status).toBe(201);
    const members = await stub.op('listGroupMembers', {
      path: { groupId: TUTORIAL.groupId },
      token: stub.tokenFor({ scopes: ['Group.Read.All'] }),
    });
    expect(members.json).toMatchObject({ value: [{ id: TUTORIAL.userId, displayName: 'Requestor1' }] });
    await expect(stub.op('getAccessPackage', { path: {} as never })).rejects.toThrow(/needs the path parameter/);
  } finally {
    await stub.close();
  }
});

it('is a data file as --data-file reads it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tutorial-'));
  const path = join(dir, 'tutorial.json');
  writeFileSync(path, JSON.stringify(tutorialFile('11111111-2222-3333-4444-555555555555')));
  const data = loadDataFile(path);
  rmSync(dir, { recursive: true, force: true });
  expect(data.tenantId).toBe('11111111-2222-3333-4444-555555555555');
  expect(data.accessPackageResourceRoleScopes).toHaveLength(1);
  expect(data.accessPackageResources?.[0]?.resource.displayName).toBe('Marketing resources');
});
