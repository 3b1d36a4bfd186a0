import { GENERAL_CATALOG_ID } from '../store/store.js';
import { CATALOGS, expectGraphError, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

// An access package's relations (incompatible packages and groups) and actions (moveToCatalog, filterByCurrentUser).
const EM = '/identityGovernance/entitlementManagement';
const POLICIES = `${EM}/accessPackageAssignmentPolicies`;
const REQUESTS = `${EM}/accessPackageResourceRequests`;
const SCOPES = ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All'];
const packageUrl = (id: string) => `https://graph.microsoft.com/beta${PACKAGES}/${id}`;

let stub: TestStub;
const call: TestStub['call'] = (...args) => stub.call(...args);

beforeEach(async () => {
  stub = await startTestStub({}, { scopes: SCOPES });
});
afterEach(async () => {
  await stub.close();
});

const newPackage = async (displayName: string, catalogId = GENERAL_CATALOG_ID) =>
  (await call('POST', PACKAGES, { body: { catalogId, displayName } })).json.id as string;
const newGroup = async (displayName: string) =>
  (
    await call('POST', '/groups', {
      body: { displayName, mailEnabled: false, mailNickname: 'g', securityEnabled: true },
    })
  ).json.id as string;
const names = (res: { json: { value: Array<{ displayName: string }> } }) => res.json.value.map((p) => p.displayName);

describe('incompatible access packages and groups', () => {
  it('marks packages incompatible ($ref 204), lists both directions, and unmarks them', async () => {
    const sales = await newPackage('Sales');
    const audit = await newPackage('Audit');
    const legal = await newPackage('Legal');
    for (const other of [audit, legal]) {
      const added = await call('POST', `${PACKAGES}/${sales}/incompatibleAccessPackages/$ref`, {
        body: { '@odata.id': packageUrl(other) },
      });
      expect(added.status).toBe(204);
    }
    expect(
      (
        await call('POST', `${PACKAGES}/${sales}/incompatibleAccessPackages/$ref`, {
          body: { '@odata.id': packageUrl(audit) },
        })
      ).status,
    ).toBe(204);
    const listed = await call('GET', `${PACKAGES}/${sales}/incompatibleAccessPackages?$count=true`);
    expect(listed.json['@odata.count']).toBe(2);
    expect(names(listed)).toEqual(['Audit', 'Legal']);
    expect(listed.json['@odata.context']).toBe(
      `${stub.baseUrl}/$metadata#identityGovernance/entitlementManagement/accessPackages`,
    );
    expect(names(await call('GET', `${PACKAGES}/${audit}/accessPackagesIncompatibleWith`))).toEqual(['Sales']);
    expect((await call('DELETE', `${PACKAGES}/${sales}/incompatibleAccessPackages/${audit}/$ref`)).status).toBe(204);
    expectGraphError(
      await call('DELETE', `${PACKAGES}/${sales}/incompatibleAccessPackages/${audit}/$ref`),
      404,
      'ResourceNotFound',
    );
    expect(names(await call('GET', `${PACKAGES}/${sales}/incompatibleAccessPackages`))).toEqual(['Legal']);
    // Deleting a package removes its links both ways.
    expect((await call('DELETE', `${PACKAGES}/${legal}`)).status).toBe(204);
    expect(names(await call('GET', `${PACKAGES}/${sales}/incompatibleAccessPackages`))).toEqual([]);
  });

  it('refuses a package incompatible with itself, and references to nothing', async () => {
    const sales = await newPackage('Sales');
    const path = `${PACKAGES}/${sales}/incompatibleAccessPackages/$ref`;
    expectGraphError(await call('POST', path, { body: { '@odata.id': packageUrl(sales) } }), 400, 'InvalidRequest');
    expectGraphError(
      await call('POST', path, { body: { '@odata.id': packageUrl(crypto.randomUUID()) } }),
      404,
      'ResourceNotFound',
    );
    expectGraphError(
      await call('POST', path, { body: { '@odata.id': 'https://graph.microsoft.com/beta/users/x' } }),
      400,
      'BadRequest',
    );
    expectGraphError(
      await call('GET', `${PACKAGES}/${crypto.randomUUID()}/incompatibleAccessPackages`),
      404,
      'ResourceNotFound',
    );
  });

  it('marks groups incompatible, lists and unmarks them; deleting the group unmarks it', async () => {
    const sales = await newGroup('Sales team');
    const contractors = await newGroup('Contractors');
    const pkg = await newPackage('Finance');
    for (const group of [sales, contractors]) {
      const added = await call('POST', `${PACKAGES}/${pkg}/incompatibleGroups/$ref`, {
        body: { '@odata.id': `https://graph.microsoft.com/beta/groups/${group}` },
      });
      expect(added.status).toBe(204);
    }
    expect(names(await call('GET', `${PACKAGES}/${pkg}/incompatibleGroups`))).toEqual(['Sales team', 'Contractors']);
    expect((await call('DELETE', `${PACKAGES}/${pkg}/incompatibleGroups/${sales}/$ref`)).status).toBe(204);
    expect((await call('DELETE', `/groups/${contractors}`)).status).toBe(204);
    expect(names(await call('GET', `${PACKAGES}/${pkg}/incompatibleGroups`))).toEqual([]);
    expectGraphError(
      await call('POST', `${PACKAGES}/${pkg}/incompatibleGroups/$ref`, {
        body: { '@odata.id': `https://graph.microsoft.com/beta/groups/${crypto.randomUUID()}` },
      }),
      404,
      'ResourceNotFound',
    );
  });
});

describe('moveToCatalog', () => {
  const addGroup = (catalogId: string, groupId: string) =>
    call('POST', REQUESTS, {
      body: {
        catalogId,
        requestType: 'AdminAdd',
        accessPackageResource: { originId: groupId, originSystem: 'AadGroup' },
      },
    });
  const grantMember = (packageId: string, groupId: string) =>
    call('POST', `${PACKAGES}/${packageId}/accessPackageResourceRoleScopes`, {
      body: {
        accessPackageResourceRole: { originId: `Member_${groupId}`, accessPackageResource: { originId: groupId } },
        accessPackageResourceScope: { originId: groupId },
      },
    });

  it('moves a package (200, no body) once the target catalog holds its resources, its role scopes following', async () => {
    const target = (await call('POST', CATALOGS, { body: { displayName: 'Marketing' } })).json.id;
    const groupId = await newGroup('Marketing resources');
    await addGroup(GENERAL_CATALOG_ID, groupId);
    const pkg = await newPackage('Campaign');
    expect((await grantMember(pkg, groupId)).status).toBe(201);

    const refused = await call('POST', `${PACKAGES}/${pkg}/moveToCatalog`, { body: { catalogId: target } });
    expectGraphError(refused, 400, 'InvalidRequest');
    expect(refused.json.error.message).toMatch(/'Marketing resources' \(AadGroup/);

    await addGroup(target, groupId);
    const moved = await call('POST', `${PACKAGES}/${pkg}/moveToCatalog`, { body: { catalogId: target } });
    expect(moved.status).toBe(200);
    expect(moved.text).toBe('');
    const got = await call(
      'GET',
      `${PACKAGES}/${pkg}?$expand=accessPackageResourceRoleScopes($expand=accessPackageResourceRole($expand=accessPackageResource))`,
    );
    expect(got.json.catalogId).toBe(target);
    const [roleScope] = got.json.accessPackageResourceRoleScopes;
    const targetResource = (await call('GET', `${CATALOGS}/${target}/accessPackageResources`)).json.value[0];
    expect(roleScope.accessPackageResourceRole.accessPackageResource.id).toBe(targetResource.id);
    // The General catalog's copy of the group is free to go, the target's is in use.
    expect(
      (
        await call('POST', REQUESTS, {
          body: {
            catalogId: GENERAL_CATALOG_ID,
            requestType: 'AdminRemove',
            accessPackageResource: { originId: groupId, originSystem: 'AadGroup' },
          },
        })
      ).status,
    ).toBe(201);
    expect((await call('POST', `${PACKAGES}/${pkg}/moveToCatalog`, { body: { catalogId: target } })).status).toBe(200);
    expectGraphError(
      await call('POST', `${PACKAGES}/${pkg}/moveToCatalog`, { body: { catalogId: crypto.randomUUID() } }),
      404,
      'ResourceNotFound',
    );
    expectGraphError(await call('POST', `${PACKAGES}/${pkg}/moveToCatalog`, { body: {} }), 400, 'InvalidModel');
  });
});

describe('filterByCurrentUser', () => {
  it('lists the packages whose policies let the token’s user request them', async () => {
    const user = (
      await call('POST', '/users', {
        body: {
          accountEnabled: true,
          displayName: 'Requestor1',
          mailNickname: 'r1',
          userPrincipalName: 'r1@contoso.com',
          passwordProfile: { password: 'x' },
        },
      })
    ).json.id;
    const outer = await newGroup('Outer');
    const inner = await newGroup('Inner');
    const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
    await call('POST', `/groups/${outer}/members/$ref`, { body: ref(inner) });
    await call('POST', `/groups/${inner}/members/$ref`, { body: ref(user) });
    const policy = async (accessPackageId: string, requestorSettings: object) =>
      expect(
        (
          await call('POST', POLICIES, {
            body: { accessPackageId, displayName: 'p', description: 'd', requestorSettings },
          })
        ).status,
      ).toBe(201);
    const single = await newPackage('Single');
    const nested = await newPackage('Nested group');
    const everyone = await newPackage('Everyone');
    const closed = await newPackage('Closed');
    const other = await newPackage('Someone else');
    const groupAsUser = await newPackage('A group named as a user');
    const userAsGroup = await newPackage('A user named as a group');
    await newPackage('No policy');
    await policy(single, {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      allowedRequestors: [
        // A user set without an id names no one, and does not keep the next one from matching.
        { '@odata.type': '#microsoft.graph.singleUser' },
        { '@odata.type': '#microsoft.graph.singleUser', id: user.toUpperCase() },
      ],
    });
    // Each kind of user set matches its own kind of object only: a user is no member of a "group" with their id, and
    // a group's members are not the single user its id would name.
    await policy(groupAsUser, {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      allowedRequestors: [{ '@odata.type': '#microsoft.graph.singleUser', id: outer }],
    });
    await policy(userAsGroup, {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      allowedRequestors: [{ '@odata.type': '#microsoft.graph.groupMembers', id: user }],
    });
    await policy(nested, {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      // Any one of the groups will do: the user is in the second only.
      allowedRequestors: [
        { '@odata.type': '#microsoft.graph.groupMembers', id: await newGroup('Elsewhere') },
        { '@odata.type': '#microsoft.graph.groupMembers', id: outer },
      ],
    });
    await policy(everyone, { scopeType: 'AllExistingDirectoryMemberUsers', acceptRequests: true });
    await policy(closed, { scopeType: 'AllExistingDirectoryMemberUsers', acceptRequests: false });
    await policy(other, {
      scopeType: 'SpecificDirectorySubjects',
      acceptRequests: true,
      allowedRequestors: [{ '@odata.type': '#microsoft.graph.singleUser', id: crypto.randomUUID() }],
    });

    const path = `${PACKAGES}/filterByCurrentUser(on='allowedRequestor')`;
    const mine = await call('GET', `${path}?$orderby=displayName&$select=displayName`, {
      token: stub.tokenFor({ scopes: SCOPES, claims: { oid: user } }),
    });
    expect(mine.status).toBe(200);
    expect(names(mine)).toEqual(['Everyone', 'Nested group', 'Single']);
    // A function's result names each item's type, $select or not.
    expect(mine.json.value[0]).toEqual({
      '@odata.type': '#microsoft.graph.accessPackage',
      id: expect.any(String),
      displayName: 'Everyone',
    });
    const stranger = await call('GET', path, { token: stub.tokenFor({ scopes: SCOPES }) });
    expect(stranger.json.value).toEqual([]);
  });
});
