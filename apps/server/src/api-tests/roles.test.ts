import { randomUUID } from 'node:crypto';
import {
  approvalPolicy,
  CATALOGS,
  expectGraphError,
  PACKAGES,
  startTestStub,
  type TestStub,
  TUTORIAL,
  TUTORIAL_REQUESTOR,
  tutorialData,
} from '../testing/jest-helpers.js';

// Entitlement Management's roles, as a team delegating to catalog owners, package managers and assignment managers
// meets them: each role may do what Microsoft's role tables say, in its own catalogs, and nothing else.

const EM = '/identityGovernance/entitlementManagement';
const POLICIES = `${EM}/accessPackageAssignmentPolicies`;
const REQUESTS = `${EM}/assignmentRequests`;
const ASSIGNMENTS = `${EM}/accessPackageAssignments`;
const RESOURCE_REQUESTS = `${EM}/accessPackageResourceRequests`;
const APPROVALS = `${EM}/accessPackageAssignmentApprovals`;
const DEFINITIONS = '/roleManagement/entitlementManagement/roleDefinitions';
const ROLE_ASSIGNMENTS = '/roleManagement/entitlementManagement/roleAssignments';

const ROLE = {
  catalogOwner: 'ae79f266-94d4-4dab-b730-feca7e132178',
  catalogReader: '44272f93-9762-48e8-af59-1b5351b1d6b3',
  accessPackageManager: '7f480852-ebdc-47d4-87de-0d8498384a83',
  catalogCreator: 'ba92d953-d8e0-4e39-a797-0cbedb0a89e8',
  accessPackageAssignmentManager: 'e2182095-804a-4656-ae11-64734e9b7ae5',
};
const READ = ['EntitlementManagement.Read.All'];
const scopeOf = (catalogId: string) => `/AccessPackageCatalog/${catalogId}`;

let stub: TestStub;
let otherCatalog: string;
let otherPackage: string;
let otherPolicy: string;

/** A token of a user (a fresh oid unless given) holding exactly `roles`, by the token command's names. */
const as = (roles: string[], options: { oid?: string; scopes?: string[] } = {}) =>
  stub.tokenFor({
    roles,
    ...(options.scopes ? { scopes: options.scopes } : {}),
    claims: { oid: options.oid ?? randomUUID() },
  });

/** What `probe` finds once the stub has moved the lifecycle on (deliveries take a few hundred milliseconds). */
async function until<T>(probe: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = await probe();
    if (found !== undefined && found !== false) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the stub did not get there in 5 s');
}

