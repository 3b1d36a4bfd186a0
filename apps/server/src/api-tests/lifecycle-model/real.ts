// The stub side of the model-based test: the world of world.ts made over HTTP in a tenant of its own, and the calls
// the commands make, through one stub or, for stubs sharing a database, through each in turn.

import { randomUUID } from 'node:crypto';
import { GENERAL_CATALOG_ID } from '../../store/store.js';
import type { CallResult, TestStub } from '../../testing/jest-helpers.js';
import {
  GROUPS,
  type GroupKey,
  INITIAL_MEMBERS,
  INITIAL_ROLE_SCOPES,
  PACKAGES,
  POLICIES,
  type PolicyKey,
  policiesOf,
  RESOURCE_GROUPS,
  type RoleKey,
  type Stage,
  USERS,
  type UserKey,
  type Who,
  type WorldParams,
} from './world.js';

export const EM = '/identityGovernance/entitlementManagement';
export const REQUESTS = `${EM}/assignmentRequests`;
export const ASSIGNMENTS = `${EM}/accessPackageAssignments`;
export const APPROVALS = `${EM}/accessPackageAssignmentApprovals`;
export const ACCESS_PACKAGES = `${EM}/accessPackages`;
const POLICY_SET = `${EM}/accessPackageAssignmentPolicies`;
export const RESOURCE_REQUESTS = `${EM}/accessPackageResourceRequests`;
const ADMIN_SCOPES = ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All'];

/** What the stub called each thing of the world in one tenant, and the tokens to call it as each user. */
export interface RealTenant {
  tenantId: string;
  adminOid: string;
  admin: string;
  users: string[];
  tokens: string[];
  groups: Record<GroupKey, string>;
  packages: string[];
  policies: Record<PolicyKey, string>;
  /** The stub's id of each request, by the model's key (an assignment has its request's id). */
  requests: string[];
}

/** The stubs of one run: one, or several sharing a database, called in turn. */
export class RealStubs {
  private turn = 0;
  constructor(readonly stubs: TestStub[]) {}

  private next(): TestStub {
    const stub = this.stubs[this.turn % this.stubs.length] as TestStub;
    this.turn += 1;
    return stub;
  }

  call(method: string, path: string, token: string | null, body?: object): Promise<CallResult> {
    const stub = this.next();
    const url = path.startsWith('/v1.0/') || path.startsWith('/_stub/') ? `${stub.origin}${path}` : path;
    return stub.call(method, url, { token, ...(body === undefined ? {} : { body }) });
  }

  /** Moves the clock every stub of the run reads (they share one). */
  async moveClock(change: { advance: string } | { set: string }): Promise<CallResult> {
    return this.call('POST', '/_stub/clock', null, change);
  }

  tokenFor(tenantId: string, oid: string, admin: boolean): string {
    const stub = this.stubs[0] as TestStub;
    return stub.tokenFor({
      tenantId,
      scopes: admin ? ADMIN_SCOPES : ['EntitlementManagement.ReadWrite.All'],
      ...(admin ? {} : { directoryRoles: [] }),
      claims: { oid },
    });
  }
}

async function created(stubs: RealStubs, path: string, token: string, body: object): Promise<string> {
  const res = await stubs.call('POST', path, token, body);
  if (res.status !== 201) throw new Error(`Setting up the world: POST ${path} answered ${res.status}: ${res.text}`);
  return res.json.id as string;
}

async function ok(stubs: RealStubs, method: string, path: string, token: string, body: object): Promise<void> {
  const res = await stubs.call(method, path, token, body);
  if (res.status >= 300) throw new Error(`Setting up the world: ${method} ${path} answered ${res.status}: ${res.text}`);
}

export const groupRef = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });

/** The body of a role scope granting `role` (`G1:Member`) of the world's group. */
export function roleScopeBody(tenant: RealTenant, role: RoleKey) {
  const [group, name] = role.split(':') as [GroupKey, string];
  const groupId = tenant.groups[group];
  return {
    accessPackageResourceRole: {
      originId: `${name}_${groupId}`,
      originSystem: 'AadGroup',
      accessPackageResource: { originId: groupId, originSystem: 'AadGroup' },
    },
    accessPackageResourceScope: { originId: groupId, originSystem: 'AadGroup' },
  };
}

