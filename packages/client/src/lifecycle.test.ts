import { startTestStub, type TestStub } from '@accesspackage/server/testing';
import { createAccessPackageClient, GraphTimeoutError } from './index.js';

const GENERAL_CATALOG = 'aa2f6514-3232-46e7-a08a-2411ad8d7128';

// Microsoft's tutorial, steps 1 to 14 (https://learn.microsoft.com/graph/tutorial-access-package-api), through the
// client, as docs/lifecycle.md shows them; then its clean-up.
let stub: TestStub;
beforeAll(async () => {
  stub = await startTestStub();
});
afterAll(async () => {
  await stub.close();
});

function first<T>(items: T[]): T {
  const [item] = items;
  if (item === undefined) throw new Error('expected at least one item');
  return item;
}

// Thirty calls, most of them an operation's first, which compiles its validators: seconds on a busy CI machine.
it('runs the tutorial: user, group, General catalog, resource, role, package, role scope, policy, request, assignment, removal', async () => {
  const admin = stub.tokenFor({
    scopes: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All'],
  });
  const graph = createAccessPackageClient({ baseUrl: stub.baseUrl, auth: admin });

  const user = await graph.users.create({
    accountEnabled: true,
    displayName: 'Requestor1',
    mailNickname: 'Requestor1',
    userPrincipalName: 'Requestor1@contoso.onmicrosoft.com',
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Contoso1234' },
  });
  const group = await graph.groups.create({
    description: 'Marketing group',
    displayName: 'Marketing resources',
    mailEnabled: false,
    mailNickname: 'markres',
    securityEnabled: true,
  });
  const catalog = first((await graph.catalogs.list({ filter: "(displayName eq 'General')" })).value);
  const request = await graph.resourceRequests.create({
    catalogId: catalog.id,
    requestType: 'AdminAdd',
    accessPackageResource: { originId: group.id, originSystem: 'AadGroup' },
  });
  expect(request).toMatchObject({ requestState: 'Delivered', requestStatus: expect.stringMatching(/^Fulfilled/) });
  const resource = first(
    (await graph.catalogs.resources.list(catalog.id, { filter: "(displayName eq 'Marketing resources')" })).value,
  );
  expect(resource).toMatchObject({ originId: group.id, resourceType: 'Security Group' });
  const role = first(
    (
      await graph.catalogs.resourceRoles.list(catalog.id, {
        filter: `(originSystem eq 'AadGroup' and accessPackageResource/id eq '${resource.id}' and displayName eq 'Member')`,
        expand: 'accessPackageResource',
      })
    ).value,
  );
  expect(role.originId).toBe(`Member_${group.id}`);
  const pkg = await graph.accessPackages.create({
    catalogId: catalog.id,
    displayName: 'Marketing Campaign',
    description: 'Access to resources for the campaign',
  });
  const roleScope = await graph.accessPackages.roleScopes.create(pkg.id, {
    accessPackageResourceRole: {
      originId: role.originId,
      originSystem: 'AadGroup',
      accessPackageResource: { id: resource.id },
    },
    accessPackageResourceScope: { originId: group.id, originSystem: 'AadGroup' },
  });
  expect(roleScope.id).toMatch(new RegExp(`^${role.id}_`));
  const policy = await graph.assignmentPolicies.create({
    accessPackageId: pkg.id,
    displayName: 'Specific users',
    description: 'Specific users can request assignment',
    durationInDays: 30,
    requestorSettings: {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      allowedRequestors: [{ '@odata.type': '#microsoft.graph.singleUser', id: user.id, description: 'Requestor1' }],
    },
  });
  expect(policy).toMatchObject({ canExtend: false, durationInDays: 30, expirationDateTime: null });

  const granted = await graph.accessPackages.get(pkg.id, {
    expand: [
      'accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope)',
      'accessPackageAssignmentPolicies',
    ],
  });
  expect(granted.accessPackageResourceRoleScopes?.map((r) => r.accessPackageResourceRole?.originId)).toEqual([
    `Member_${group.id}`,
  ]);
  expect(granted.accessPackageAssignmentPolicies?.map((p) => p.id)).toEqual([policy.id]);
  const requestor = createAccessPackageClient({
    baseUrl: stub.baseUrl,
    auth: stub.tokenFor({ scopes: ['EntitlementManagement.Read.All'], claims: { oid: user.id } }),
  });
  expect((await requestor.accessPackages.filterByCurrentUser()).value.map((p) => p.id)).toEqual([pkg.id]);

  expect(
    (await graph.accessPackages.getApplicablePolicyRequirements(pkg.id, user.id)).value.map((r) => r.policyId),
  ).toEqual([policy.id]);

  // Steps 10-13: Requestor1 requests the package, the request is delivered, and Requestor1 joins the group.
  const asRequestor = createAccessPackageClient({
    baseUrl: stub.baseUrl,
    auth: stub.tokenFor({
      scopes: ['EntitlementManagement.ReadWrite.All'],
      directoryRoles: [],
      claims: { oid: user.id },
    }),
  });
  expect((await asRequestor.accessPackages.getApplicablePolicyRequirements(pkg.id)).value).toHaveLength(1);
  const asked = await asRequestor.assignmentRequests.create({
    requestType: 'UserAdd',
    accessPackageAssignment: { targetId: user.id, assignmentPolicyId: policy.id, accessPackageId: pkg.id },
  });
  expect(asked).toMatchObject({ requestState: 'Submitted', requestStatus: 'Accepted', createdDateTime: null });
  const delivered = await asRequestor.assignmentRequests.waitFor(asked.id, { intervalMs: 50, waitMs: 10_000 });
  expect(delivered).toMatchObject({ requestState: 'Delivered', requestStatus: expect.stringMatching(/^Fulfilled/) });
  const assignment = first(
    (
      await graph.assignments.list({
        filter: `accessPackageAssignmentPolicy/Id eq '${policy.id}'`,
        expand: 'target',
      })
    ).value,
  );
  expect(assignment).toMatchObject({ id: asked.id, assignmentState: 'Delivered' });
  expect(assignment.target?.objectId).toBe(user.id);
  expect((await graph.groups.members.list(group.id)).value.map((m) => m.id)).toEqual([user.id]);
  expect((await asRequestor.assignments.filterByCurrentUser('target')).value.map((a) => a.id)).toEqual([asked.id]);

  // Step 14: the assignment is removed by an administrator's request, which takes the membership back.
  const removal = await graph.assignmentRequests.create({
    requestType: 'AdminRemove',
    accessPackageAssignment: { id: assignment.id },
  });
  expect((await graph.assignmentRequests.waitFor(removal.id, { intervalMs: 50 })).requestState).toBe('Delivered');
  expect((await graph.assignments.get(assignment.id)).assignmentState).toBe('Expired');
  expect((await graph.groups.members.list(group.id)).value).toEqual([]);

  // Clean-up, in the order Graph requires.
  await graph.assignmentPolicies.delete(policy.id);
  await graph.accessPackages.delete(pkg.id);
  await graph.resourceRequests.create({
    catalogId: catalog.id,
    requestType: 'AdminRemove',
    accessPackageResource: { id: resource.id },
  });
  await graph.users.delete(user.id);
  await graph.groups.delete(group.id);
  expect((await graph.catalogs.resources.list(catalog.id)).value).toEqual([]);
}, 120_000);

