import { expectGraphError, GUID, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

// Users and groups, as Microsoft's tutorial creates them (steps 1 and 2), under /beta and /v1.0 alike.
const REQUESTOR = {
  accountEnabled: true,
  displayName: 'Requestor1',
  mailNickname: 'Requestor1',
  userPrincipalName: 'Requestor1@contoso.onmicrosoft.com',
  passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Contoso1234' },
};
const MARKETING = {
  description: 'Marketing group',
  displayName: 'Marketing resources',
  mailEnabled: false,
  mailNickname: 'markres',
  securityEnabled: true,
};
const DIRECTORY = ['User.ReadWrite.All', 'Group.ReadWrite.All'];

let stub: TestStub;
let v1: string;
const call: TestStub['call'] = (...args) => stub.call(...args);

beforeEach(async () => {
  stub = await startTestStub({}, { scopes: DIRECTORY, upn: 'admin@contoso.onmicrosoft.com' });
  v1 = `${stub.origin}/v1.0`;
});
afterEach(async () => {
  await stub.close();
});

describe('users', () => {
  it('creates a user on v1.0 as the tutorial does, never returning the password, and reads it on both versions', async () => {
    const created = await call('POST', `${v1}/users`, { body: REQUESTOR });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      '@odata.context': `${v1}/$metadata#users/$entity`,
      id: expect.stringMatching(GUID),
      displayName: 'Requestor1',
      userPrincipalName: 'Requestor1@contoso.onmicrosoft.com',
      mailNickname: 'Requestor1',
      mail: null,
      accountEnabled: true,
      createdDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    const onBeta = await call('GET', `/users/${created.json.id}`);
    expect(onBeta.status).toBe(200);
    expect(onBeta.json['@odata.context']).toBe(`${stub.baseUrl}/$metadata#users/$entity`);
    const { '@odata.context': _a, ...fromV1 } = created.json;
    const { '@odata.context': _b, ...fromBeta } = onBeta.json;
    expect(fromBeta).toEqual(fromV1);
  });

  it('lists users with $filter, $select, $orderby, $count and paging', async () => {
    for (const name of ['Cleo', 'Ann', 'Bob']) {
      const body = { ...REQUESTOR, displayName: name, mailNickname: name, userPrincipalName: `${name}@contoso.com` };
      expect((await call('POST', '/users', { body })).status).toBe(201);
    }
    const page = await call('GET', `${v1}/users?$select=displayName&$orderby=displayName desc&$top=2&$count=true`);
    expect(page.status).toBe(200);
    expect(page.json['@odata.count']).toBe(3);
    expect(page.json.value).toEqual([
      { id: expect.any(String), displayName: 'Cleo' },
      { id: expect.any(String), displayName: 'Bob' },
    ]);
    expect(page.json['@odata.nextLink']).toMatch(new RegExp(`^${v1}/users\\?`));
    const next = await call('GET', page.json['@odata.nextLink']);
    expect(next.json.value.map((u: { displayName: string }) => u.displayName)).toEqual(['Ann']);
    const filtered = await call('GET', "/users?$filter=startswith(userPrincipalName,'Bob@') and accountEnabled");
    expect(filtered.json.value.map((u: { displayName: string }) => u.displayName)).toEqual(['Bob']);
  });

  it('deletes a user; then it is Request_ResourceNotFound, the directory’s own 404', async () => {
    const id = (await call('POST', '/users', { body: REQUESTOR })).json.id;
    expect((await call('DELETE', `${v1}/users/${id}`)).status).toBe(204);
    const gone = await call('GET', `/users/${id}`);
    expectGraphError(gone, 404, 'Request_ResourceNotFound');
    expect(gone.json.error.message).toBe(
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
    expectGraphError(await call('DELETE', `/users/${id}`), 404, 'Request_ResourceNotFound');
  });

  it('refuses a create without what Graph requires, or with an unknown property, on both versions', async () => {
    const { passwordProfile: _, ...withoutPassword } = REQUESTOR;
    expectGraphError(await call('POST', `${v1}/users`, { body: withoutPassword }), 400, 'InvalidModel');
    expectGraphError(await call('POST', '/users', { body: { ...REQUESTOR, jobTitle: 'x' } }), 400, 'InvalidModel');
    expectGraphError(await call('GET', `${v1}/users?$top=0`), 400, 'BadRequest');
    expectGraphError(await call('GET', `${v1}/users?$filter=jobTitle eq 'x'`), 400, 'InvalidFilter');
  });
});

describe('groups and members', () => {
  it('creates the tutorial’s security group and a Microsoft 365 group with a mailbox', async () => {
    const security = await call('POST', `${v1}/groups`, { body: MARKETING });
    expect(security.status).toBe(201);
    expect(security.json).toMatchObject({
      ...MARKETING,
      id: expect.stringMatching(GUID),
      mail: null,
      groupTypes: [],
      '@odata.context': `${v1}/$metadata#groups/$entity`,
    });
    const unified = await call('POST', '/groups', {
      body: { ...MARKETING, mailEnabled: true, mailNickname: 'sales', groupTypes: ['Unified'] },
    });
    expect(unified.json.mail).toBe('sales@contoso.onmicrosoft.com');
    const listed = await call('GET', '/groups?$filter=securityEnabled and mail eq null&$select=displayName');
    expect(listed.json.value).toEqual([{ id: security.json.id, displayName: 'Marketing resources' }]);
  });

  it('adds, lists (with @odata.type, paged) and removes members, users and groups', async () => {
    const group = (await call('POST', '/groups', { body: MARKETING })).json.id;
    const inner = (await call('POST', '/groups', { body: { ...MARKETING, displayName: 'Inner' } })).json.id;
    const user = (await call('POST', '/users', { body: REQUESTOR })).json.id;
    for (const ref of [
      `https://graph.microsoft.com/v1.0/directoryObjects/${user}`,
      `https://graph.microsoft.com/beta/groups/${inner}`,
    ]) {
      const added = await call('POST', `${v1}/groups/${group}/members/$ref`, { body: { '@odata.id': ref } });
      expect(added.status).toBe(204);
      expect(added.text).toBe('');
    }
    const first = await call('GET', `${v1}/groups/${group}/members?$top=1&$count=true`);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ '@odata.context': `${v1}/$metadata#directoryObjects`, '@odata.count': 2 });
    expect(first.json.value).toEqual([
      expect.objectContaining({ '@odata.type': '#microsoft.graph.user', id: user, displayName: 'Requestor1' }),
    ]);
    const second = await call('GET', first.json['@odata.nextLink']);
    expect(second.json.value).toEqual([
      expect.objectContaining({ '@odata.type': '#microsoft.graph.group', id: inner, displayName: 'Inner' }),
    ]);
    expect(second.json['@odata.nextLink']).toBeUndefined();

    expect((await call('DELETE', `/groups/${group}/members/${inner}/$ref`)).status).toBe(204);
    expectGraphError(await call('DELETE', `/groups/${group}/members/${inner}/$ref`), 404, 'Request_ResourceNotFound');
    const left = await call('GET', `/groups/${group}/members`);
    expect(left.json.value.map((m: { id: string }) => m.id)).toEqual([user]);
  });

  it('refuses a member twice, a group in itself, and references to nothing, as the directory does', async () => {
    const group = (await call('POST', '/groups', { body: MARKETING })).json.id;
    const user = (await call('POST', '/users', { body: REQUESTOR })).json.id;
    const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
    expect((await call('POST', `/groups/${group}/members/$ref`, { body: ref(user) })).status).toBe(204);
    const twice = await call('POST', `/groups/${group}/members/$ref`, { body: ref(user) });
    expectGraphError(twice, 400, 'Request_BadRequest');
    expect(twice.json.error.message).toMatch(/already exist for the following modified properties: 'members'/);
    expectGraphError(
      await call('POST', `/groups/${group}/members/$ref`, { body: ref(group) }),
      400,
      'Request_BadRequest',
    );
    const nobody = crypto.randomUUID();
    expectGraphError(
      await call('POST', `/groups/${group}/members/$ref`, { body: ref(nobody) }),
      404,
      'Request_ResourceNotFound',
    );
    expectGraphError(
      await call('POST', `/groups/${nobody}/members/$ref`, { body: ref(user) }),
      404,
      'Request_ResourceNotFound',
    );
    expectGraphError(await call('GET', `/groups/${nobody}/members`), 404, 'Request_ResourceNotFound');
    expectGraphError(
      await call('POST', `/groups/${group}/members/$ref`, { body: { '@odata.id': 'not a reference' } }),
      400,
      'Request_BadRequest',
    );
    expectGraphError(await call('POST', `/groups/${group}/members/$ref`, { body: {} }), 400, 'InvalidModel');
  });

  it('drops the memberships of a deleted user or group', async () => {
    const group = (await call('POST', '/groups', { body: MARKETING })).json.id;
    const inner = (await call('POST', '/groups', { body: { ...MARKETING, displayName: 'Inner' } })).json.id;
    const user = (await call('POST', '/users', { body: REQUESTOR })).json.id;
    const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
    await call('POST', `/groups/${group}/members/$ref`, { body: ref(user) });
    await call('POST', `/groups/${inner}/members/$ref`, { body: ref(user) });
    await call('POST', `/groups/${group}/members/$ref`, { body: ref(inner) });
    expect((await call('DELETE', `/users/${user}`)).status).toBe(204);
    expect((await call('GET', `/groups/${inner}/members`)).json.value).toEqual([]);
    expect((await call('DELETE', `/groups/${inner}`)).status).toBe(204);
    expect((await call('GET', `/groups/${group}/members`)).json.value).toEqual([]);
  });

  it('adds, lists and removes owners (users only), apart from members; a deleted user owns nothing', async () => {
    const group = (await call('POST', '/groups', { body: MARKETING })).json.id;
    const other = (await call('POST', '/groups', { body: { ...MARKETING, displayName: 'Other' } })).json.id;
    const user = (await call('POST', '/users', { body: REQUESTOR })).json.id;
    const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${id}` });
    expect((await call('POST', `${v1}/groups/${group}/owners/$ref`, { body: ref(user) })).status).toBe(204);
    const owners = await call('GET', `${v1}/groups/${group}/owners`);
    expect(owners.json).toEqual({
      '@odata.context': `${v1}/$metadata#directoryObjects`,
      value: [expect.objectContaining({ '@odata.type': '#microsoft.graph.user', id: user, displayName: 'Requestor1' })],
    });
    expect((await call('GET', `/groups/${group}/members`)).json.value).toEqual([]);
    expectGraphError(
      await call('POST', `/groups/${group}/owners/$ref`, { body: ref(user) }),
      400,
      'Request_BadRequest',
    );
    const groupAsOwner = await call('POST', `/groups/${group}/owners/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/groups/${other}` },
    });
    expectGraphError(groupAsOwner, 400, 'Request_BadRequest');
    expect(groupAsOwner.json.error.message).toContain('Only users can be owners');
    expect((await call('DELETE', `/groups/${group}/owners/${user}/$ref`)).status).toBe(204);
    expectGraphError(await call('DELETE', `/groups/${group}/owners/${user}/$ref`), 404, 'Request_ResourceNotFound');
    await call('POST', `/groups/${group}/owners/$ref`, { body: ref(user) });
    expect((await call('DELETE', `/users/${user}`)).status).toBe(204);
    expect((await call('GET', `/groups/${group}/owners`)).json.value).toEqual([]);
  });
});