function userSets(tenant: Pick<RealTenant, 'users' | 'groups'>, who: Who[]) {
  return who.map((w) =>
    'user' in w
      ? { '@odata.type': '#microsoft.graph.singleUser', id: tenant.users[w.user], description: `U${w.user}` }
      : { '@odata.type': '#microsoft.graph.groupMembers', id: tenant.groups[w.group], description: w.group },
  );
}

const stageBody = (tenant: Pick<RealTenant, 'users' | 'groups'>, stage: Stage) => ({
  approvalStageTimeOutInDays: stage.timeoutDays,
  isApproverJustificationRequired: stage.justificationRequired,
  isEscalationEnabled: false,
  escalationTimeInMinutes: 0,
  primaryApprovers: userSets(tenant, stage.approvers),
  escalationApprovers: [],
});

/** Makes the world of world.ts in a new tenant, over HTTP, as an administrator of it. */
export async function setUpTenant(stubs: RealStubs, params: WorldParams): Promise<RealTenant> {
  const tenantId = randomUUID();
  const adminOid = randomUUID();
  const admin = stubs.tokenFor(tenantId, adminOid, true);
  const users: string[] = [];
  for (const user of USERS) {
    users.push(
      await created(stubs, '/users', admin, {
        accountEnabled: true,
        displayName: `U${user}`,
        mailNickname: `u${user}`,
        userPrincipalName: `u${user}@contoso.onmicrosoft.com`,
        passwordProfile: { password: 'Contoso1234' },
      }),
    );
  }
  const groups = {} as Record<GroupKey, string>;
  for (const group of GROUPS) {
    groups[group] = await created(stubs, '/groups', admin, {
      displayName: group,
      mailEnabled: false,
      mailNickname: group.toLowerCase(),
      securityEnabled: true,
    });
  }
  const idOf = (member: UserKey | GroupKey) => (typeof member === 'number' ? users[member] : groups[member]) as string;
  for (const { group, member } of INITIAL_MEMBERS) {
    await ok(stubs, 'POST', `/v1.0/groups/${groups[group]}/members/$ref`, admin, groupRef(idOf(member)));
  }
  for (const group of RESOURCE_GROUPS) {
    await ok(stubs, 'POST', RESOURCE_REQUESTS, admin, {
      catalogId: GENERAL_CATALOG_ID,
      requestType: 'AdminAdd',
      accessPackageResource: { originId: groups[group], originSystem: 'AadGroup' },
    });
  }
  const tenant: RealTenant = {
    tenantId,
    adminOid,
    admin,
    users,
    tokens: users.map((id) => stubs.tokenFor(tenantId, id, false)),
    groups,
    packages: [],
    policies: {} as Record<PolicyKey, string>,
    requests: [],
  };
  for (const pkg of PACKAGES) {
    const id = await created(stubs, ACCESS_PACKAGES, admin, { catalogId: GENERAL_CATALOG_ID, displayName: `P${pkg}` });
    tenant.packages.push(id);
    for (const role of INITIAL_ROLE_SCOPES[pkg]) {
      await created(
        stubs,
        `${ACCESS_PACKAGES}/${id}/accessPackageResourceRoleScopes`,
        admin,
        roleScopeBody(tenant, role),
      );
    }
  }
  const policies = policiesOf(params);
  for (const key of POLICIES) {
    const policy = policies[key];
    const approval = policy.stages.length > 0;
    tenant.policies[key] = await created(stubs, POLICY_SET, admin, {
      accessPackageId: tenant.packages[policy.pkg],
      displayName: `Policy ${key}`,
      description: `Policy ${key} of the model-based test`,
      canExtend: policy.canExtend,
      durationInDays: policy.durationInDays,
      expirationDateTime: policy.expirationDateTime === null ? null : new Date(policy.expirationDateTime).toISOString(),
      requestorSettings:
        policy.requestors === null
          ? { scopeType: 'NoSubjects', acceptRequests: true, allowedRequestors: [] }
          : policy.requestors === 'all'
            ? { scopeType: 'AllExistingDirectoryMemberUsers', acceptRequests: true, allowedRequestors: [] }
            : {
                scopeType: 'SpecificDirectorySubjects',
                acceptRequests: true,
                allowedRequestors: userSets(tenant, policy.requestors),
              },
      requestApprovalSettings: {
        isApprovalRequired: approval,
        isApprovalRequiredForExtension: policy.approvalForExtension,
        isRequestorJustificationRequired: false,
        approvalMode: policy.mode,
        approvalStages: [...policy.stages, ...policy.unusedStages].map((stage) => stageBody(tenant, stage)),
      },
    });
  }
  return tenant;
}