it('waitFor gives up after waitMs with a GraphTimeoutError, and stops at once when aborted', async () => {
  const slow = await startTestStub({ deliveryDelayMs: 60_000 });
  try {
    const graph = createAccessPackageClient({
      baseUrl: slow.baseUrl,
      auth: slow.tokenFor({ scopes: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All'] }),
    });
    const user = await graph.users.create({
      accountEnabled: true,
      displayName: 'Waiter',
      mailNickname: 'waiter',
      userPrincipalName: 'waiter@contoso.onmicrosoft.com',
      passwordProfile: { password: 'Contoso1234' },
    });
    const pkg = await graph.accessPackages.create({ catalogId: GENERAL_CATALOG, displayName: 'Slow' });
    const policy = await graph.assignmentPolicies.create({
      accessPackageId: pkg.id,
      displayName: 'Direct',
      description: 'Direct assignments',
    });
    const asked = await graph.assignmentRequests.create({
      requestType: 'AdminAdd',
      accessPackageAssignment: { targetId: user.id, assignmentPolicyId: policy.id, accessPackageId: pkg.id },
    });
    await expect(graph.assignmentRequests.waitFor(asked.id, { waitMs: 200, intervalMs: 50 })).rejects.toBeInstanceOf(
      GraphTimeoutError,
    );
    const controller = new AbortController();
    const waiting = graph.assignmentRequests.waitFor(asked.id, { intervalMs: 5_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop waiting')), 50);
    await expect(waiting).rejects.toThrow('stop waiting');
  } finally {
    await slow.close();
  }
});

it('lets an approver find and approve a request that waits for approval, which is then delivered', async () => {
  const admin = createAccessPackageClient({
    baseUrl: stub.baseUrl,
    auth: stub.tokenFor({ scopes: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All'] }),
  });
  const newUser = (name: string) =>
    admin.users.create({
      accountEnabled: true,
      displayName: name,
      mailNickname: name,
      userPrincipalName: `${name}@contoso.onmicrosoft.com`,
      passwordProfile: { password: 'Contoso1234' },
    });
  const requestorUser = await newUser('Asker');
  const approverUser = await newUser('Decider');
  const pkg = await admin.accessPackages.create({ catalogId: GENERAL_CATALOG, displayName: 'Approved access' });
  const policy = await admin.assignmentPolicies.create({
    accessPackageId: pkg.id,
    displayName: 'With approval',
    description: 'Decider approves',
    requestorSettings: {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      allowedRequestors: [{ '@odata.type': '#microsoft.graph.singleUser', id: requestorUser.id }],
    },
    requestApprovalSettings: {
      isApprovalRequired: true,
      approvalMode: 'SingleStage',
      approvalStages: [
        {
          approvalStageTimeOutInDays: 14,
          primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', id: approverUser.id }],
        },
      ],
    },
  });
  const as = (oid: string) =>
    createAccessPackageClient({
      baseUrl: stub.baseUrl,
      auth: stub.tokenFor({ scopes: ['EntitlementManagement.ReadWrite.All'], directoryRoles: [], claims: { oid } }),
    });
  const requestor = as(requestorUser.id);
  const approver = as(approverUser.id);
  const asked = await requestor.assignmentRequests.create({
    requestType: 'UserAdd',
    accessPackageAssignment: { assignmentPolicyId: policy.id, accessPackageId: pkg.id },
  });
  expect((await requestor.assignmentRequests.waitFor(asked.id, { intervalMs: 50 })).requestState).toBe(
    'PendingApproval',
  );

  expect((await approver.approvals.filterByCurrentUser()).value.map((a) => a.id)).toEqual([asked.id]);
  await expect(requestor.approvals.approve(asked.id)).rejects.toMatchObject({ status: 403, code: 'UnAuthorized' });
  await approver.approvals.approve(asked.id, 'Fine by me');
  const [step] = (await approver.approvals.steps.list(asked.id)).value;
  expect(step).toMatchObject({ status: 'Completed', reviewResult: 'Approved', justification: 'Fine by me' });
  await expect(approver.approvals.approve(asked.id)).rejects.toThrow(/no step in progress assigned to the caller/);
  const delivered = await requestor.assignmentRequests.waitFor(asked.id, {
    intervalMs: 50,
    until: ['Delivered', 'DeliveryFailed'],
  });
  expect(delivered).toMatchObject({ requestState: 'Delivered', requestStatus: expect.stringMatching(/^Fulfilled/) });
}, 120_000);