describe('versions and permissions', () => {
  it('serves only directory objects under /v1.0: Entitlement Management stays on /beta', async () => {
    const res = await call('GET', `${v1}${PACKAGES}`, { token: stub.tokenFor() });
    expectGraphError(res, 400, 'BadRequest');
    expect(res.json.error.message).toMatch(/Resource not found for the segment 'accessPackages'/);
  });

  it('takes User.*, Group.* and Directory.* permissions as each operation’s security says', async () => {
    const token = (scopes: string[]) => stub.tokenFor({ scopes });
    const em = token(['EntitlementManagement.ReadWrite.All']);
    const refused = await call('GET', '/users', { token: em });
    expectGraphError(refused, 403, 'UnAuthorized');
    expect(refused.json.error.details[0].message).toBe(
      "Reading users needs the delegated permission User.Read.All or User.ReadWrite.All or Directory.Read.All or Directory.ReadWrite.All in the token's scp claim; the token has: EntitlementManagement.ReadWrite.All.",
    );
    expect((await call('GET', '/users', { token: token(['User.Read.All']) })).status).toBe(200);
    expectGraphError(
      await call('POST', '/users', { body: REQUESTOR, token: token(['User.Read.All']) }),
      403,
      'UnAuthorized',
    );
    expectGraphError(await call('GET', '/users', { token: token(['Group.ReadWrite.All']) }), 403, 'UnAuthorized');
    expect((await call('GET', `${v1}/groups`, { token: token(['Group.Read.All']) })).status).toBe(200);
    const directory = token(['Directory.ReadWrite.All']);
    expect((await call('POST', '/users', { body: REQUESTOR, token: directory })).status).toBe(201);
    expect((await call('POST', `${v1}/groups`, { body: MARKETING, token: directory })).status).toBe(201);
    // Directory tokens do not reach Entitlement Management.
    expectGraphError(await call('GET', PACKAGES, { token: directory }), 403, 'UnAuthorized');
    expectGraphError(await call('GET', `${v1}/users`, { token: null }), 401, 'InvalidAuthenticationToken');
  });

  it('accepts application tokens for the directory, as Graph does, while Entitlement Management refuses them', async () => {
    const app = stub.tokenFor({ app: true, scopes: ['User.ReadWrite.All', 'EntitlementManagement.ReadWrite.All'] });
    expect((await call('POST', `${v1}/users`, { body: REQUESTOR, token: app })).status).toBe(201);
    expectGraphError(await call('GET', PACKAGES, { token: app }), 403, 'UnAuthorized');
  });
});

