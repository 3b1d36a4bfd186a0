import { DEV_TENANT_ID, type DevTokenOptions } from '../auth/dev-token.js';
import { parseStubData } from '../store/data-file.js';
import { GENERAL_CATALOG_ID } from '../store/general-catalog.js';
import type { StubData } from '../store/store.js';

/**
 * The ids of Microsoft's access package tutorial (https://learn.microsoft.com/graph/tutorial-access-package-api) after
 * its step 9, as `tutorialData()` seeds it: Requestor1, the Marketing resources group in the General catalog, the
 * Marketing Campaign package granting the group's Member role, and the "Specific users" policy that lets Requestor1
 * request it, without approval, for 30 days. A test starts from step 10 at once.
 */
export const TUTORIAL = {
  tenantId: DEV_TENANT_ID,
  userId: '007d1c7e-7fa8-4e33-b678-5e437acdcddc',
  groupId: 'e93e24d1-4b9b-4c7d-a2c1-32a17aa2ab27',
  catalogId: GENERAL_CATALOG_ID,
  packageId: '88203d16-0e31-41d4-87b2-dd402f1435e9',
  policyId: '2264bf65-76ba-417b-a27d-54d291f0cbc8',
} as const;

/** A token of Requestor1, a plain user (no directory role), as steps 10 and 11 sign in. */
export const TUTORIAL_REQUESTOR: DevTokenOptions = {
  scopes: ['EntitlementManagement.ReadWrite.All'],
  directoryRoles: [],
  claims: { oid: TUTORIAL.userId },
};

/**
 * The tutorial's steps 1 to 9 as a data file's JSON (what `--data-file` reads): `JSON.stringify(tutorialFile())` into a
 * file makes a stub start there. `tenantId` seeds another tenant than the `token` command's.
 */
export function tutorialFile(tenantId: string = TUTORIAL.tenantId) {
  return {
    tenantId,
    users: [
      { id: TUTORIAL.userId, displayName: 'Requestor1', userPrincipalName: 'Requestor1@contoso.onmicrosoft.com' },
    ],
    groups: [{ id: TUTORIAL.groupId, displayName: 'Marketing resources', description: 'Marketing group' }],
    accessPackageResources: [{ catalogId: TUTORIAL.catalogId, originId: TUTORIAL.groupId }],
    accessPackages: [
      {
        id: TUTORIAL.packageId,
        catalogId: TUTORIAL.catalogId,
        displayName: 'Marketing Campaign',
        description: 'Access to resources for the campaign',
      },
    ],
    accessPackageResourceRoleScopes: [
      { accessPackageId: TUTORIAL.packageId, originId: TUTORIAL.groupId, role: 'Member' },
    ],
    accessPackageAssignmentPolicies: [{ id: TUTORIAL.policyId, ...tutorialPolicyBody() }],
  };
}

/** Step 9's policy as its create sends it: Requestor1 may ask, for 30 days, without approval. */
export function tutorialPolicyBody() {
  return {
    accessPackageId: TUTORIAL.packageId,
    displayName: 'Specific users',
    description: 'Specific users can request assignment',
    durationInDays: 30,
    requestorSettings: {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      allowedRequestors: [
        { '@odata.type': '#microsoft.graph.singleUser', id: TUTORIAL.userId, description: 'Requestor1' },
      ],
    },
  };
}

/** An AdminAdd request body for someone the directory does not hold, by email: the tutorial's package and policy. */
export function tutorialAddByEmail(email: string, displayName?: string) {
  return {
    requestType: 'AdminAdd',
    accessPackageAssignment: {
      target: { email, ...(displayName === undefined ? {} : { displayName }) },
      assignmentPolicyId: TUTORIAL.policyId,
      accessPackageId: TUTORIAL.packageId,
    },
  };
}

/** The tutorial's steps 1 to 9 as stub data: `startTestStub({ data: tutorialData() })` starts at step 10. */
export function tutorialData(tenantId?: string): StubData {
  return parseStubData(tutorialFile(tenantId), "the tutorial's data");
}
