import { GENERAL_CATALOG_ID, type StartOptions } from '@accesspackage/server';
import { startTestStub, type TestStub } from '@accesspackage/server/testing';
import {
  type AccessPackageClient,
  type AccessPackageClientOptions,
  createAccessPackageClient,
  GRAPH_BETA_URL,
  GraphError,
} from './index.js';

const started: TestStub[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

/** A real stub on an ephemeral port (response validation on) and a client pointed at it. */
async function setup(stubOptions: StartOptions = {}, clientOptions: Partial<AccessPackageClientOptions> = {}) {
  const stub = await startTestStub(stubOptions);
  started.push(stub);
  const client = createAccessPackageClient({ baseUrl: stub.baseUrl, auth: stub.token, ...clientOptions });
  return { stub, client };
}

describe('resource calls against the stub', () => {
  let client: AccessPackageClient;
  beforeEach(async () => {
    ({ client } = await setup());
  });

  it('sends the seed request and gets the new package', async () => {
    const created = await client.accessPackages.createAtSeedPath({
      catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128',
      displayName: 'displayName-value',
      description: 'description-value',
    });
    expect(created).toMatchObject({
      catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128',
      displayName: 'displayName-value',
      description: 'description-value',
      isHidden: false,
      isRoleScopesVisible: false,
    });
    expect(created['@odata.context']).toContain('$metadata#accessPackages/$entity');
  });

  it('creates, gets, lists, updates and deletes an access package', async () => {
    const created = await client.accessPackages.create({ catalogId: GENERAL_CATALOG_ID, displayName: 'Sales' });
    expect((await client.accessPackages.get(created.id)).displayName).toBe('Sales');
    expect((await client.accessPackages.list()).value.map((p) => p.id)).toEqual([created.id]);
    await client.accessPackages.update(created.id, { displayName: 'Sales EMEA' });
    expect((await client.accessPackages.get(created.id)).displayName).toBe('Sales EMEA');
    await client.accessPackages.delete(created.id);
    await expect(client.accessPackages.get(created.id)).rejects.toMatchObject({
      status: 404,
      code: 'ResourceNotFound',
    });
  });

  it("manages catalogs and expands a catalog's packages", async () => {
    const catalog = await client.catalogs.create({ displayName: 'Marketing' });
    const pkg = await client.accessPackages.create({ catalogId: catalog.id, displayName: 'Campaign' });
    const expanded = await client.catalogs.get(catalog.id, { expand: 'accessPackages' });
    expect(expanded.accessPackages?.map((p) => p.id)).toEqual([pkg.id]);
    await expect(client.catalogs.delete(catalog.id)).rejects.toMatchObject({ status: 409, code: 'CatalogNotEmpty' });
    await client.accessPackages.delete(pkg.id);
    await client.catalogs.update(catalog.id, { description: 'Campaigns' });
    expect(
      (await client.catalogs.list({ filter: "displayName eq 'Marketing'" })).value.map((c) => c.description),
    ).toEqual(['Campaigns']);
    await client.catalogs.delete(catalog.id);
  });

  it('returns only the selected properties, and id', async () => {
    await client.accessPackages.create({
      catalogId: GENERAL_CATALOG_ID,
      displayName: 'Selected',
      description: 'not asked for',
    });
    const page = await client.accessPackages.list({ select: ['displayName'] });
    expect(page.value).toEqual([{ id: expect.any(String), displayName: 'Selected' }]);
    const one = await client.accessPackages.get(page.value[0]?.id ?? '', {
      select: ['description'],
      expand: 'accessPackageCatalog',
    });
    expect(one).toEqual({
      '@odata.context': expect.any(String),
      id: page.value[0]?.id,
      description: 'not asked for',
      accessPackageCatalog: expect.objectContaining({ id: GENERAL_CATALOG_ID }),
    });
  });

  it('sends filter, orderby, top and count as OData options, with quotes and spaces intact', async () => {
    for (const name of ["O'Brien team", 'Alpha team', 'Other']) {
      await client.accessPackages.create({ catalogId: GENERAL_CATALOG_ID, displayName: name });
    }
    const page = await client.accessPackages.list({
      filter: "contains(tolower(displayName),'team') or displayName eq 'O''Brien team'",
      orderby: 'displayName desc',
      top: 1,
      count: true,
    });
    expect(page['@odata.count']).toBe(2);
    expect(page.value.map((p) => p.displayName)).toEqual(["O'Brien team"]);
    expect(page['@odata.nextLink']).toMatch(/\$skiptoken=/);
    const next = await client.nextPage<{ displayName: string }>(page['@odata.nextLink'] ?? '');
    expect(next.value.map((p) => p.displayName)).toEqual(['Alpha team']);
  });

  it('throws a GraphError carrying the envelope, the request ids and the raw body', async () => {
    const error = await client.accessPackages
      .create({ catalogId: '11111111-2222-3333-4444-555555555555', displayName: 'Orphan' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({
      status: 404,
      code: 'ResourceNotFound',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      body: { error: expect.objectContaining({ code: 'ResourceNotFound' }) },
    });
    expect((error as GraphError).details).toEqual([expect.objectContaining({ target: 'catalogId' })]);
  });
});

describe('directory objects', () => {
  it('creates users and groups, manages members and pages through them', async () => {
    const { stub } = await setup({ pageSize: 1 });
    const graph = createAccessPackageClient({
      baseUrl: stub.baseUrl,
      auth: stub.tokenFor({ scopes: ['User.ReadWrite.All', 'Group.ReadWrite.All'] }),
    });
    const user = await graph.users.create({
      accountEnabled: true,
      displayName: 'Requestor1',
      mailNickname: 'Requestor1',
      userPrincipalName: 'Requestor1@contoso.onmicrosoft.com',
      passwordProfile: { password: 'Contoso1234' },
    });
    const group = await graph.groups.create({
      displayName: 'Marketing resources',
      mailEnabled: false,
      mailNickname: 'markres',
      securityEnabled: true,
    });
    const inner = await graph.groups.create({
      displayName: 'Inner',
      mailEnabled: false,
      mailNickname: 'inner',
      securityEnabled: true,
    });
    await graph.groups.members.add(group.id, user.id);
    await graph.groups.members.add(group.id, inner.id);
    await expect(graph.groups.members.add(group.id, user.id)).rejects.toMatchObject({
      status: 400,
      code: 'Request_BadRequest',
    });
    const members: string[] = [];
    for await (const member of graph.groups.members.listAll(group.id))
      members.push(`${member['@odata.type']} ${member.id}`);
    expect(members).toEqual([`#microsoft.graph.user ${user.id}`, `#microsoft.graph.group ${inner.id}`]);
    await graph.groups.members.remove(group.id, inner.id);
    expect((await graph.groups.members.list(group.id, { count: true }))['@odata.count']).toBe(1);

    expect((await graph.users.get(user.id, { select: ['userPrincipalName'] })).userPrincipalName).toBe(
      'Requestor1@contoso.onmicrosoft.com',
    );
    const names: string[] = [];
    for await (const g of graph.groups.listAll({ orderby: 'displayName', select: ['displayName'] }))
      names.push(g.displayName ?? '');
    expect(names).toEqual(['Inner', 'Marketing resources']);
    await graph.users.delete(user.id);
    await expect(graph.users.get(user.id)).rejects.toMatchObject({ status: 404, code: 'Request_ResourceNotFound' });
    await graph.groups.delete(inner.id);
    expect((await graph.groups.list({ filter: "mailNickname eq 'markres'" })).value.map((g) => g.id)).toEqual([
      group.id,
    ]);
  });
});

describe('catalog resources', () => {
  // A walk through twenty operations: each one's first call compiles its validators, seconds on a busy CI machine.
  it('adds a group to a catalog, finds its resource and roles, grants a role, and removes it', async () => {
    const { stub } = await setup();
    const graph = createAccessPackageClient({
      baseUrl: stub.baseUrl,
      auth: stub.tokenFor({ scopes: ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All'] }),
    });
    const group = await graph.groups.create({
      displayName: 'Marketing resources',
      mailEnabled: false,
      mailNickname: 'markres',
      securityEnabled: true,
    });
    const request = await graph.resourceRequests.create({
      catalogId: GENERAL_CATALOG_ID,
      requestType: 'AdminAdd',
      accessPackageResource: { originId: group.id, originSystem: 'AadGroup' },
    });
    expect(request).toMatchObject({ requestState: 'Delivered', requestStatus: expect.stringMatching(/^Fulfilled/) });
    const [resource] = (
      await graph.catalogs.resources.list(GENERAL_CATALOG_ID, {
        filter: `originId eq '${group.id}'`,
        expand: 'accessPackageResourceScopes($select=isRootScope)',
      })
    ).value;
    expect(resource?.accessPackageResourceScopes).toEqual([{ id: expect.any(String), isRootScope: true }]);
    const roles: string[] = [];
    for await (const role of graph.catalogs.resourceRoles.listAll(GENERAL_CATALOG_ID, {
      filter: `(originSystem eq 'AadGroup' and accessPackageResource/id eq '${resource?.id}')`,
      expand: ['accessPackageResource'],
      select: ['originId'],
    }))
      roles.push(`${role.originId} ${role.accessPackageResource?.id === resource?.id}`);
    expect(roles).toEqual([`Member_${group.id} true`, `Owner_${group.id} true`]);
    const pkg = await graph.accessPackages.create({ catalogId: GENERAL_CATALOG_ID, displayName: 'Marketing Campaign' });
    const roleScope = await graph.accessPackages.roleScopes.create(pkg.id, {
      accessPackageResourceRole: { originId: `Member_${group.id}`, accessPackageResource: { id: resource?.id ?? '' } },
      accessPackageResourceScope: { originId: group.id },
    });
    const expanded = await graph.accessPackages.get(pkg.id, {
      expand: 'accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope)',
    });
    expect(
      expanded.accessPackageResourceRoleScopes?.map((r) => [r.id, r.accessPackageResourceRole?.displayName]),
    ).toEqual([[roleScope.id, 'Member']]);
    const policy = await graph.assignmentPolicies.create({
      accessPackageId: pkg.id,
      displayName: 'Specific users',
      description: 'Specific users can request assignment',
      durationInDays: 30,
    });
    expect(policy.requestApprovalSettings?.approvalMode).toBe('NoApproval');
    const replaced = await graph.assignmentPolicies.replace(policy.id, {
      accessPackageId: pkg.id,
      displayName: 'Specific users',
      description: 'For 60 days',
      durationInDays: 60,
    });
    expect(replaced.durationInDays).toBe(60);
    const withPolicies = await graph.accessPackages.get(pkg.id, { expand: 'accessPackageAssignmentPolicies' });
    expect(withPolicies.accessPackageAssignmentPolicies?.map((p) => p.description)).toEqual(['For 60 days']);
    await expect(graph.accessPackages.delete(pkg.id)).rejects.toMatchObject({
      status: 409,
      code: 'AccessPackageHasAssignmentPolicies',
    });
    for await (const p of graph.assignmentPolicies.listAll({
      filter: "displayName eq 'Specific users'",
      expand: 'accessPackage',
    }))
      expect(p.accessPackage?.id).toBe(pkg.id);
    const audit = await graph.accessPackages.create({ catalogId: GENERAL_CATALOG_ID, displayName: 'Audit' });
    await graph.accessPackages.incompatibleAccessPackages.add(pkg.id, audit.id);
    await graph.accessPackages.incompatibleGroups.add(pkg.id, group.id);
    expect((await graph.accessPackages.accessPackagesIncompatibleWith.list(audit.id)).value.map((p) => p.id)).toEqual([
      pkg.id,
    ]);
    expect((await graph.accessPackages.incompatibleGroups.list(pkg.id)).value.map((g) => g.id)).toEqual([group.id]);
    const incompatible: string[] = [];
    for await (const p of graph.accessPackages.incompatibleAccessPackages.listAll(pkg.id)) incompatible.push(p.id);
    expect(incompatible).toEqual([audit.id]);
    await graph.accessPackages.incompatibleAccessPackages.remove(pkg.id, audit.id);
    await graph.accessPackages.incompatibleGroups.remove(pkg.id, group.id);
    expect((await graph.accessPackages.incompatibleAccessPackages.list(pkg.id, { count: true }))['@odata.count']).toBe(
      0,
    );
    await graph.accessPackages.moveToCatalog(pkg.id, GENERAL_CATALOG_ID);
    expect((await graph.accessPackages.filterByCurrentUser({ select: ['displayName'] })).value).toEqual([]);
    await graph.assignmentPolicies.delete(policy.id);
    await graph.accessPackages.roleScopes.delete(pkg.id, roleScope.id);
    await graph.resourceRequests.create({
      catalogId: GENERAL_CATALOG_ID,
      requestType: 'AdminRemove',
      accessPackageResource: { id: resource?.id ?? '' },
    });
    expect((await graph.resourceRequests.list({ select: ['requestType'] })).value.map((r) => r.requestType)).toEqual([
      'AdminAdd',
      'AdminRemove',
    ]);
    await expect(
      graph.catalogs.resourceRoles.list(GENERAL_CATALOG_ID, { filter: "displayName eq 'Member'" }),
    ).rejects.toMatchObject({ status: 400, code: 'InvalidFilter' });
  }, 120_000);
});

describe('listAll', () => {
  it('follows @odata.nextLink across pages, also while items are added, reaching each item once', async () => {
    const { client } = await setup({ pageSize: 10 });
    const ids = new Set<string>();
    for (let i = 0; i < 25; i += 1) {
      ids.add((await client.accessPackages.create({ catalogId: GENERAL_CATALOG_ID, displayName: `item ${i}` })).id);
    }
    const seen: string[] = [];
    for await (const pkg of client.accessPackages.listAll({ select: ['displayName'] })) {
      seen.push(pkg.id);
      // Items added mid-iteration land after the cursor and are reached too.
      if (seen.length === 12)
        ids.add((await client.accessPackages.create({ catalogId: GENERAL_CATALOG_ID, displayName: 'late' })).id);
    }
    expect(seen).toHaveLength(26);
    expect(new Set(seen)).toEqual(ids);
  });

  it('iterates catalogs the same way', async () => {
    const { client } = await setup({ pageSize: 2 });
    for (const name of ['A', 'B', 'C']) await client.catalogs.create({ displayName: name });
    const names: string[] = [];
    for await (const catalog of client.catalogs.listAll({ orderby: 'displayName' }))
      names.push(catalog.displayName ?? '');
    expect(names).toEqual(['A', 'B', 'C', 'General']);
  });
});

describe('request ids', () => {
  it('sends a fresh client-request-id GUID with each call', async () => {
    const sent: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      sent.push((input instanceof Request ? input.headers : new Headers(init?.headers)).get('client-request-id') ?? '');
      return fetch(input, init);
    };
    const { client } = await setup(
      { simulation: { rateLimit: { requests: 1, windowMs: 60_000 } } },
      { fetch: recordingFetch, retry: { maxRetries: 2, maxTotalDelayMs: 0 } },
    );
    await client.catalogs.list();
    await expect(client.catalogs.list()).rejects.toMatchObject({ status: 429 });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[0]).not.toBe(sent[1]);
  });

  /** A client whose fetch records the client-request-id of each attempt and the Response it got back. */
  async function recordingSetup(transform?: (response: Response) => Response) {
    const sent: string[] = [];
    const received: Response[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      sent.push((input instanceof Request ? input.headers : new Headers(init?.headers)).get('client-request-id') ?? '');
      const response = await globalThis.fetch(input, init);
      received.push(response);
      if (!transform) return response;
      await response.text(); // the replaced body is read to the end, releasing the connection
      return transform(response);
    };
    const { client } = await setup({}, { fetch: recordingFetch, retry: false });
    return { client, sent, received };
  }

  it('puts the client-request-id it sent in clientRequestId, and the request-id the stub answered with in requestId', async () => {
    const { client, sent, received } = await recordingSetup();
    const error = (await client.accessPackages
      .get('11111111-2222-3333-4444-555555555555')
      .catch((e: unknown) => e)) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(sent).toHaveLength(1);
    expect(received).toHaveLength(1);
    const requestId = received[0]?.headers.get('request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.clientRequestId).toBe(sent[0]);
    expect(error.requestId).toBe(requestId);
    const innerError = (error.body as { error: { innerError: Record<string, string> } }).error.innerError;
    expect(innerError['request-id']).toBe(requestId);
    expect(innerError['client-request-id']).toBe(sent[0]);
    // The two ids are different values: a mix-up of the two cannot pass unnoticed.
    expect(error.requestId).not.toBe(error.clientRequestId);
  });

  it('reads both ids from the response headers when the body is not a Graph error', async () => {
    // A proxy in front of Graph may replace the body; the stub's real headers stay.
    const { client, sent, received } = await recordingSetup((response) => {
      const headers = new Headers(response.headers);
      headers.set('content-type', 'text/html');
      return new Response('<html>Not Found</html>', { status: response.status, headers });
    });
    const error = (await client.accessPackages
      .get('11111111-2222-3333-4444-555555555555')
      .catch((e: unknown) => e)) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 404, code: 'Http404' });
    expect(received[0]?.headers.get('client-request-id')).toBe(sent[0]);
    expect(error.clientRequestId).toBe(sent[0]);
    expect(error.requestId).toBe(received[0]?.headers.get('request-id'));
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.requestId).not.toBe(error.clientRequestId);
  });
});

describe('defaults', () => {
  it('talks to the Graph beta endpoint unless told otherwise', async () => {
    const urls: string[] = [];
    const graph = createAccessPackageClient({
      auth: 'token',
      fetch: async (input) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return Response.json({ value: [] });
      },
    });
    await graph.catalogs.list();
    expect(urls).toEqual([`${GRAPH_BETA_URL}/identityGovernance/entitlementManagement/accessPackageCatalogs`]);
  });

  it('takes a baseUrl with a trailing slash as the same service root (no double slash)', async () => {
    const { stub } = await setup();
    const client = createAccessPackageClient({ baseUrl: `${stub.baseUrl}/`, auth: stub.token });
    expect((await client.catalogs.list()).value).toHaveLength(1);
    const urls: string[] = [];
    const recorded = createAccessPackageClient({
      baseUrl: 'https://graph.microsoft.com/beta//',
      auth: 'token',
      fetch: async (input) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return Response.json({ value: [] });
      },
    });
    await recorded.catalogs.list();
    expect(urls).toEqual([`${GRAPH_BETA_URL}/identityGovernance/entitlementManagement/accessPackageCatalogs`]);
  });

  it('sends no Authorization header without auth, for a stub started with --auth off', async () => {
    const { client } = await setup({ auth: { mode: 'off' } }, { auth: undefined });
    expect((await client.catalogs.list()).value).toHaveLength(1);
    const { client: anonymous } = await setup({}, { auth: undefined });
    await expect(anonymous.catalogs.list()).rejects.toMatchObject({ status: 401, code: 'InvalidAuthenticationToken' });
  });
});

