import { type AccessPackageClient, createAccessPackageClient } from '@accesspackage/client';

/** Where the tutorial runs, and how it gets tokens: an administrator's, and the requesting user's (by `oid`). */
export interface TutorialOptions {
  baseUrl: string;
  adminToken: string;
  /** A token for the directory user `userId`, without administrator roles, as the user would sign in. */
  userToken(userId: string): string;
  /** Each step, as it is done. */
  log?: (line: string) => void;
}

export interface TutorialResult {
  userId: string;
  groupId: string;
  accessPackageId: string;
  assignmentId: string;
  /** The group's members once the assignment was delivered, and once it was removed. */
  membersWhileAssigned: string[];
  membersAfterRemoval: string[];
}

function first<T>(items: T[], what: string): T {
  const [item] = items;
  if (item === undefined) throw new Error(`Found no ${what}.`);
  return item;
}

/**
 * Microsoft's tutorial "Manage access to resources in Microsoft Entra entitlement management using Microsoft Graph"
 * (https://learn.microsoft.com/graph/tutorial-access-package-api), steps 1 to 14, through @accesspackage/client:
 * a user and a group, the group in the General catalog, a package granting its Member role under a policy for that
 * user; the user's request, its delivery and the membership it gives; the removal; then the clean-up, in order.
 */
export async function runTutorial(options: TutorialOptions): Promise<TutorialResult> {
  const log = options.log ?? (() => undefined);
  const graph = createAccessPackageClient({ baseUrl: options.baseUrl, auth: options.adminToken });
  const memberNames = async (client: AccessPackageClient, groupId: string) =>
    (await client.groups.members.list(groupId)).value.map((member) => member.displayName ?? member.id);

  const user = await graph.users.create({
    accountEnabled: true,
    displayName: 'Requestor1',
    mailNickname: 'Requestor1',
    userPrincipalName: `Requestor1-${Date.now()}@contoso.onmicrosoft.com`,
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Contoso1234' },
  });
  log(`1. Created the user ${user.displayName} (${user.id}).`);
  const group = await graph.groups.create({
    description: 'Marketing group',
    displayName: 'Marketing resources',
    mailEnabled: false,
    mailNickname: 'markres',
    securityEnabled: true,
  });
  log(`2. Created the group ${group.displayName} (${group.id}).`);
  const catalog = first((await graph.catalogs.list({ filter: "(displayName eq 'General')" })).value, 'General catalog');
  log(`3. Found the General catalog (${catalog.id}).`);
  await graph.resourceRequests.create({
    catalogId: catalog.id,
    requestType: 'AdminAdd',
    justification: '',
    accessPackageResource: { originId: group.id, originSystem: 'AadGroup', resourceType: 'AadGroup' },
  });
  log('4. Added the group to the catalog.');
  const resource = first(
    (await graph.catalogs.resources.list(catalog.id, { filter: `originId eq '${group.id}'` })).value,
    "the group's resource in the catalog",
  );
  log(`5. Found the group's resource in the catalog (${resource.id}).`);
  const role = first(
    (
      await graph.catalogs.resourceRoles.list(catalog.id, {
        filter: `(originSystem eq 'AadGroup' and accessPackageResource/id eq '${resource.id}' and displayName eq 'Member')`,
        expand: 'accessPackageResource',
      })
    ).value,
    "the group's Member role",
  );
  log(`6. Found its Member role (${role.originId}).`);
  const pkg = await graph.accessPackages.create({
    catalogId: catalog.id,
    displayName: 'Marketing Campaign',
    description: 'Access to resources for the campaign',
  });
  log(`7. Created the access package ${pkg.displayName} (${pkg.id}).`);
  await graph.accessPackages.roleScopes.create(pkg.id, {
    accessPackageResourceRole: {
      originId: role.originId,
      originSystem: 'AadGroup',
      accessPackageResource: { id: resource.id },
    },
    accessPackageResourceScope: { originId: group.id, originSystem: 'AadGroup' },
  });
  log("8. Gave the package the group's Member role.");
  const policy = await graph.assignmentPolicies.create({
    accessPackageId: pkg.id,
    displayName: 'Specific users',
    description: 'Specific users can request assignment',
    durationInDays: 30,
    requestorSettings: {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      allowedRequestors: [{ '@odata.type': '#microsoft.graph.singleUser', isBackup: false, id: user.id }],
    },
  });
  log(`9. Created the policy ${policy.displayName} (${policy.id}): Requestor1 may request it, for 30 days.`);

  const asUser = createAccessPackageClient({ baseUrl: options.baseUrl, auth: options.userToken(user.id) });
  const request = await asUser.assignmentRequests.create({
    requestType: 'UserAdd',
    accessPackageAssignment: { targetId: user.id, assignmentPolicyId: policy.id, accessPackageId: pkg.id },
  });
  log(`10. Requestor1 requested the package: ${request.requestState} (${request.id}).`);
  const delivered = await asUser.assignmentRequests.waitFor(request.id, { waitMs: 30_000 });
  log(`11. The request is ${delivered.requestState} (${delivered.requestStatus}).`);
  if (delivered.requestState !== 'Delivered') throw new Error(`The request ended ${delivered.requestState}.`);
  const assignment = first(
    (await graph.assignments.list({ filter: `accessPackageAssignmentPolicy/Id eq '${policy.id}'`, expand: 'target' }))
      .value,
    'assignment',
  );
  log(
    `12. Requestor1 holds the assignment ${assignment.id}: ${assignment.assignmentState}, until ${assignment.schedule?.expiration?.endDateTime}.`,
  );
  const membersWhileAssigned = await memberNames(graph, group.id);
  log(`13. The group's members: ${membersWhileAssigned.join(', ') || '(none)'}.`);
  const removal = await graph.assignmentRequests.create({
    requestType: 'AdminRemove',
    accessPackageAssignment: { id: assignment.id },
  });
  await graph.assignmentRequests.waitFor(removal.id, { waitMs: 30_000 });
  const membersAfterRemoval = await memberNames(graph, group.id);
  log(`14. Removed the assignment; the group's members: ${membersAfterRemoval.join(', ') || '(none)'}.`);

  await graph.assignmentPolicies.delete(policy.id);
  await graph.accessPackages.delete(pkg.id);
  await graph.resourceRequests.create({
    catalogId: catalog.id,
    requestType: 'AdminRemove',
    accessPackageResource: { id: resource.id },
  });
  await graph.users.delete(user.id);
  await graph.groups.delete(group.id);
  log('Cleaned up: the policy, the package, the resource, the user and the group.');
  return {
    userId: user.id,
    groupId: group.id,
    accessPackageId: pkg.id,
    assignmentId: assignment.id,
    membersWhileAssigned,
    membersAfterRemoval,
  };
}
