import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, expectGraphError, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

// Steps 7 and 8 of Microsoft's tutorial: a package in the General catalog gets the group's Member role.
const REQUESTS = '/identityGovernance/entitlementManagement/accessPackageResourceRequests';
const SCOPES = ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All'];
const EXPAND_ROLE_SCOPES =
  '$expand=accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope)';

let stub: TestStub;
const call: TestStub['call'] = (...args) => stub.call(...args);

beforeEach(async () => {
  stub = await startTestStub({}, { scopes: SCOPES, upn: 'admin@contoso.onmicrosoft.com' });
});
afterEach(async () => {
  await stub.close();
});

/** A group in a catalog, as steps 2 to 5 make it: its id and its catalog resource's id. */
async function groupInCatalog(catalogId = GENERAL_CATALOG_ID, name = 'Marketing resources') {
  const groupId = (
    await call('POST', '/groups', {
      body: { displayName: name, mailEnabled: false, mailNickname: 'm', securityEnabled: true },
    })
  ).json.id;
  await call('POST', REQUESTS, {
    body: {
      catalogId,
      requestType: 'AdminAdd',
      accessPackageResource: { originId: groupId, originSystem: 'AadGroup' },
    },
  });
  const resources = await call(
    'GET',
    `${CATALOGS}/${catalogId}/accessPackageResources?$filter=originId eq '${groupId}'`,
  );
  return { groupId, resourceId: resources.json.value[0].id as string };
}

const newPackage = async (catalogId = GENERAL_CATALOG_ID) =>
  (
    await call('POST', PACKAGES, {
      body: { catalogId, displayName: 'Marketing Campaign', description: 'Access to resources for the campaign' },
    })
  ).json.id as string;

const memberRoleScope = (groupId: string, resourceId: string) => ({
  accessPackageResourceRole: {
    originId: `Member_${groupId}`,
    displayName: 'Member',
    originSystem: 'AadGroup',
    accessPackageResource: {
      id: resourceId,
      resourceType: 'Security Group',
      originId: groupId,
      originSystem: 'AadGroup',
    },
  },
  accessPackageResourceScope: { originId: groupId, originSystem: 'AadGroup' },
});

it('adds the Member role as step 8 does, with the id {roleId}_{scopeId}, listed only through the package', async () => {
  const { groupId, resourceId } = await groupInCatalog();
  const packageId = await newPackage();
  const created = await call('POST', `${PACKAGES}/${packageId}/accessPackageResourceRoleScopes`, {
    body: memberRoleScope(groupId, resourceId),
  });
  expect(created.status).toBe(201);
  expect(Object.keys(created.json).sort()).toEqual(
    ['@odata.context', 'createdBy', 'createdDateTime', 'id', 'modifiedBy', 'modifiedDateTime'].sort(),
  );
  expect(created.json.createdBy).toBe('admin@contoso.onmicrosoft.com');
  expect(created.json['@odata.context']).toBe(
    `${stub.baseUrl}/$metadata#identityGovernance/entitlementManagement/accessPackages('${packageId}')/accessPackageResourceRoleScopes/$entity`,
  );

  const got = await call('GET', `${PACKAGES}/${packageId}?${EXPAND_ROLE_SCOPES}`);
  expect(got.status).toBe(200);
  const [roleScope] = got.json.accessPackageResourceRoleScopes;
  expect(roleScope).toEqual({
    ...created.json,
    '@odata.context': undefined,
    accessPackageResourceRole: {
      id: expect.any(String),
      displayName: 'Member',
      description: null,
      originId: `Member_${groupId}`,
      originSystem: 'AadGroup',
    },
    accessPackageResourceScope: {
      id: expect.any(String),
      displayName: 'Root',
      description: 'Root Scope',
      originId: groupId,
      originSystem: 'AadGroup',
      isRootScope: true,
      roleOriginId: null,
      url: expect.stringContaining(groupId),
    },
  });
  expect(roleScope.id).toBe(`${roleScope.accessPackageResourceRole.id}_${roleScope.accessPackageResourceScope.id}`);

  const listed = await call(
    'GET',
    `${PACKAGES}?$select=displayName&$expand=accessPackageResourceRoleScopes($expand=accessPackageResourceRole($expand=accessPackageResource($select=originId));$select=id)`,
  );
  expect(listed.json.value).toEqual([
    {
      id: packageId,
      displayName: 'Marketing Campaign',
      accessPackageResourceRoleScopes: [
        {
          id: roleScope.id,
          accessPackageResourceRole: expect.objectContaining({
            accessPackageResource: { id: resourceId, originId: groupId },
          }),
        },
      ],
    },
  ]);
});

