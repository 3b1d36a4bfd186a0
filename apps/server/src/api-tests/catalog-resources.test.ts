import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, expectGraphError, GUID, startTestStub, type TestStub } from '../testing/jest-helpers.js';

// Steps 3 to 6 of Microsoft's tutorial: a group goes into the General catalog; its resource and roles are found.
const EM = '/identityGovernance/entitlementManagement';
const REQUESTS = `${EM}/accessPackageResourceRequests`;
const GENERAL = `${CATALOGS}/${GENERAL_CATALOG_ID}`;
const SCOPES = ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All'];

let stub: TestStub;
const call: TestStub['call'] = (...args) => stub.call(...args);

beforeEach(async () => {
  stub = await startTestStub({}, { scopes: SCOPES, upn: 'admin@contoso.onmicrosoft.com' });
});
afterEach(async () => {
  await stub.close();
});

async function newGroup(displayName = 'Marketing resources', extra: object = {}): Promise<string> {
  const body = {
    description: 'Marketing group',
    displayName,
    mailEnabled: false,
    mailNickname: 'markres',
    securityEnabled: true,
    ...extra,
  };
  const res = await call('POST', '/groups', { body });
  expect(res.status).toBe(201);
  return res.json.id;
}

const addGroup = (groupId: string, catalogId = GENERAL_CATALOG_ID, extra: object = {}) =>
  call('POST', REQUESTS, {
    body: {
      catalogId,
      requestType: 'AdminAdd',
      justification: '',
      accessPackageResource: {
        displayName: 'Marketing resources',
        description: 'Marketing group',
        resourceType: 'AadGroup',
        originId: groupId,
        originSystem: 'AadGroup',
      },
      ...extra,
    },
  });