describe('start-up data', () => {
  it('seeds users, groups and memberships from a data file, and a reset brings them back', async () => {
    const seeded = await startTestStub(
      {
        data: {
          users: [
            {
              id: 'u1',
              displayName: 'Requestor1',
              userPrincipalName: 'r1@contoso.com',
              mailNickname: 'r1',
              mail: null,
              accountEnabled: true,
              createdDateTime: '2026-01-01T00:00:00Z',
            },
          ],
          groups: [
            {
              id: 'g1',
              displayName: 'Marketing',
              description: null,
              mailNickname: 'm',
              mail: null,
              mailEnabled: false,
              securityEnabled: true,
              groupTypes: [],
              createdDateTime: '2026-01-01T00:00:00Z',
            },
          ],
          groupMembers: [{ id: 'g1_u1', 'group/id': 'g1', 'member/id': 'u1', memberType: 'user' }],
        },
      },
      { scopes: DIRECTORY },
    );
    try {
      const members = async () =>
        (await seeded.call('GET', `${seeded.origin}/v1.0/groups/g1/members`)).json.value.map(
          (m: { id: string }) => m.id,
        );
      expect(await members()).toEqual(['u1']);
      expect((await seeded.call('DELETE', '/users/u1')).status).toBe(204);
      expect(await members()).toEqual([]);
      expect(
        (
          await fetch(`${seeded.origin}/_stub/reset`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(200);
      expect(await members()).toEqual(['u1']);
    } finally {
      await seeded.close();
    }
  });
});