it('gives two packages the same role under the same id, and adds a role scope once', async () => {
  const { groupId, resourceId } = await groupInCatalog();
  const first = await newPackage();
  const second = await newPackage();
  const body = memberRoleScope(groupId, resourceId);
  const a = await call('POST', `${PACKAGES}/${first}/accessPackageResourceRoleScopes`, { body });
  const again = await call('POST', `${PACKAGES}/${first}/accessPackageResourceRoleScopes`, { body });
  const b = await call('POST', `${PACKAGES}/${second}/accessPackageResourceRoleScopes`, { body });
  expect([a.status, again.status, b.status]).toEqual([201, 201, 201]);
  expect(again.json.id).toBe(a.json.id);
  expect(b.json.id).toBe(a.json.id);
  const scopes = (await call('GET', `${PACKAGES}/${first}?$expand=accessPackageResourceRoleScopes`)).json;
  expect(scopes.accessPackageResourceRoleScopes).toHaveLength(1);
});

it('names the role by its resource’s origin or its own id, and the scope by id, too', async () => {
  const { groupId, resourceId } = await groupInCatalog();
  const packageId = await newPackage();
  const owner = await call('POST', `${PACKAGES}/${packageId}/accessPackageResourceRoleScopes`, {
    body: {
      accessPackageResourceRole: { originId: `Owner_${groupId}`, accessPackageResource: { originId: groupId } },
      accessPackageResourceScope: { originId: groupId },
    },
  });
  expect(owner.status).toBe(201);
  const resource = (
    await call(
      'GET',
      `${CATALOGS}/${GENERAL_CATALOG_ID}/accessPackageResources?$expand=accessPackageResourceRoles,accessPackageResourceScopes`,
    )
  ).json.value.find((r: { id: string }) => r.id === resourceId);
  const member = resource.accessPackageResourceRoles.find((r: { displayName: string }) => r.displayName === 'Member');
  const byIds = await call('POST', `${PACKAGES}/${packageId}/accessPackageResourceRoleScopes`, {
    body: {
      accessPackageResourceRole: { id: member.id },
      accessPackageResourceScope: { id: resource.accessPackageResourceScopes[0].id },
    },
  });
  expect(byIds.json.id).toBe(`${member.id}_${resource.accessPackageResourceScopes[0].id}`);
});

it('refuses a resource outside the package’s catalog, a role or scope it does not have, and a missing package', async () => {
  const catalog = (await call('POST', CATALOGS, { body: { displayName: 'Elsewhere' } })).json.id;
  const { groupId, resourceId } = await groupInCatalog(catalog);
  const packageId = await newPackage();
  const path = `${PACKAGES}/${packageId}/accessPackageResourceRoleScopes`;
  expectGraphError(await call('POST', path, { body: memberRoleScope(groupId, resourceId) }), 404, 'ResourceNotFound');
  const here = await groupInCatalog(GENERAL_CATALOG_ID, 'Here');
  const wrongRole = memberRoleScope(here.groupId, here.resourceId);
  wrongRole.accessPackageResourceRole.originId = 'Guest_x';
  const refused = await call('POST', path, { body: wrongRole });
  expectGraphError(refused, 404, 'RoleNotFound');
  expect(refused.json.error.message).toBe('The role was not found.');
  const wrongScope = memberRoleScope(here.groupId, here.resourceId);
  wrongScope.accessPackageResourceScope.originId = 'somewhere';
  expectGraphError(await call('POST', path, { body: wrongScope }), 404, 'ResourceNotFound');
  expectGraphError(
    await call('POST', `${PACKAGES}/${crypto.randomUUID()}/accessPackageResourceRoleScopes`, {
      body: memberRoleScope(here.groupId, here.resourceId),
    }),
    404,
    'ResourceNotFound',
  );
  expectGraphError(
    await call('POST', path, {
      body: { accessPackageResourceRole: { originId: 'x' }, accessPackageResourceScope: {} },
    }),
    400,
    'InvalidModel',
  );
});

it('deletes a role scope (204), after which the resource can leave the catalog; deleting the package takes its role scopes', async () => {
  const { groupId, resourceId } = await groupInCatalog();
  const packageId = await newPackage();
  const path = `${PACKAGES}/${packageId}/accessPackageResourceRoleScopes`;
  const roleScope = (await call('POST', path, { body: memberRoleScope(groupId, resourceId) })).json.id;
  const remove = {
    catalogId: GENERAL_CATALOG_ID,
    requestType: 'AdminRemove',
    accessPackageResource: { id: resourceId },
  };
  const inUse = await call('POST', REQUESTS, { body: remove });
  expectGraphError(inUse, 400, 'InvalidDeleteResourceHasEntitlements');
  expect(inUse.json.error.message).toBe(
    'The resource: Marketing resources can not be deleted because there are active entitlements.',
  );
  const deleted = await call('DELETE', `${path}/${roleScope}`);
  expect(deleted.status).toBe(204);
  expectGraphError(await call('DELETE', `${path}/${roleScope}`), 404, 'ResourceNotFound');
  expect(
    (await call('GET', `${PACKAGES}/${packageId}?$expand=accessPackageResourceRoleScopes`)).json
      .accessPackageResourceRoleScopes,
  ).toEqual([]);

  await call('POST', path, { body: memberRoleScope(groupId, resourceId) });
  expect((await call('DELETE', `${PACKAGES}/${packageId}`)).status).toBe(204);
  expect((await call('POST', REQUESTS, { body: remove })).status).toBe(201);
});