describe('adding a group to a catalog', () => {
  it('answers 201 Delivered/Fulfilled without the resource, which the catalog then lists under its own id', async () => {
    const groupId = await newGroup();
    const added = await addGroup(groupId);
    expect(added.status).toBe(201);
    expect(added.json).toEqual({
      '@odata.context': `${stub.baseUrl}/$metadata#identityGovernance/entitlementManagement/accessPackageResourceRequests/$entity`,
      id: expect.stringMatching(GUID),
      catalogId: GENERAL_CATALOG_ID,
      requestType: 'AdminAdd',
      requestState: 'Delivered',
      requestStatus: 'Fulfilled',
      justification: '',
      isValidationOnly: false,
      executeImmediately: false,
      expirationDateTime: null,
    });
    const listed = await call(
      'GET',
      `${GENERAL}/accessPackageResources?$filter=(displayName eq 'Marketing resources')`,
    );
    expect(listed.status).toBe(200);
    expect(listed.json['@odata.context']).toBe(
      `${stub.baseUrl}/$metadata#identityGovernance/entitlementManagement/accessPackageCatalogs('${GENERAL_CATALOG_ID}')/accessPackageResources`,
    );
    expect(listed.json.value).toEqual([
      {
        id: expect.stringMatching(GUID),
        displayName: 'Marketing resources',
        description: 'Marketing group',
        url: `https://account.activedirectory.windowsazure.com/r?tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47#/manageMembership?objectType=Group&objectId=${groupId}`,
        resourceType: 'Security Group',
        originId: groupId,
        originSystem: 'AadGroup',
        isPendingOnboarding: false,
        attributes: [],
        addedBy: 'admin@contoso.onmicrosoft.com',
        addedOn: expect.stringMatching(/\.\d{7}Z$/),
      },
    ]);
    expect(listed.json.value[0].id).not.toBe(groupId);
    const byOrigin = await call('GET', `${GENERAL}/accessPackageResources?$filter=startswith(originId,'${groupId}')`);
    expect(byOrigin.json.value.map((r: { id: string }) => r.id)).toEqual([listed.json.value[0].id]);
    const requests = await call('GET', `${REQUESTS}?$filter=requestType eq 'AdminAdd'&$select=requestState`);
    expect(requests.json.value).toEqual([{ id: added.json.id, requestState: 'Delivered' }]);
  });

  it('lists the group’s Member and Owner roles when the filter names the origin system, as step 6 does', async () => {
    const groupId = await newGroup();
    await addGroup(groupId);
    const resource = (await call('GET', `${GENERAL}/accessPackageResources`)).json.value[0];
    const roles = await call(
      'GET',
      `${GENERAL}/accessPackageResourceRoles?$filter=(originSystem eq 'AadGroup' and accessPackageResource/id eq '${resource.id}' and displayName eq 'Member')&$expand=accessPackageResource`,
    );
    expect(roles.status).toBe(200);
    expect(roles.json.value).toEqual([
      {
        id: expect.stringMatching(GUID),
        displayName: 'Member',
        description: null,
        originId: `Member_${groupId}`,
        originSystem: 'AadGroup',
        // Its scopes are not expanded, and show as `[]`, as in the tutorial.
        accessPackageResource: expect.objectContaining({
          id: resource.id,
          originId: groupId,
          accessPackageResourceScopes: [],
        }),
      },
    ]);
    const expanded = await call(
      'GET',
      `${GENERAL}/accessPackageResourceRoles?$filter=originSystem eq 'AadGroup' and displayName eq 'Member'&$expand=accessPackageResource($expand=accessPackageResourceScopes)`,
    );
    expect(expanded.json.value[0].accessPackageResource.accessPackageResourceScopes).toEqual([
      expect.objectContaining({ isRootScope: true, originId: groupId }),
    ]);
    const both = await call(
      'GET',
      `${GENERAL}/accessPackageResourceRoles?$filter=originSystem eq 'AadGroup'&$select=originId`,
    );
    expect(both.json.value.map((r: { originId: string }) => r.originId)).toEqual([
      `Member_${groupId}`,
      `Owner_${groupId}`,
    ]);
  });

  it('refuses a roles filter that does not require an origin system, or no filter at all', async () => {
    const missing = await call('GET', `${GENERAL}/accessPackageResourceRoles?$filter=displayName eq 'Member'`);
    expectGraphError(missing, 400, 'InvalidFilter');
    expect(missing.json.error.message).toMatch(/requires the origin system type to also be included/);
    expectGraphError(
      await call(
        'GET',
        `${GENERAL}/accessPackageResourceRoles?$filter=originSystem eq 'AadGroup' or displayName eq 'x'`,
      ),
      400,
      'InvalidFilter',
    );
    expectGraphError(await call('GET', `${GENERAL}/accessPackageResourceRoles`), 400, 'BadRequest');
  });

  it('expands scopes and roles, with options nested in them', async () => {
    const groupId = await newGroup();
    await addGroup(groupId);
    const res = await call(
      'GET',
      `${GENERAL}/accessPackageResources?$select=displayName&$expand=accessPackageResourceScopes($select=displayName,isRootScope,originId),accessPackageResourceRoles($expand=accessPackageResource($select=originSystem);$select=displayName)`,
    );
    expect(res.status).toBe(200);
    const [resource] = res.json.value;
    expect(resource).toEqual({
      id: expect.any(String),
      displayName: 'Marketing resources',
      accessPackageResourceScopes: [
        { id: expect.any(String), displayName: 'Root', isRootScope: true, originId: groupId },
      ],
      accessPackageResourceRoles: [
        {
          id: expect.any(String),
          displayName: 'Member',
          accessPackageResource: { id: resource.id, originSystem: 'AadGroup' },
        },
        {
          id: expect.any(String),
          displayName: 'Owner',
          accessPackageResource: { id: resource.id, originSystem: 'AadGroup' },
        },
      ],
    });
    for (const bad of [
      'accessPackageResourceScopes($filter=isRootScope)',
      'accessPackageResourceScopes(',
      'displayName',
    ]) {
      expectGraphError(await call('GET', `${GENERAL}/accessPackageResources?$expand=${bad}`), 400, 'BadRequest');
    }
  });

  it('keeps one resource when the same group is added twice, and validates without adding', async () => {
    const groupId = await newGroup();
    expect((await addGroup(groupId, GENERAL_CATALOG_ID, { isValidationOnly: true })).json.isValidationOnly).toBe(true);
    expect((await call('GET', `${GENERAL}/accessPackageResources`)).json.value).toEqual([]);
    expect((await addGroup(groupId)).status).toBe(201);
    expect((await addGroup(groupId)).status).toBe(201);
    expect((await call('GET', `${GENERAL}/accessPackageResources?$count=true`)).json['@odata.count']).toBe(1);
  });

  it('refuses a group the directory does not hold as the directory does, and a catalog that does not exist', async () => {
    const nobody = crypto.randomUUID();
    const refused = await addGroup(nobody);
    expectGraphError(refused, 404, 'Request_ResourceNotFound');
    expect(refused.json.error.message).toBe(
      `Resource '${nobody}' does not exist or one of its queried reference-property objects are not present.`,
    );
    expectGraphError(await addGroup(await newGroup(), crypto.randomUUID()), 404, 'ResourceNotFound');
    expectGraphError(await call('GET', `${CATALOGS}/${nobody}/accessPackageResources`), 404, 'ResourceNotFound');
    const noOrigin = await call('POST', REQUESTS, {
      body: { catalogId: GENERAL_CATALOG_ID, requestType: 'AdminAdd', accessPackageResource: { displayName: 'x' } },
    });
    expectGraphError(noOrigin, 400, 'InvalidModel');
  });

  it('takes applications and sites by originId, with their roles', async () => {
    for (const [originSystem, originId] of [
      ['AadApplication', crypto.randomUUID()],
      ['SharePointOnline', 'https://contoso.sharepoint.com/sites/Marketing'],
    ]) {
      const res = await call('POST', REQUESTS, {
        body: {
          catalogId: GENERAL_CATALOG_ID,
          requestType: 'AdminAdd',
          accessPackageResource: { originId, originSystem },
        },
      });
      expect(res.status).toBe(201);
    }
    const resources = await call(
      'GET',
      `${GENERAL}/accessPackageResources?$orderby=displayName&$select=resourceType,originSystem`,
    );
    expect(resources.json.value.map((r: { resourceType: string }) => r.resourceType).sort()).toEqual([
      'Application',
      'SharePoint Online Site',
    ]);
    const siteRoles = await call(
      'GET',
      `${GENERAL}/accessPackageResourceRoles?$filter=originSystem eq 'SharePointOnline'&$select=displayName,originId`,
    );
    expect(siteRoles.json.value.map((r: { originId: string }) => r.originId)).toEqual(['4', '3', '5']);
  });
});

