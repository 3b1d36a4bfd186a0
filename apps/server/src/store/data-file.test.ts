import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFileError, loadDataFile, parseStubData } from './data-file.js';
import { GENERAL_CATALOG_ID } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'stub-data-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

it('fills in what Graph would set: ids, timestamps and defaults', () => {
  const data = parseStubData({ accessPackages: [{ catalogId: GENERAL_CATALOG_ID, displayName: 'Minimal' }] });
  expect(data.accessPackages?.[0]).toMatchObject({
    catalogId: GENERAL_CATALOG_ID,
    displayName: 'Minimal',
    isHidden: false,
    isRoleScopesVisible: false,
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    createdDateTime: expect.stringMatching(/Z$/),
  });
});

it('lists every problem at once, each with where it is', () => {
  const attempt = () =>
    parseStubData({
      accessPackageCatalogs: [{ displayName: 'Ok' }, { displayName: 5 }],
      accessPackages: [{ catalogId: 'nowhere', displayName: 'Lost', colour: 'red' }, { catalogId: GENERAL_CATALOG_ID }],
      extra: [],
    });
  expect(attempt).toThrow(DataFileError);
  const message = (() => {
    try {
      attempt();
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  })();
  expect(message).toContain('"extra" is not a section');
  expect(message).toContain('accessPackageCatalogs[1].displayName must be a string');
  expect(message).toContain("accessPackages[0].catalogId 'nowhere' names no catalog");
  expect(message).toContain('accessPackages[0].colour is not a property');
  expect(message).toContain('accessPackages[1].displayName is required');
});

it('explains a missing file and a file that is not JSON', () => {
  expect(() => loadDataFile(join(dir, 'missing.json'))).toThrow(/cannot read the data file .*missing\.json: ENOENT/);
  expect(() => loadDataFile(file('bad.json', '{ nope'))).toThrow(/is not valid JSON/);
  expect(loadDataFile(file('good.json', '{"accessPackages":[]}')).accessPackages).toEqual([]);
});

it('takes users, and groups with their members, filling in what the directory would set', () => {
  const data = parseStubData({
    users: [{ id: 'u1', displayName: 'Requestor 1' }],
    groups: [
      { id: 'g1', displayName: 'Marketing resources', members: ['u1', 'g2'] },
      { id: 'g2', displayName: 'Inner', groupTypes: ['Unified'] },
    ],
  });
  expect(data.users).toEqual([
    expect.objectContaining({
      id: 'u1',
      displayName: 'Requestor 1',
      mailNickname: 'Requestor1',
      userPrincipalName: 'Requestor1@contoso.onmicrosoft.com',
      accountEnabled: true,
      mail: null,
      createdDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    }),
  ]);
  expect(data.groups?.[1]).toMatchObject({ id: 'g2', groupTypes: ['Unified'], securityEnabled: true });
  expect(data.groupMembers).toEqual([
    { id: 'g1_u1', 'group/id': 'g1', 'member/id': 'u1', memberType: 'user' },
    { id: 'g1_g2', 'group/id': 'g1', 'member/id': 'g2', memberType: 'group' },
  ]);
  expect(() => parseStubData({ groups: [{ displayName: 'x', members: ['nobody'], groupTypes: ['Dynamic'] }] })).toThrow(
    /groupTypes must be[\s\S]*members: 'nobody' names no other user or group/,
  );
});

it('takes catalog resources, each with the roles and root scope its system has', () => {
  const data = parseStubData({
    groups: [{ id: 'g1', displayName: 'Marketing resources' }],
    accessPackageResources: [
      { catalogId: GENERAL_CATALOG_ID, originId: 'g1' },
      {
        catalogId: GENERAL_CATALOG_ID,
        originId: 'https://contoso.sharepoint.com/sites/x',
        originSystem: 'SharePointOnline',
      },
    ],
  });
  const [group, site] = data.accessPackageResources ?? [];
  expect(group?.resource).toMatchObject({
    displayName: 'Marketing resources',
    resourceType: 'Security Group',
    originId: 'g1',
    'accessPackageCatalog/id': GENERAL_CATALOG_ID,
  });
  expect(group?.roles.map((r) => r.originId)).toEqual(['Member_g1', 'Owner_g1']);
  expect(group?.scopes).toEqual([expect.objectContaining({ isRootScope: true, originId: 'g1' })]);
  expect(site?.resource.resourceType).toBe('SharePoint Online Site');
  expect(() =>
    parseStubData({ accessPackageResources: [{ catalogId: 'nowhere', originId: 'g9', colour: 'red' }] }),
  ).toThrow(/colour is not a property[\s\S]*catalogId must name a catalog[\s\S]*'g9' names no group/);
});

it('takes assignment policies of the file’s packages, with Graph’s defaults', () => {
  const data = parseStubData({
    accessPackages: [{ id: 'p1', catalogId: GENERAL_CATALOG_ID, displayName: 'Campaign' }],
    accessPackageAssignmentPolicies: [
      {
        accessPackageId: 'p1',
        displayName: 'Direct',
        requestorSettings: { scopeType: 'AllExistingDirectoryMemberUsers' },
      },
    ],
  });
  expect(data.accessPackageAssignmentPolicies).toEqual([
    expect.objectContaining({
      accessPackageId: 'p1',
      displayName: 'Direct',
      description: '',
      durationInDays: 0,
      requestorSettings: { scopeType: 'AllExistingDirectoryMemberUsers', acceptRequests: true, allowedRequestors: [] },
      requestApprovalSettings: expect.objectContaining({ approvalMode: 'NoApproval' }),
      questions: [],
    }),
  ]);
  expect(() =>
    parseStubData({ accessPackageAssignmentPolicies: [{ accessPackageId: 'nope', displayName: 'x', questions: {} }] }),
  ).toThrow(/questions must be a list of questions[\s\S]*accessPackageId must name an access package/);
});

it("takes role assignments in the file's catalogs or at /, and says what is wrong with the others", () => {
  const owner = 'ae79f266-94d4-4dab-b730-feca7e132178';
  const data = parseStubData({
    tenantId: 'C0FFEE00-0000-4000-8000-000000000001',
    accessPackageCatalogs: [{ id: 'c1', displayName: 'HR' }],
    roleAssignments: [
      { principalId: 'U1', roleDefinitionId: owner, appScopeId: '/AccessPackageCatalog/c1' },
      { id: 'ra2', principalId: 'u2', roleDefinitionId: 'ba92d953-d8e0-4e39-a797-0cbedb0a89e8', appScopeId: '/' },
    ],
  });
  expect(data.roleAssignments).toEqual([
    {
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      principalId: 'u1',
      roleDefinitionId: owner,
      appScopeId: '/AccessPackageCatalog/c1',
      directoryScopeId: null,
      condition: null,
      principalOrganizationId: 'c0ffee00-0000-4000-8000-000000000001',
    },
    expect.objectContaining({ id: 'ra2', appScopeId: '/' }),
  ]);
  expect(() =>
    parseStubData({
      roleAssignments: [
        { principalId: 'u1', roleDefinitionId: 'no-such-role', appScopeId: '/' },
        { principalId: 'u1', roleDefinitionId: owner, appScopeId: '/AccessPackageCatalog/elsewhere' },
        {
          principalId: 'u1',
          roleDefinitionId: 'ba92d953-d8e0-4e39-a797-0cbedb0a89e8',
          appScopeId: `/AccessPackageCatalog/${GENERAL_CATALOG_ID}`,
        },
        { principalId: 'u1', role: 'owner' },
      ],
    }),
  ).toThrow(
    /roleAssignments\[0\]\.roleDefinitionId 'no-such-role' is none of[\s\S]*roleAssignments\[1\]\.appScopeId must be '\/' or[\s\S]*roleAssignments\[2\]: Catalog creator is held tenant-wide[\s\S]*roleAssignments\[3\] must be an object like/,
  );
});
