import { Client } from '@microsoft/microsoft-graph-client';

/** Where the tutorial runs through Microsoft's Graph JS client, and how it gets tokens. */
export interface GraphSdkTutorialOptions {
  /** The stub's origin, e.g. `https://127.0.0.1:4010`: the SDK adds `/beta` or `/v1.0` itself. */
  origin: string;
  adminToken: string;
  /** A token for the directory user `userId`, without administrator roles. */
  userToken(userId: string): string;
  log?: (line: string) => void;
}

type Item = { id: string; [key: string]: unknown };
type Page = { value: Item[] };

const EM = '/identityGovernance/entitlementManagement';

/**
 * Microsoft's tutorial (https://learn.microsoft.com/graph/tutorial-access-package-api), steps 1 to 14 and the
 * clean-up, through Microsoft's own Graph JS client (`@microsoft/microsoft-graph-client`), as an app written for
 * Graph would call it: only the client's base URL and its custom host differ. Resolves to the group's member names
 * while the package was assigned, and after its removal.
 */
export async function runTutorialWithGraphSdk(
  options: GraphSdkTutorialOptions,
): Promise<{ membersWhileAssigned: string[]; membersAfterRemoval: string[] }> {
  const log = options.log ?? (() => undefined);
  // The SDK sends its token only to Graph's own hosts, and to the ones named here.
  const clientFor = (token: string) =>
    Client.init({
      authProvider: (done) => done(null, token),
      baseUrl: options.origin,
      defaultVersion: 'beta',
      customHosts: new Set([new URL(options.origin).hostname]),
    });
  const admin = clientFor(options.adminToken);
  const first = (page: Page, what: string): Item => {
    const [item] = page.value;
    if (!item) throw new Error(`Found no ${what}.`);
    return item;
  };
  const until = async (read: () => Promise<Item>, states: string[]): Promise<Item> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const item = await read();
      if (states.includes(String(item.requestState))) return item;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`The request did not reach ${states.join(' or ')} within 20 s.`);
  };
  const memberNames = async (groupId: string) =>
    ((await admin.api(`/groups/${groupId}/members`).version('v1.0').get()) as Page).value.map((m) =>
      String(m.displayName ?? m.id),
    );

  const user = (await admin
    .api('/users')
    .version('v1.0')
    .post({
      accountEnabled: true,
      displayName: 'Requestor1',
      mailNickname: 'Requestor1',
      userPrincipalName: `Requestor1-${Date.now()}@contoso.onmicrosoft.com`,
      passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Contoso1234' },
    })) as Item;
  log(`1. Created the user ${user.displayName} (${user.id}).`);
  const group = (await admin.api('/groups').version('v1.0').post({
    description: 'Marketing group',
    displayName: 'Marketing resources',
    mailEnabled: false,
    mailNickname: 'markres',
    securityEnabled: true,
  })) as Item;
  log(`2. Created the group ${group.displayName} (${group.id}).`);
  const catalog = first(
    await admin.api(`${EM}/accessPackageCatalogs`).filter("(displayName eq 'General')").get(),
    'General catalog',
  );
  log(`3. Found the General catalog (${catalog.id}).`);
  await admin.api(`${EM}/accessPackageResourceRequests`).post({
    catalogId: catalog.id,
    requestType: 'AdminAdd',
    justification: '',
    accessPackageResource: {
      displayName: 'Marketing resources',
      description: 'Marketing group',
      resourceType: 'AadGroup',
      originId: group.id,
      originSystem: 'AadGroup',
    },
  });
  log('4. Added the group to the catalog.');
  const resource = first(
    await admin
      .api(`${EM}/accessPackageCatalogs/${catalog.id}/accessPackageResources`)
      .filter("(displayName eq 'Marketing resources')")
      .get(),
    "group's catalog resource",
  );
  log(`5. Found its catalog resource (${resource.id}).`);
  const role = first(
    await admin
      .api(`${EM}/accessPackageCatalogs/${catalog.id}/accessPackageResourceRoles`)
      .filter(
        `(originSystem eq 'AadGroup' and accessPackageResource/id eq '${resource.id}' and displayName eq 'Member')`,
      )
      .expand('accessPackageResource')
      .get(),
    'Member role',
  );
  log(`6. Found its Member role (${role.originId}).`);
  const pkg = (await admin.api(`${EM}/accessPackages`).post({
    catalogId: catalog.id,
    displayName: 'Marketing Campaign',
    description: 'Access to resources for the campaign',
  })) as Item;
  log(`7. Created the access package ${pkg.displayName} (${pkg.id}).`);
  await admin.api(`${EM}/accessPackages/${pkg.id}/accessPackageResourceRoleScopes`).post({
    accessPackageResourceRole: {
      originId: role.originId,
      displayName: 'Member',
      originSystem: 'AadGroup',
      accessPackageResource: {
        id: resource.id,
        resourceType: 'Security Group',
        originId: group.id,
        originSystem: 'AadGroup',
      },
    },
    accessPackageResourceScope: { originId: group.id, originSystem: 'AadGroup' },
  });
  log("8. Gave the package the group's Member role.");
  const policy = (await admin.api(`${EM}/accessPackageAssignmentPolicies`).post({
    accessPackageId: pkg.id,
    displayName: 'Specific users',
    description: 'Specific users can request assignment',
    accessReviewSettings: null,
    durationInDays: 30,
    requestorSettings: {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      allowedRequestors: [
        { '@odata.type': '#microsoft.graph.singleUser', isBackup: false, id: user.id, description: 'Requestor1' },
      ],
    },
    requestApprovalSettings: {
      isApprovalRequired: false,
      isApprovalRequiredForExtension: false,
      isRequestorJustificationRequired: false,
      approvalMode: 'NoApproval',
      approvalStages: [],
    },
  })) as Item;
  log(`9. Created the policy ${policy.displayName} (${policy.id}).`);

  const requestor = clientFor(options.userToken(user.id));
  const request = (await requestor.api(`${EM}/accessPackageAssignmentRequests`).post({
    requestType: 'UserAdd',
    accessPackageAssignment: { targetId: user.id, assignmentPolicyId: policy.id, accessPackageId: pkg.id },
  })) as Item;
  log(`10. Requestor1 asked for the package: ${request.requestState}.`);
  const delivered = await until(
    () => requestor.api(`${EM}/accessPackageAssignmentRequests/${request.id}`).get(),
    ['Delivered', 'DeliveryFailed', 'Denied'],
  );
  log(`11. The request is ${delivered.requestState} (${delivered.requestStatus}).`);
  const assignment = first(
    await admin
      .api(`${EM}/accessPackageAssignments`)
      .filter(`accessPackageAssignmentPolicy/Id eq '${policy.id}'`)
      .expand('target')
      .get(),
    'assignment',
  );
  log(`12. Found the assignment ${assignment.id} (${assignment.assignmentState}).`);
  const membersWhileAssigned = await memberNames(group.id);
  log(`13. The group's members: ${membersWhileAssigned.join(', ') || '(none)'}.`);
  const removal = (await admin.api(`${EM}/accessPackageAssignmentRequests`).post({
    requestType: 'AdminRemove',
    accessPackageAssignment: { id: assignment.id },
  })) as Item;
  await until(() => admin.api(`${EM}/accessPackageAssignmentRequests/${removal.id}`).get(), ['Delivered']);
  const membersAfterRemoval = await memberNames(group.id);
  log(`14. Removed the assignment; the group's members: ${membersAfterRemoval.join(', ') || '(none)'}.`);

  await admin.api(`${EM}/accessPackageAssignmentPolicies/${policy.id}`).delete();
  await admin.api(`${EM}/accessPackages/${pkg.id}`).delete();
  await admin.api(`${EM}/accessPackageResourceRequests`).post({
    catalogId: catalog.id,
    requestType: 'AdminRemove',
    accessPackageResource: { id: resource.id },
  });
  await admin.api(`/users/${user.id}`).version('v1.0').delete();
  await admin.api(`/groups/${group.id}`).version('v1.0').delete();
  log('Cleaned up: the policy, the package, the resource, the user and the group.');
  return { membersWhileAssigned, membersAfterRemoval };
}