describe('removing a resource from a catalog', () => {
  it('removes by catalog resource id or by origin, then refuses what the catalog no longer holds', async () => {
    const first = await newGroup('First');
    const second = await newGroup('Second');
    await addGroup(first);
    await addGroup(second);
    const [one] = (await call('GET', `${GENERAL}/accessPackageResources?$filter=originId eq '${first}'`)).json.value;
    const byId = await call('POST', REQUESTS, {
      body: { catalogId: GENERAL_CATALOG_ID, requestType: 'AdminRemove', accessPackageResource: { id: one.id } },
    });
    expect(byId.status).toBe(201);
    expect(byId.json).toMatchObject({ requestType: 'AdminRemove', requestState: 'Delivered' });
    const byOrigin = await call('POST', REQUESTS, {
      body: {
        catalogId: GENERAL_CATALOG_ID,
        requestType: 'AdminRemove',
        accessPackageResource: { originId: second, originSystem: 'AadGroup' },
      },
    });
    expect(byOrigin.status).toBe(201);
    expect((await call('GET', `${GENERAL}/accessPackageResources`)).json.value).toEqual([]);
    expect(
      (await call('GET', `${GENERAL}/accessPackageResourceRoles?$filter=originSystem eq 'AadGroup'`)).json.value,
    ).toEqual([]);
    expectGraphError(
      await call('POST', REQUESTS, {
        body: { catalogId: GENERAL_CATALOG_ID, requestType: 'AdminRemove', accessPackageResource: { id: one.id } },
      }),
      404,
      'ResourceNotFound',
    );
  });

  it('answers 404 with an empty code for a catalog resource read by id, as Graph does', async () => {
    await addGroup(await newGroup());
    const [resource] = (await call('GET', `${GENERAL}/accessPackageResources`)).json.value;
    const res = await call('GET', `${GENERAL}/accessPackageResources/${resource.id}`);
    expectGraphError(res, 404, '');
    expect(res.json.error.message).toBe(
      `No HTTP resource was found that matches the request URI 'https://elm.iga.azure.com/api/v1/accessPackageCatalogs('${GENERAL_CATALOG_ID}')/accessPackageResources('${resource.id}')'.`,
    );
  });

  it('keeps a catalog that holds resources from being deleted, until they are removed', async () => {
    const catalog = (await call('POST', CATALOGS, { body: { displayName: 'Marketing' } })).json.id;
    const groupId = await newGroup();
    await addGroup(groupId, catalog);
    const refused = await call('DELETE', `${CATALOGS}/${catalog}`);
    expectGraphError(refused, 409, 'CatalogNotEmpty');
    expect(refused.json.error.message).toMatch(/still holds 1 resource/);
    await call('POST', REQUESTS, {
      body: {
        catalogId: catalog,
        requestType: 'AdminRemove',
        accessPackageResource: { originId: groupId, originSystem: 'AadGroup' },
      },
    });
    expect((await call('DELETE', `${CATALOGS}/${catalog}`)).status).toBe(204);
  });
});