async function created(path: string, body: object, token?: string): Promise<string> {
  const res = await stub.call('POST', path, { body, ...(token ? { token } : {}) });
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${res.text}`);
  return res.json.id;
}

const directPolicy = (accessPackageId: string, displayName = 'Direct') => ({
  accessPackageId,
  displayName,
  description: 'Assigned by an assignment manager',
  durationInDays: 30,
  requestorSettings: { scopeType: 'NoSubjects', acceptRequests: true },
});

beforeAll(async () => {
  stub = await startTestStub(
    { data: tutorialData() },
    { scopes: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All'] },
  );
  // A second catalog with a package and a policy of its own, which the General catalog's roles do not reach.
  otherCatalog = await created(CATALOGS, { displayName: 'Finance' });
  otherPackage = await created(PACKAGES, { catalogId: otherCatalog, displayName: 'Ledger' });
  otherPolicy = await created(POLICIES, directPolicy(otherPackage));
});
afterAll(async () => {
  await stub.close();
});

describe('role definitions', () => {
  it("lists Entitlement Management's five roles with Graph's ids, in Graph's order, the same in every tenant", async () => {
    const other = stub.tokenFor({ tenantId: randomUUID(), scopes: READ, roles: [] });
    for (const token of [undefined, other]) {
      const res = await stub.call('GET', DEFINITIONS, { ...(token ? { token } : {}) });
      expect(res.status).toBe(200);
      expect(res.json.value.map((d: { id: string; displayName: string }) => [d.displayName, d.id])).toEqual([
        ['Catalog owner', ROLE.catalogOwner],
        ['Catalog reader', ROLE.catalogReader],
        ['AccessPackages manager', ROLE.accessPackageManager],
        ['Catalog creator', ROLE.catalogCreator],
        ['AccessPackage assignment manager', ROLE.accessPackageAssignmentManager],
      ]);
    }
    const one = await stub.call('GET', `${DEFINITIONS}/${ROLE.accessPackageAssignmentManager}`);
    expect(one.json).toMatchObject({
      templateId: ROLE.accessPackageAssignmentManager,
      isBuiltIn: true,
      isEnabled: true,
      version: '1.0',
      rolePermissions: [
        {
          allowedResourceActions: [
            'microsoft.entitlementManagement/AccessPackageCatalog/AccessPackage/GrantRequests/allTasks',
            'microsoft.entitlementManagement/AccessPackageCatalog/AccessPackage/Grants/allTasks',
            'microsoft.entitlementManagement/AccessPackageCatalog/allEntities/Read',
          ],
          condition: null,
        },
      ],
    });
    const filtered = await stub.call('GET', `${DEFINITIONS}?$filter=displayName eq 'Catalog creator'&$select=id`);
    expect(filtered.json.value).toEqual([{ id: ROLE.catalogCreator }]);
    expectGraphError(await stub.call('GET', `${DEFINITIONS}/${randomUUID()}`), 404, 'ResourceNotFound');
  });
});

describe('role assignments', () => {
  it('gives a role in one catalog, lists it by $filter with its principal and role, and takes it back', async () => {
    const user = await created('/users', {
      accountEnabled: true,
      displayName: 'Pipeline',
      mailNickname: 'pipeline',
      userPrincipalName: 'pipeline@contoso.onmicrosoft.com',
      passwordProfile: { password: 'Contoso1234' },
    });
    const body = { principalId: user, roleDefinitionId: ROLE.catalogReader, appScopeId: scopeOf(otherCatalog) };
    const res = await stub.call('POST', ROLE_ASSIGNMENTS, {
      body: { '@odata.type': '#microsoft.graph.unifiedRoleAssignment', ...body },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ ...body, directoryScopeId: null, principalOrganizationId: TUTORIAL.tenantId });
    expectGraphError(await stub.call('POST', ROLE_ASSIGNMENTS, { body }), 409, 'RoleAssignmentExists');

    const listed = await stub.call(
      'GET',
      `${ROLE_ASSIGNMENTS}?$filter=principalId eq '${user}'&$expand=principal,roleDefinition`,
    );
    expect(listed.json.value).toHaveLength(1);
    expect(listed.json.value[0]).toMatchObject({
      id: res.json.id,
      principal: { id: user, displayName: 'Pipeline' },
      roleDefinition: { displayName: 'Catalog reader' },
    });
    // As the beta page says, the list needs a $filter.
    expectGraphError(await stub.call('GET', ROLE_ASSIGNMENTS), 400, 'BadRequest');

    // The role works: the user reads the catalog, and only that one.
    const reader = stub.tokenFor({ roles: [], scopes: READ, claims: { oid: user } });
    expect((await stub.call('GET', `${CATALOGS}/${otherCatalog}`, { token: reader })).status).toBe(200);
    expectGraphError(
      await stub.call('GET', `${CATALOGS}/${TUTORIAL.catalogId}`, { token: reader }),
      403,
      'UnAuthorized',
    );
    // Taken back, it no longer does.
    expect((await stub.call('DELETE', `${ROLE_ASSIGNMENTS}/${res.json.id}`)).status).toBe(204);
    expectGraphError(await stub.call('GET', `${CATALOGS}/${otherCatalog}`, { token: reader }), 403, 'UnAuthorized');
  });

  it('refuses what cannot be held: an unknown role or catalog, Catalog creator in one catalog, a group', async () => {
    const principalId = randomUUID();
    const give = (roleDefinitionId: string, appScopeId: string, who = principalId) =>
      stub.call('POST', ROLE_ASSIGNMENTS, { body: { principalId: who, roleDefinitionId, appScopeId } });
    expectGraphError(await give(randomUUID(), '/'), 404, 'ResourceNotFound');
    expectGraphError(await give(ROLE.catalogOwner, scopeOf(randomUUID())), 404, 'ResourceNotFound');
    expectGraphError(await give(ROLE.catalogCreator, scopeOf(otherCatalog)), 400, 'InvalidModel');
    expectGraphError(await give(ROLE.catalogOwner, scopeOf(otherCatalog), TUTORIAL.groupId), 400, 'InvalidModel');
    expectGraphError(await give(ROLE.catalogOwner, '/Somewhere/else'), 400, 'InvalidModel');
    // A principal the directory does not hold is a service principal's: applications can hold roles.
    const app = await give(ROLE.catalogOwner, scopeOf(otherCatalog));
    expect(app.status).toBe(201);
    const expanded = await stub.call('GET', `${ROLE_ASSIGNMENTS}/${app.json.id}?$expand=principal`);
    expect(expanded.json.principal).toEqual({
      '@odata.type': '#microsoft.graph.servicePrincipal',
      id: principalId,
    });
  });

  it("lets a catalog owner give roles in its catalog only, and shows it only its catalogs' assignments", async () => {
    const owner = randomUUID();
    const token = as([`catalogOwner:${otherCatalog}`], { oid: owner });
    const give = (roleDefinitionId: string, appScopeId: string) =>
      stub.call('POST', ROLE_ASSIGNMENTS, { token, body: { principalId: randomUUID(), roleDefinitionId, appScopeId } });
    expect((await give(ROLE.accessPackageManager, scopeOf(otherCatalog))).status).toBe(201);
    expectGraphError(await give(ROLE.accessPackageManager, scopeOf(TUTORIAL.catalogId)), 403, 'UnAuthorized');
    // Catalog creators are given by administrators only.
    expectGraphError(await give(ROLE.catalogCreator, '/'), 403, 'UnAuthorized');
    const mine = await stub.call(
      'GET',
      `${ROLE_ASSIGNMENTS}?$filter=roleDefinitionId eq '${ROLE.accessPackageManager}'`,
      {
        token,
      },
    );
    expect(mine.status).toBe(200);
    expect(mine.json.value.length).toBeGreaterThan(0);
    expect(mine.json.value.every((a: { appScopeId: string }) => a.appScopeId === scopeOf(otherCatalog))).toBe(true);
  });

  it('serves the same definitions and assignments on v1.0, where a role given on one version holds on the other', async () => {
    const v1 = stub.baseUrl.replace(/\/beta$/, '/v1.0');
    const definitions = await stub.call('GET', `${v1}${DEFINITIONS}`);
    expect(definitions.status).toBe(200);
    expect(definitions.json['@odata.context']).toMatch(/\/v1\.0\/\$metadata#/);
    expect(definitions.json.value).toHaveLength(5);
    const principalId = randomUUID();
    const given = await stub.call('POST', `${v1}${ROLE_ASSIGNMENTS}`, {
      body: { principalId, roleDefinitionId: ROLE.catalogReader, appScopeId: scopeOf(otherCatalog) },
    });
    expect(given.status).toBe(201);
    const onBeta = await stub.call('GET', `${ROLE_ASSIGNMENTS}/${given.json.id}`);
    expect(onBeta.json).toMatchObject({ principalId, roleDefinitionId: ROLE.catalogReader });
    const reader = stub.tokenFor({ roles: [], scopes: READ, claims: { oid: principalId } });
    expect((await stub.call('GET', `${CATALOGS}/${otherCatalog}`, { token: reader })).status).toBe(200);
    expect((await stub.call('DELETE', `${v1}${ROLE_ASSIGNMENTS}/${given.json.id}`)).status).toBe(204);
    expectGraphError(await stub.call('GET', `${ROLE_ASSIGNMENTS}/${given.json.id}`), 404, 'ResourceNotFound');
  });
});

describe('the abuses a delegated user without a role could commit', () => {
  let policyNeedingApproval: string;
  beforeAll(async () => {
    const approver = randomUUID();
    policyNeedingApproval = await created(
      POLICIES,
      approvalPolicy(TUTORIAL.packageId, [{ '@odata.type': '#microsoft.graph.singleUser', id: approver }]),
    );
  });

  it('cannot switch a policy that requires approval to none, nor read it', async () => {
    const token = stub.tokenFor(TUTORIAL_REQUESTOR);
    const policy = (await stub.call('GET', `${POLICIES}/${policyNeedingApproval}`)).json;
    const { id: _id, createdBy: _c, createdDateTime: _cd, modifiedBy: _m, modifiedDateTime: _md, ...body } = policy;
    delete body['@odata.context'];
    const put = await stub.call('PUT', `${POLICIES}/${policyNeedingApproval}`, {
      token,
      body: { ...body, requestApprovalSettings: { isApprovalRequired: false } },
    });
    expectGraphError(put, 403, 'UnAuthorized');
    expect(put.json.error.message).toBe('User is not authorized to perform the operation. Reason: Unauthorized');
    expect(put.json.error.details[0].message).toMatch(/AccessPackages manager, Catalog owner/);
    expect((await stub.call('GET', `${POLICIES}/${policyNeedingApproval}`)).json.requestApprovalSettings).toMatchObject(
      { isApprovalRequired: true },
    );
    expectGraphError(await stub.call('GET', `${POLICIES}/${policyNeedingApproval}`, { token }), 403, 'UnAuthorized');
  });

  it('cannot put a group in a catalog and package it for themself, nor create catalogs', async () => {
    const token = stub.tokenFor(TUTORIAL_REQUESTOR);
    const group = await created('/groups', {
      displayName: 'Payroll admins',
      mailEnabled: false,
      mailNickname: 'payroll',
      securityEnabled: true,
    });
    const add = await stub.call('POST', RESOURCE_REQUESTS, {
      token,
      body: {
        catalogId: TUTORIAL.catalogId,
        requestType: 'AdminAdd',
        accessPackageResource: { originId: group, originSystem: 'AadGroup' },
      },
    });
    expectGraphError(add, 403, 'UnAuthorized');
    expectGraphError(await stub.call('POST', CATALOGS, { token, body: { displayName: 'Mine' } }), 403, 'UnAuthorized');
    expectGraphError(
      await stub.call('POST', PACKAGES, { token, body: { catalogId: TUTORIAL.catalogId, displayName: 'Mine' } }),
      403,
      'UnAuthorized',
    );
  });

  it("cannot delete another user's finished request, nor reprocess another user's assignment", async () => {
    // An assignment manager gives someone the package, then takes it away: a finished request and an assignment.
    const target = await created('/users', {
      accountEnabled: true,
      displayName: 'Someone',
      mailNickname: 'someone',
      userPrincipalName: 'someone@contoso.onmicrosoft.com',
      passwordProfile: { password: 'Contoso1234' },
    });
    const policy = await created(POLICIES, directPolicy(TUTORIAL.packageId, 'Direct for someone'));
    const request = await created(REQUESTS, {
      requestType: 'AdminAdd',
      accessPackageAssignment: { targetId: target, assignmentPolicyId: policy, accessPackageId: TUTORIAL.packageId },
    });
    const assignment = await until(async () => {
      const res = await stub.call('GET', `${REQUESTS}/${request}?$expand=accessPackageAssignment`);
      return res.json.requestState === 'Delivered' ? (res.json.accessPackageAssignment.id as string) : undefined;
    });
    const token = stub.tokenFor(TUTORIAL_REQUESTOR);
    expectGraphError(await stub.call('POST', `${ASSIGNMENTS}/${assignment}/reprocess`, { token }), 403, 'UnAuthorized');
    const removal = await created(REQUESTS, {
      requestType: 'AdminRemove',
      accessPackageAssignment: { id: assignment },
    });
    await until(async () => (await stub.call('GET', `${REQUESTS}/${removal}`)).json.requestState === 'Delivered');
    expectGraphError(await stub.call('DELETE', `${REQUESTS}/${removal}`, { token }), 403, 'UnAuthorized');
    expect((await stub.call('GET', `${REQUESTS}/${removal}`)).status).toBe(200);
  });

  it("cannot list everyone's requests and assignments with a read token", async () => {
    const token = stub.tokenFor({ ...TUTORIAL_REQUESTOR, scopes: READ });
    expectGraphError(await stub.call('GET', REQUESTS, { token }), 403, 'UnAuthorized');
    expectGraphError(await stub.call('GET', ASSIGNMENTS, { token }), 403, 'UnAuthorized');
    // Their own they still see, as on Graph.
    expect((await stub.call('GET', `${REQUESTS}/filterByCurrentUser(on='target')`, { token })).status).toBe(200);
  });
});

describe('roles scoped to one catalog', () => {
  it('narrow a catalog reader to its catalogs, and answer 403 for the rest, even for what does not exist', async () => {
    const token = as([`catalogReader:${otherCatalog}`], { scopes: READ });
    const catalogs = await stub.call('GET', CATALOGS, { token });
    expect(catalogs.json.value.map((c: { id: string }) => c.id)).toEqual([otherCatalog]);
    const packages = await stub.call('GET', PACKAGES, { token });
    expect(packages.json.value.map((p: { id: string }) => p.id)).toEqual([otherPackage]);
    const policies = await stub.call('GET', POLICIES, { token });
    expect(policies.json.value.map((p: { id: string }) => p.id)).toEqual([otherPolicy]);
    expect((await stub.call('GET', `${POLICIES}/${otherPolicy}`, { token })).status).toBe(200);
    expectGraphError(await stub.call('GET', `${PACKAGES}/${TUTORIAL.packageId}`, { token }), 403, 'UnAuthorized');
    // What the reader cannot place in one of its catalogs is refused, as Graph answers catalog-scoped callers.
    expectGraphError(await stub.call('GET', `${PACKAGES}/${randomUUID()}`, { token }), 403, 'UnAuthorized');
    expectGraphError(await stub.call('GET', `${PACKAGES}/${randomUUID()}`), 404, 'ResourceNotFound');
    // Reading is all it may do.
    expectGraphError(
      await stub.call('PATCH', `${PACKAGES}/${otherPackage}`, {
        token: as([`catalogReader:${otherCatalog}`]),
        body: { description: 'x' },
      }),
      403,
      'UnAuthorized',
    );
  });

  it('let a package manager manage packages and policies of its catalog, but not its resources', async () => {
    const token = as([`accessPackageManager:${otherCatalog}`]);
    const pkg = await created(PACKAGES, { catalogId: otherCatalog, displayName: 'Managed' }, token);
    await created(POLICIES, directPolicy(pkg), token);
    expect((await stub.call('PATCH', `${PACKAGES}/${pkg}`, { token, body: { description: 'managed' } })).status).toBe(
      204,
    );
    expectGraphError(
      await stub.call('POST', PACKAGES, { token, body: { catalogId: TUTORIAL.catalogId, displayName: 'No' } }),
      403,
      'UnAuthorized',
    );
    expectGraphError(
      await stub.call('PATCH', `${CATALOGS}/${otherCatalog}`, { token, body: { description: 'no' } }),
      403,
      'UnAuthorized',
    );
    expectGraphError(
      await stub.call('POST', RESOURCE_REQUESTS, {
        token,
        body: {
          catalogId: otherCatalog,
          requestType: 'AdminAdd',
          accessPackageResource: { originId: TUTORIAL.groupId, originSystem: 'AadGroup' },
        },
      }),
      403,
      'UnAuthorized',
    );
  });

  it('let an assignment manager assign the packages of its catalog only, and not change them', async () => {
    const token = as([`accessPackageAssignmentManager:${TUTORIAL.catalogId}`]);
    const body = (accessPackageId: string, assignmentPolicyId: string) => ({
      requestType: 'AdminAdd',
      isValidationOnly: true,
      accessPackageAssignment: { targetId: TUTORIAL.userId, assignmentPolicyId, accessPackageId },
    });
    expect(
      (await stub.call('POST', REQUESTS, { token, body: body(TUTORIAL.packageId, TUTORIAL.policyId) })).status,
    ).toBe(201);
    expectGraphError(
      await stub.call('POST', REQUESTS, { token, body: body(otherPackage, otherPolicy) }),
      403,
      'UnAuthorized',
    );
    expectGraphError(
      await stub.call('PATCH', `${PACKAGES}/${TUTORIAL.packageId}`, { token, body: { description: 'no' } }),
      403,
      'UnAuthorized',
    );
  });

  it("let a catalog owner add a group it owns to its catalog, not someone else's", async () => {
    const owner = await created('/users', {
      accountEnabled: true,
      displayName: 'Owner',
      mailNickname: 'owner',
      userPrincipalName: 'owner@contoso.onmicrosoft.com',
      passwordProfile: { password: 'Contoso1234' },
    });
    const group = await created('/groups', {
      displayName: 'Finance team',
      mailEnabled: false,
      mailNickname: 'finance',
      securityEnabled: true,
    });
    const token = as([`catalogOwner:${otherCatalog}`], { oid: owner });
    const add = () =>
      stub.call('POST', RESOURCE_REQUESTS, {
        token,
        body: {
          catalogId: otherCatalog,
          requestType: 'AdminAdd',
          accessPackageResource: { originId: group, originSystem: 'AadGroup' },
        },
      });
    const refused = await add();
    expectGraphError(refused, 403, 'UnAuthorized');
    expect(refused.json.error.message).toContain('The caller is not the resource owner.');
    const ownership = await stub.call('POST', `/groups/${group}/owners/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${owner}` },
    });
    expect(ownership.status).toBe(204);
    expect((await add()).status).toBe(201);
  });
});

describe('a catalog creator', () => {
  it('creates catalogs, becomes their owner, and sees only its own', async () => {
    const creator = randomUUID();
    const token = as(['catalogCreator'], { oid: creator });
    const catalog = await created(CATALOGS, { displayName: 'Created by a creator' }, token);
    const roles = await stub.call('GET', `${ROLE_ASSIGNMENTS}?$filter=principalId eq '${creator}'`);
    expect(roles.json.value).toEqual([
      expect.objectContaining({ roleDefinitionId: ROLE.catalogOwner, appScopeId: scopeOf(catalog) }),
    ]);
    expect((await stub.call('GET', CATALOGS, { token })).json.value.map((c: { id: string }) => c.id)).toEqual([
      catalog,
    ]);
    await created(PACKAGES, { catalogId: catalog, displayName: 'In my catalog' }, token);
    // The catalog and its roles go together.
    expect((await stub.call('DELETE', `${CATALOGS}/${catalog}`)).status).toBe(409);
  });

  it('loses the roles of a catalog that is deleted', async () => {
    const creator = randomUUID();
    const token = as(['catalogCreator'], { oid: creator });
    const catalog = await created(CATALOGS, { displayName: 'Short-lived' }, token);
    expect((await stub.call('DELETE', `${CATALOGS}/${catalog}`, { token })).status).toBe(204);
    const roles = await stub.call('GET', `${ROLE_ASSIGNMENTS}?$filter=principalId eq '${creator}'`);
    expect(roles.json.value).toEqual([]);
  });
});

describe('end users, approvers and applications', () => {
  it("lets a user read and cancel their own request without a role, and no one else's", async () => {
    const token = stub.tokenFor(TUTORIAL_REQUESTOR);
    const mine = await created(
      REQUESTS,
      {
        requestType: 'UserAdd',
        accessPackageAssignment: { accessPackageId: TUTORIAL.packageId, assignmentPolicyId: TUTORIAL.policyId },
      },
      token,
    );
    expect((await stub.call('GET', `${REQUESTS}/${mine}`, { token })).status).toBe(200);
    const stranger = as([]);
    expectGraphError(await stub.call('GET', `${REQUESTS}/${mine}`, { token: stranger }), 403, 'UnAuthorized');
    expectGraphError(await stub.call('POST', `${REQUESTS}/${mine}/cancel`, { token: stranger }), 403, 'UnAuthorized');
  });

  it('lets an approver read the approval without a role, and a catalog reader too', async () => {
    const approver = randomUUID();
    const policy = await created(POLICIES, {
      ...directPolicy(TUTORIAL.packageId, 'Approved by one'),
      requestorSettings: {
        scopeType: 'SpecificDirectorySubjects',
        acceptRequests: true,
        allowedRequestors: [{ '@odata.type': '#microsoft.graph.singleUser', id: TUTORIAL.userId }],
      },
      requestApprovalSettings: {
        isApprovalRequired: true,
        approvalMode: 'SingleStage',
        approvalStages: [
          {
            approvalStageTimeOutInDays: 14,
            primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', id: approver }],
          },
        ],
      },
    });
    const request = await created(
      REQUESTS,
      {
        requestType: 'UserAdd',
        accessPackageAssignment: { accessPackageId: TUTORIAL.packageId, assignmentPolicyId: policy },
      },
      stub.tokenFor(TUTORIAL_REQUESTOR),
    );
    await until(async () => (await stub.call('GET', `${REQUESTS}/${request}`)).json.requestState === 'PendingApproval');
    expect((await stub.call('GET', `${APPROVALS}/${request}`, { token: as([], { oid: approver }) })).status).toBe(200);
    expect(
      (await stub.call('GET', `${APPROVALS}/${request}`, { token: as([`catalogReader:${TUTORIAL.catalogId}`]) }))
        .status,
    ).toBe(200);
    expectGraphError(await stub.call('GET', `${APPROVALS}/${request}`, { token: as([]) }), 403, 'UnAuthorized');
  });

  it('lets an application act through its permission, or through a role given to its service principal', async () => {
    const apps = await startTestStub({ data: tutorialData(), auth: { allowAppTokens: true } });
    try {
      const withPermission = apps.tokenFor({ app: true });
      expect((await apps.call('GET', PACKAGES, { token: withPermission })).json.value).toHaveLength(1);
      const servicePrincipal = randomUUID();
      const withRole = apps.tokenFor({ app: true, scopes: [], claims: { oid: servicePrincipal } });
      expectGraphError(await apps.call('GET', PACKAGES, { token: withRole }), 403, 'UnAuthorized');
      const given = await apps.call('POST', ROLE_ASSIGNMENTS, {
        body: {
          principalId: servicePrincipal,
          roleDefinitionId: ROLE.catalogReader,
          appScopeId: scopeOf(TUTORIAL.catalogId),
        },
      });
      expect(given.status).toBe(201);
      expect((await apps.call('GET', PACKAGES, { token: withRole })).json.value).toHaveLength(1);
    } finally {
      await apps.close();
    }
  });
});
