import {
  expectGraphError,
  GUID,
  startTestStub,
  type TestStub,
  TUTORIAL,
  tutorialAddByEmail,
  tutorialData,
} from '../testing/jest-helpers.js';

// Connected organizations (issue 23, item 5): CRUD, internal and external sponsors, and the subject's
// connectedOrganization, as the docs list pending requests with `$expand=requestor($expand=connectedOrganization)`.
const EM = '/identityGovernance/entitlementManagement';
const ORGANIZATIONS = `${EM}/connectedOrganizations`;
const SCOPES = ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All'];

let stub: TestStub;
const call: TestStub['call'] = (...args) => stub.call(...args);

beforeEach(async () => {
  stub = await startTestStub({ data: tutorialData(), deliveryDelayMs: 60_000 }, { scopes: SCOPES });
});
afterEach(async () => {
  await stub.close();
});

// The docs' create example.
const fabrikam = {
  displayName: 'Connected organization name',
  description: 'Connected organization description',
  identitySources: [
    { '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'example.com', displayName: 'example.com' },
  ],
  state: 'proposed',
};

async function newOrganization(body: object = fabrikam): Promise<string> {
  const created = await call('POST', ORGANIZATIONS, { body });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

describe('connected organizations', () => {
  it("creates one as the docs' example does (201), lists, filters, reads, updates (204) and deletes it", async () => {
    const created = await call('POST', ORGANIZATIONS, { body: fabrikam });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.stringMatching(GUID), ...fabrikam, createdBy: expect.any(String) });
    const id: string = created.json.id;
    await newOrganization({ displayName: 'Other' });
    const filtered = await call('GET', `${ORGANIZATIONS}?$filter=displayName eq 'Connected organization name'`);
    expect(filtered.json.value.map((o: { id: string }) => o.id)).toEqual([id]);
    const updated = await call('PATCH', `${ORGANIZATIONS}/${id}`, {
      body: { displayName: 'Connected organization new name', state: 'configured' },
    });
    expect(updated.status).toBe(204);
    expect((await call('GET', `${ORGANIZATIONS}/${id}`)).json).toMatchObject({
      displayName: 'Connected organization new name',
      description: fabrikam.description,
      state: 'configured',
    });
    expect((await call('GET', `${ORGANIZATIONS}?$select=state&$orderby=displayName`)).json.value).toEqual([
      { id, state: 'configured' },
      { id: expect.any(String), state: 'proposed' },
    ]);
    expect((await call('DELETE', `${ORGANIZATIONS}/${id}`)).status).toBe(204);
    expectGraphError(await call('GET', `${ORGANIZATIONS}/${id}`), 404, 'ResourceNotFound');
    expectGraphError(
      await call('POST', ORGANIZATIONS, { body: { ...fabrikam, state: 'approved' } }),
      400,
      'InvalidModel',
    );
    expectGraphError(
      await call('POST', ORGANIZATIONS, {
        body: { ...fabrikam, identitySources: [{ '@odata.type': '#microsoft.graph.user', id: 'x' }] },
      }),
      400,
      'InvalidModel',
    );
  });

  it('keeps internal and external sponsors apart, each a user or group once, and lets them go', async () => {
    const id = await newOrganization();
    const group = (
      await call('POST', '/groups', {
        body: { displayName: 'Sponsors', mailEnabled: false, mailNickname: 'sponsors', securityEnabled: true },
      })
    ).json.id as string;
    const internal = `${ORGANIZATIONS}/${id}/internalSponsors`;
    const external = `${ORGANIZATIONS}/${id}/externalSponsors`;
    const add = (path: string, ref: string) => call('POST', `${path}/$ref`, { body: { '@odata.id': ref } });
    expect((await add(internal, `https://graph.microsoft.com/beta/users/${TUTORIAL.userId}`)).status).toBe(204);
    expect((await add(internal, `https://graph.microsoft.com/v1.0/groups/${group}`)).status).toBe(204);
    expect((await add(external, `https://graph.microsoft.com/beta/users/${TUTORIAL.userId}`)).status).toBe(204);
    expectGraphError(
      await add(internal, `https://graph.microsoft.com/beta/users/${TUTORIAL.userId}`),
      400,
      'Request_BadRequest',
    );
    expectGraphError(
      await add(internal, `https://graph.microsoft.com/beta/users/${crypto.randomUUID()}`),
      404,
      'Request_ResourceNotFound',
    );
    const listed = await call('GET', `${internal}?$count=true`);
    expect(listed.json['@odata.count']).toBe(2);
    expect(listed.json.value.map((s: { '@odata.type': string; id: string }) => [s['@odata.type'], s.id])).toEqual([
      ['#microsoft.graph.user', TUTORIAL.userId],
      ['#microsoft.graph.group', group],
    ]);
    expect((await call('GET', external)).json.value.map((s: { id: string }) => s.id)).toEqual([TUTORIAL.userId]);
    expect((await call('DELETE', `${internal}/${TUTORIAL.userId}/$ref`)).status).toBe(204);
    expectGraphError(await call('DELETE', `${internal}/${TUTORIAL.userId}/$ref`), 404, 'ResourceNotFound');
    // A deleted group sponsors nothing any more.
    expect((await call('DELETE', `/groups/${group}`)).status).toBe(204);
    expect((await call('GET', `${internal}?$count=true`)).json).toMatchObject({ '@odata.count': 0, value: [] });
    expect((await call('GET', external)).json.value).toHaveLength(1);
    expectGraphError(
      await call('GET', `${ORGANIZATIONS}/${crypto.randomUUID()}/internalSponsors`),
      404,
      'ResourceNotFound',
    );
  });

  it('makes someone added by email a subject of the organization of their domain, which requestor($expand=connectedOrganization) shows', async () => {
    const id = await newOrganization();
    const request = await call('POST', `${EM}/accessPackageAssignmentRequests`, {
      body: tutorialAddByEmail('guest@Example.com', 'Guest'),
    });
    expect(request.status).toBe(201);
    const expanded = await call(
      'GET',
      `${EM}/accessPackageAssignmentRequests/${request.json.id}?$expand=accessPackageAssignment($expand=target($expand=connectedOrganization)),requestor($expand=connectedOrganization)`,
    );
    expect(expanded.status).toBe(200);
    // The administrator who asked is a directory user, of no connected organization.
    expect(expanded.json.requestor.connectedOrganizationId).toBeNull();
    expect(expanded.json.requestor.connectedOrganization).toBeUndefined();
    await stub.clock.advance('PT2M');
    const assignment = await call(
      'GET',
      `${EM}/accessPackageAssignments/${request.json.id}?$expand=target($expand=connectedOrganization)`,
    );
    expect(assignment.json.target).toMatchObject({
      type: 'User',
      email: 'guest@Example.com',
      objectId: null,
      principalName: null,
      connectedOrganizationId: id,
      connectedOrganization: { id, displayName: fabrikam.displayName },
    });
    // A role the package grants from now on goes to its holders in the directory; a guest by email is none.
    const resource = (
      await call(
        'GET',
        `${EM}/accessPackageCatalogs/${TUTORIAL.catalogId}/accessPackageResources?$filter=originId eq '${TUTORIAL.groupId}'`,
      )
    ).json.value[0];
    const ownerScope = await call(
      'POST',
      `${EM}/accessPackages/${TUTORIAL.packageId}/accessPackageResourceRoleScopes`,
      {
        body: {
          accessPackageResourceRole: {
            originId: `Owner_${TUTORIAL.groupId}`,
            displayName: 'Owner',
            originSystem: 'AadGroup',
            accessPackageResource: { id: resource.id, originId: TUTORIAL.groupId, originSystem: 'AadGroup' },
          },
          accessPackageResourceScope: { originId: TUTORIAL.groupId, originSystem: 'AadGroup' },
        },
      },
    );
    expect(ownerScope.status).toBe(201);
    const owners = await call('GET', `${stub.origin}/v1.0/groups/${TUTORIAL.groupId}/owners`);
    expect([owners.status, owners.json.value]).toEqual([200, []]);
    // The docs' list of pending requests, with the requestor expanded.
    const pending = await call(
      'GET',
      `${EM}/accessPackageAssignmentRequests?$expand=requestor($expand=connectedOrganization)&$filter=(requestState eq 'PendingApproval')`,
    );
    expect(pending.status).toBe(200);
    expect(pending.json.value).toEqual([]);
  });

  it("finds the organization by the domain after an address's '@', in any case, past sources that name no domain", async () => {
    const id = await newOrganization({
      displayName: 'Tailspin',
      identitySources: [
        // A tenant source names no domain; the domain source after it does.
        {
          '@odata.type': '#microsoft.graph.azureActiveDirectoryTenant',
          tenantId: crypto.randomUUID(),
          displayName: 'T',
        },
        { '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: null, displayName: 'none' },
        { '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: '', displayName: 'empty' },
        { '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'Tailspin.COM', displayName: 'tailspin' },
      ],
    });
    const add = (email: string) =>
      call('POST', `${EM}/accessPackageAssignmentRequests`, { body: tutorialAddByEmail(email) });
    const made: Record<string, string> = {};
    for (const email of ['guest@tailspin.com', 'tailspin.com', 'guest@other.tailspin.com', 'nobody@']) {
      const request = await add(email);
      expect(request.status).toBe(201);
      made[email] = request.json.id;
    }
    // The same address is the same subject, so its second open request is refused.
    expectGraphError(await add('guest@tailspin.com'), 409, 'ExistingOpenRequest');
    await stub.clock.advance('PT2M');
    const organizationOf = async (email: string) =>
      (await call('GET', `${EM}/accessPackageAssignments/${made[email]}?$expand=target`)).json.target
        .connectedOrganizationId;
    expect(await organizationOf('guest@tailspin.com')).toBe(id);
    // An address with no '@' has no domain, even one that is all a domain.
    expect(await organizationOf('tailspin.com')).toBeNull();
    expect(await organizationOf('guest@other.tailspin.com')).toBeNull();
    // Nor does one ending at its '@' match a source with an empty domain.
    expect(await organizationOf('nobody@')).toBeNull();
  });
});