describe('headers, answers and middleware', () => {
  it('says, when the client is made, that middleware is a list', () => {
    const hooks = { onRequest: () => undefined } as never;
    expect(() => createAccessPackageClient({ auth: 'token', middleware: hooks })).toThrow(
      /middleware takes a list of hooks/,
    );
  });

  it('sends per-call headers, and uses a client-request-id given there instead of a fresh one', async () => {
    const seen: Headers[] = [];
    const { client } = await setup(
      {},
      {
        fetch: (input, init) => {
          seen.push(new Request(input, init).headers);
          return fetch(input, init);
        },
      },
    );
    const clientRequestId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    await client.accessPackages.list({
      headers: { ConsistencyLevel: 'eventual', 'Client-Request-Id': clientRequestId },
    });
    await client.catalogs.get(GENERAL_CATALOG_ID, { headers: { Prefer: 'return=minimal' } });
    expect(seen[0]?.get('consistencylevel')).toBe('eventual');
    expect(seen[0]?.get('client-request-id')).toBe(clientRequestId);
    expect(seen[1]?.get('prefer')).toBe('return=minimal');
    expect(seen[1]?.get('client-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives the status, headers and request-id of successful answers through `raw`', async () => {
    const { client } = await setup();
    const created = await client.raw.accessPackages.create({ catalogId: GENERAL_CATALOG_ID, displayName: 'Raw' });
    expect(created).toMatchObject({ status: 201, data: { displayName: 'Raw' } });
    expect(created.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers.get('request-id')).toBe(created.requestId);
    expect(created.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.requestId).not.toBe(created.clientRequestId);
    const updated = await client.raw.accessPackages.update(created.data.id, { description: 'changed' });
    expect(updated).toMatchObject({ status: 204, data: undefined });
    const page = await client.raw.accessPackages.list({ select: ['displayName'], top: 1 });
    expect(page.data.value.map((p) => p.displayName)).toEqual(['Raw']);
    await expect(client.raw.accessPackages.get('missing')).rejects.toBeInstanceOf(GraphError);
  });

  it('calls middleware around every attempt, retries and pages included', async () => {
    const log: string[] = [];
    let failures = 1;
    const { stub, client } = await setup(
      { pageSize: 1 },
      {
        retry: { baseDelayMs: 1 },
        // The first attempt gets no answer at all; a read is retried.
        fetch: (input, init) => (failures-- > 0 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)),
        middleware: [
          {
            onRequest: ({ request, attempt }) => {
              log.push(`request ${request.method} ${attempt}`);
              const traced = new Request(request);
              traced.headers.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
              return traced;
            },
            onResponse: ({ response, durationMs, clientRequestId }) => {
              expect(durationMs).toBeGreaterThanOrEqual(0);
              expect(clientRequestId).toBe(response.headers.get('client-request-id'));
              log.push(`response ${response.status}`);
            },
            onError: ({ error, attempt }) => {
              log.push(`error ${attempt} ${(error as Error).message}`);
            },
          },
        ],
      },
    );
    await stub.call('POST', '/identityGovernance/entitlementManagement/accessPackageCatalogs', {
      body: { displayName: 'Two' },
    });
    const names: string[] = [];
    for await (const catalog of client.catalogs.listAll()) names.push(catalog.displayName ?? '');
    expect(names).toHaveLength(2);
    expect(log).toEqual([
      'request GET 0',
      'error 0 fetch failed',
      'request GET 1',
      'response 200',
      'request GET 0',
      'response 200',
    ]);
  });
});

describe("Graph's documented beta additions", () => {
  it('manages a custom workflow extension, calls it from a policy, and answers the call a request made', async () => {
    const { client, stub } = await setup({ deliveryDelayMs: 60_000 });
    const extension = await client.catalogs.customWorkflowExtensions.create(GENERAL_CATALOG_ID, {
      displayName: 'Check the requestor',
      endpointConfiguration: {
        '@odata.type': '#microsoft.graph.logicAppTriggerEndpointConfiguration',
        subscriptionId: '38ab2ccc-3747-4567-b36b-9478f5602f0d',
        resourceGroupName: 'EMLogicApp',
        logicAppWorkflowName: 'check',
      },
      authenticationConfiguration: { '@odata.type': '#microsoft.graph.azureAdTokenAuthentication', resourceId: 'x' },
    });
    const renamed = await client.catalogs.customWorkflowExtensions.update(GENERAL_CATALOG_ID, extension.id, {
      displayName: 'Check the requestor again',
    });
    expect(renamed).toMatchObject({ id: extension.id, displayName: 'Check the requestor again' });
    const pkg = await client.accessPackages.create({ catalogId: GENERAL_CATALOG_ID, displayName: 'Called' });
    const policy = await client.assignmentPolicies.create({
      accessPackageId: pkg.id,
      displayName: 'Direct',
      description: 'Administrators assign it',
      customExtensionHandlers: [{ stage: 'assignmentRequestCreated', customExtension: { id: extension.id } }],
    });
    const user = await stub.call('POST', '/users', {
      token: stub.tokenFor({ scopes: ['User.ReadWrite.All'] }),
      body: {
        accountEnabled: true,
        displayName: 'Target',
        mailNickname: 'target',
        userPrincipalName: 'target@contoso.onmicrosoft.com',
        passwordProfile: { password: 'Contoso1234' },
      },
    });
    const request = await client.assignmentRequests.create({
      requestType: 'AdminAdd',
      accessPackageAssignment: { targetId: user.json.id, assignmentPolicyId: policy.id, accessPackageId: pkg.id },
    });
    const [call] = request.customExtensionHandlerInstances ?? [];
    expect(call).toMatchObject({ customExtensionId: extension.id, status: 'requestSent' });
    await client.assignmentRequests.resume(request.id, {
      source: 'Contoso.SodCheckProcess',
      data: { stage: 'assignmentRequestCreated', customExtensionStageInstanceId: String(call?.externalCorrelationId) },
    });
    const answered = await client.assignmentRequests.get(request.id);
    expect(answered.customExtensionHandlerInstances?.[0]?.status).toBe('requestReceived');
  });

  it('manages a connected organization and its sponsors', async () => {
    const { client, stub } = await setup();
    const organization = await client.connectedOrganizations.create({
      displayName: 'Fabrikam',
      identitySources: [{ '@odata.type': '#microsoft.graph.domainIdentitySource', domainName: 'fabrikam.com' }],
    });
    expect(organization).toMatchObject({ displayName: 'Fabrikam', state: 'proposed' });
    await client.connectedOrganizations.update(organization.id, { state: 'configured' });
    expect((await client.connectedOrganizations.get(organization.id)).state).toBe('configured');
    const user = await stub.call('POST', '/users', {
      token: stub.tokenFor({ scopes: ['User.ReadWrite.All'] }),
      body: {
        accountEnabled: true,
        displayName: 'Sponsor',
        mailNickname: 'sponsor',
        userPrincipalName: 'sponsor@contoso.onmicrosoft.com',
        passwordProfile: { password: 'Contoso1234' },
      },
    });
    await client.connectedOrganizations.internalSponsors.add(organization.id, user.json.id);
    const sponsors = await client.connectedOrganizations.internalSponsors.list(organization.id);
    expect(sponsors.value.map((sponsor) => sponsor.id)).toEqual([user.json.id]);
    await client.connectedOrganizations.internalSponsors.remove(organization.id, user.json.id);
    expect((await client.connectedOrganizations.externalSponsors.list(organization.id)).value).toEqual([]);
    await client.connectedOrganizations.delete(organization.id);
    expect((await client.connectedOrganizations.list()).value).toEqual([]);
  });
});