describe('start-up data', () => {
  it('seeds a group in a catalog from a data file, with its roles', async () => {
    const seeded = await startTestStub(
      {
        data: (await import('../store/data-file.js')).parseStubData({
          groups: [{ id: 'g1', displayName: 'Marketing resources' }],
          accessPackageResources: [{ catalogId: GENERAL_CATALOG_ID, originId: 'g1' }],
        }),
      },
      { scopes: SCOPES },
    );
    try {
      const roles = await seeded.call(
        'GET',
        `${GENERAL}/accessPackageResourceRoles?$filter=originSystem eq 'AadGroup' and originId eq 'Member_g1'&$expand=accessPackageResource($select=displayName)`,
      );
      expect(roles.json.value).toEqual([
        expect.objectContaining({
          originId: 'Member_g1',
          accessPackageResource: { id: expect.any(String), displayName: 'Marketing resources' },
        }),
      ]);
    } finally {
      await seeded.close();
    }
  });
});

describe("the docs' resource request bodies", () => {
  it('keeps the attributes a resource asks for, with ids, and shows them with the resource', async () => {
    const groupId = await newGroup();
    const attribute = {
      attributeName: 'city',
      isEditable: true,
      isPersistedOnAssignmentRemoval: false,
      attributeSource: {
        '@odata.type': '#microsoft.graph.resourceAttributeQuestion',
        question: {
          isRequired: false,
          text: { defaultText: 'Enter your city', localizedTexts: [] },
          '@odata.type': '#microsoft.graph.textInputQuestion',
          isSingleLineQuestion: true,
        },
      },
      attributeDestination: { '@odata.type': '#microsoft.graph.userDirectoryAttributeStore' },
    };
    const added = await call('POST', REQUESTS, {
      body: {
        catalogId: GENERAL_CATALOG_ID,
        requestType: 'AdminAdd',
        accessPackageResource: { originId: groupId, originSystem: 'AadGroup', attributes: [attribute] },
      },
    });
    expect(added.status).toBe(201);
    const [resource] = (await call('GET', `${GENERAL}/accessPackageResources?$select=attributes`)).json.value;
    expect(resource.attributes).toEqual([
      {
        ...attribute,
        id: expect.stringMatching(GUID),
        attributeSource: {
          ...attribute.attributeSource,
          question: { ...attribute.attributeSource.question, id: expect.stringMatching(GUID) },
        },
      },
    ]);
  });

  it('shows attributes: [] on a resource added without any', async () => {
    await addGroup(await newGroup());
    const [resource] = (await call('GET', `${GENERAL}/accessPackageResources`)).json.value;
    expect(resource.attributes).toEqual([]);
  });

  it('accepts a site with its environment by reference or by originId, and refuses a reference to anything else', async () => {
    const site = (originId: string, extra: object) =>
      call('POST', REQUESTS, {
        body: {
          catalogId: GENERAL_CATALOG_ID,
          requestType: 'AdminAdd',
          accessPackageResource: { originId, originSystem: 'SharePointOnline', ...extra },
        },
      });
    const environment = crypto.randomUUID();
    expect(
      (
        await site('https://contoso.sharepoint.com/sites/CSR', {
          'accessPackageResourceEnvironment@odata.bind': `accessPackageResourceEnvironments/${environment}`,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await site('https://contoso.sharepoint.com/sites/HR', {
          'accessPackageResourceEnvironment@odata.bind': `https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackageResourceEnvironments('${environment}')`,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await site('https://contoso.sharepoint.com/sites/Sales', {
          accessPackageResourceEnvironment: { originId: 'https://contoso-admin.sharepoint.com/' },
        })
      ).status,
    ).toBe(201);
    expectGraphError(
      await site('https://contoso.sharepoint.com/sites/Legal', {
        'accessPackageResourceEnvironment@odata.bind': `groups/${environment}`,
      }),
      400,
      'InvalidModel',
    );
    expect((await call('GET', `${GENERAL}/accessPackageResources?$count=true&$top=1`)).json['@odata.count']).toBe(3);
  });
});
