import { GENERAL_CATALOG_ID } from '../store/store.js';
import {
  approvalPolicy,
  CATALOGS,
  expectGraphError,
  GUID,
  startTestStub,
  type TestStub,
  TUTORIAL,
  tutorialData,
  tutorialPolicyBody,
} from '../testing/jest-helpers.js';

// Custom workflow extensions (issue 23, item 4): a catalog's Logic Apps, the policies' handlers that name them, the
// calls a request records at its stages, and the `resume` callback, as Graph's beta pages document them.
const EM = '/identityGovernance/entitlementManagement';
const POLICIES = `${EM}/accessPackageAssignmentPolicies`;
const REQUESTS = `${EM}/assignmentRequests`;
const OLD_REQUESTS = `${EM}/accessPackageAssignmentRequests`;
const EXTENSIONS = `${CATALOGS}/${GENERAL_CATALOG_ID}/customAccessPackageWorkflowExtensions`;
const SCOPES = ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All'];

let stub: TestStub;
const call: TestStub['call'] = (...args) => stub.call(...args);

beforeEach(async () => {
  stub = await startTestStub({ deliveryDelayMs: 60_000, data: tutorialData() }, { scopes: SCOPES });
});
afterEach(async () => {
  await stub.close();
});

// The docs' create example.
const logicApp = {
  displayName: 'test_action_0124',
  description: 'this is for graph testing only',
  endpointConfiguration: {
    '@odata.type': '#microsoft.graph.logicAppTriggerEndpointConfiguration',
    subscriptionId: '38ab2ccc-3747-4567-b36b-9478f5602f0d',
    resourceGroupName: 'EMLogicApp',
    logicAppWorkflowName: 'customextension_test',
  },
  authenticationConfiguration: {
    '@odata.type': '#microsoft.graph.azureAdTokenAuthentication',
    resourceId: 'f604bd15-f785-4309-ad7c-6fad18ddb6cb',
  },
};

async function newExtension(displayName = logicApp.displayName): Promise<string> {
  const created = await call('POST', EXTENSIONS, { body: { ...logicApp, displayName } });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

/** The tutorial's policy (Requestor1 may ask; no approval), replaced with handlers at `stages`. */
async function policyCalling(extension: string, stages: string[], extra: object = {}) {
  const replaced = await call('PUT', `${POLICIES}/${TUTORIAL.policyId}`, {
    body: {
      ...tutorialPolicyBody(),
      customExtensionHandlers: stages.map((stage) => ({ stage, customExtension: { id: extension } })),
      ...extra,
    },
  });
  expect(replaced.status).toBe(200);
  return replaced;
}

/** A user to request for themselves, approved by Requestor1; its id. */
async function newTarget(): Promise<string> {
  const created = await call('POST', '/users', {
    body: {
      accountEnabled: true,
      displayName: 'Target',
      mailNickname: 'target',
      userPrincipalName: 'target@contoso.onmicrosoft.com',
      passwordProfile: { password: 'Contoso1234' },
    },
  });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

const adminAdd = () =>
  call('POST', REQUESTS, {
    body: {
      requestType: 'AdminAdd',
      assignment: {
        targetId: TUTORIAL.userId,
        assignmentPolicyId: TUTORIAL.policyId,
        accessPackageId: TUTORIAL.packageId,
      },
    },
  });

const resume = (requestId: string, data: object, path = REQUESTS) =>
  call('POST', `${path}/${requestId}/resume`, {
    body: {
      source: 'Contoso.SodCheckProcess',
      type: 'microsoft.graph.accessPackageCustomExtensionStage.assignmentRequestCreated',
      data: { '@odata.type': 'microsoft.graph.accessPackageAssignmentRequestCallbackData', ...data },
    },
  });

describe("a catalog's custom workflow extensions", () => {
  it("creates one as the docs' example does (201), lists, reads, updates with PUT (200, the rest kept) and deletes it", async () => {
    const created = await call('POST', EXTENSIONS, { body: logicApp });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      '@odata.context': expect.stringContaining(
        `accessPackageCatalogs('${GENERAL_CATALOG_ID}')/customAccessPackageWorkflowExtensions/$entity`,
      ),
      id: expect.stringMatching(GUID),
      ...logicApp,
      createdDateTime: expect.any(String),
      lastModifiedDateTime: expect.any(String),
      clientConfiguration: null,
    });
    const id: string = created.json.id;
    expect((await call('GET', `${EXTENSIONS}?$select=displayName`)).json.value).toEqual([
      { id, displayName: logicApp.displayName },
    ]);
    const updated = await call('PUT', `${EXTENSIONS}/${id}`, {
      body: {
        '@odata.type': '#microsoft.graph.customAccessPackageWorkflowExtension',
        displayName: 'test_action_0124_email',
        description: 'this is for graph testing only',
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({
      displayName: 'test_action_0124_email',
      endpointConfiguration: logicApp.endpointConfiguration,
      authenticationConfiguration: logicApp.authenticationConfiguration,
    });
    expect((await call('GET', `${EXTENSIONS}/${id}`)).json.displayName).toBe('test_action_0124_email');
    expect((await call('DELETE', `${EXTENSIONS}/${id}`)).status).toBe(204);
    expectGraphError(await call('GET', `${EXTENSIONS}/${id}`), 404, 'ResourceNotFound');
  });

  it("answers 404 for one of another catalog, or under a catalog that does not exist, and refuses a body Graph's type has not", async () => {
    const id = await newExtension();
    const other = (await call('POST', CATALOGS, { body: { displayName: 'Other' } })).json.id as string;
    const elsewhere = `${CATALOGS}/${other}/customAccessPackageWorkflowExtensions`;
    expectGraphError(await call('GET', `${elsewhere}/${id}`), 404, 'ResourceNotFound');
    expectGraphError(await call('PUT', `${elsewhere}/${id}`, { body: { displayName: 'x' } }), 404, 'ResourceNotFound');
    expectGraphError(await call('DELETE', `${elsewhere}/${id}`), 404, 'ResourceNotFound');
    expect((await call('GET', elsewhere)).json.value).toEqual([]);
    const missing = `${CATALOGS}/${crypto.randomUUID()}/customAccessPackageWorkflowExtensions`;
    expectGraphError(await call('GET', missing), 404, 'ResourceNotFound');
    expectGraphError(await call('POST', missing, { body: logicApp }), 404, 'ResourceNotFound');
    expectGraphError(
      await call('POST', EXTENSIONS, { body: { ...logicApp, callbackConfiguration: {} } }),
      400,
      'InvalidModel',
    );
    expectGraphError(
      await call('POST', EXTENSIONS, {
        body: { ...logicApp, endpointConfiguration: { '@odata.type': '#microsoft.graph.httpRequestEndpoint' } },
      }),
      400,
      'InvalidModel',
    );
  });

  it('goes with its catalog', async () => {
    const catalog = (await call('POST', CATALOGS, { body: { displayName: 'Short-lived' } })).json.id as string;
    const extensions = `${CATALOGS}/${catalog}/customAccessPackageWorkflowExtensions`;
    expect((await call('POST', extensions, { body: logicApp })).status).toBe(201);
    expect((await call('DELETE', `${CATALOGS}/${catalog}`)).status).toBe(204);
    const again = (await call('POST', CATALOGS, { body: { displayName: 'Short-lived' } })).json.id as string;
    expect((await call('GET', `${CATALOGS}/${again}/customAccessPackageWorkflowExtensions`)).json.value).toEqual([]);
  });
});

describe("a policy's handlers", () => {
  it('are kept but shown only through $expand, with their extension through a nested $expand', async () => {
    const extension = await newExtension();
    const replaced = await policyCalling(extension, ['assignmentRequestCreated', 'assignmentRequestGranted']);
    expect(replaced.json.customExtensionHandlers).toBeUndefined();
    expect((await call('GET', `${POLICIES}/${TUTORIAL.policyId}`)).json.customExtensionHandlers).toBeUndefined();
    const expanded = await call(
      'GET',
      `${POLICIES}/${TUTORIAL.policyId}?$expand=customExtensionHandlers($expand=customExtension)`,
    );
    expect(expanded.status).toBe(200);
    expect(expanded.json.customExtensionHandlers).toEqual([
      {
        id: expect.stringMatching(GUID),
        stage: 'assignmentRequestCreated',
        customExtension: expect.objectContaining({ id: extension, displayName: logicApp.displayName }),
      },
      { id: expect.stringMatching(GUID), stage: 'assignmentRequestGranted', customExtension: expect.any(Object) },
    ]);
    const handlers = await call('GET', `${POLICIES}/${TUTORIAL.policyId}?$expand=customExtensionHandlers`);
    expect(handlers.json.customExtensionHandlers[0].customExtension).toBeUndefined();
    expect(
      (await call('GET', `${POLICIES}/${TUTORIAL.policyId}?$expand=customExtensionStageSettings`)).json
        .customExtensionStageSettings,
    ).toEqual([]);
  });

  it('keep their ids on a replace, and are cleared by []', async () => {
    const extension = await newExtension();
    await policyCalling(extension, ['assignmentRequestCreated']);
    const read = async () =>
      (await call('GET', `${POLICIES}/${TUTORIAL.policyId}?$expand=customExtensionHandlers`)).json
        .customExtensionHandlers;
    const [first] = await read();
    await policyCalling(extension, [], {
      customExtensionHandlers: [
        { id: first.id, stage: 'assignmentRequestRemoved', customExtension: { id: extension } },
      ],
    });
    expect(await read()).toEqual([{ id: first.id, stage: 'assignmentRequestRemoved' }]);
    await policyCalling(extension, []);
    expect(await read()).toEqual([]);
  });

  it("refuse an extension that is not one of the package's catalog (400), and keep an extension in use (409)", async () => {
    const other = (await call('POST', CATALOGS, { body: { displayName: 'Other' } })).json.id as string;
    const foreign = (
      await call('POST', `${CATALOGS}/${other}/customAccessPackageWorkflowExtensions`, { body: logicApp })
    ).json.id as string;
    for (const id of [foreign, crypto.randomUUID()]) {
      const refused = await call('PUT', `${POLICIES}/${TUTORIAL.policyId}`, {
        body: {
          accessPackageId: TUTORIAL.packageId,
          displayName: 'Specific users',
          description: 'x',
          customExtensionStageSettings: [{ stage: 'assignmentRequestCreated', customExtension: { id } }],
        },
      });
      expectGraphError(refused, 400, 'InvalidModel');
      expect(refused.json.error.details[0].target).toBe('customExtensionStageSettings[0].customExtension.id');
    }
    const extension = await newExtension();
    await policyCalling(extension, ['assignmentRequestCreated']);
    expectGraphError(await call('DELETE', `${EXTENSIONS}/${extension}`), 409, 'CustomExtensionInUse');
    await policyCalling(extension, []);
    expect((await call('DELETE', `${EXTENSIONS}/${extension}`)).status).toBe(204);
  });
});

describe("a request's calls and their callbacks", () => {
  it('calls at each stage only the extensions named at that stage', async () => {
    const atCreation = await newExtension('at creation');
    const atGrant = await newExtension('at grant');
    const replaced = await call('PUT', `${POLICIES}/${TUTORIAL.policyId}`, {
      body: {
        ...tutorialPolicyBody(),
        customExtensionHandlers: [
          { stage: 'assignmentRequestCreated', customExtension: { id: atCreation } },
          { stage: 'assignmentRequestGranted', customExtension: { id: atGrant } },
        ],
      },
    });
    expect(replaced.status).toBe(200);
    const created = await adminAdd();
    expect(created.status).toBe(201);
    const calls = (instances: Array<{ customExtensionId: string; stage: string }>) =>
      instances.map((instance) => [instance.customExtensionId, instance.stage]);
    expect(calls(created.json.customExtensionHandlerInstances)).toEqual([[atCreation, 'assignmentRequestCreated']]);
    await stub.clock.advance('PT2M');
    const delivered = (await call('GET', `${REQUESTS}/${created.json.id}`)).json;
    expect(delivered.requestState).toBe('Delivered');
    expect(calls(delivered.customExtensionHandlerInstances)).toEqual([
      [atCreation, 'assignmentRequestCreated'],
      [atGrant, 'assignmentRequestGranted'],
    ]);
  });

  it('records a call at each stage its policy names, requestSent until resume answers it (204)', async () => {
    const extension = await newExtension();
    await policyCalling(extension, [
      'assignmentRequestCreated',
      'assignmentRequestGranted',
      'assignmentRequestRemoved',
    ]);
    const created = await adminAdd();
    expect(created.status).toBe(201);
    const [atCreation] = created.json.customExtensionHandlerInstances;
    expect(created.json.customExtensionHandlerInstances).toEqual([
      {
        customExtensionId: extension,
        externalCorrelationId: expect.stringMatching(GUID),
        stage: 'assignmentRequestCreated',
        status: 'requestSent',
      },
    ]);
    const id: string = created.json.id;
    // The docs' second example spells the stage in PascalCase.
    expect(
      (
        await resume(id, {
          stage: 'AssignmentRequestCreated',
          customExtensionStageInstanceId: atCreation.externalCorrelationId,
          customExtensionStageInstanceDetail: 'This user is all verified',
        })
      ).status,
    ).toBe(204);
    expectGraphError(
      await resume(id, {
        stage: 'assignmentRequestCreated',
        customExtensionStageInstanceId: atCreation.externalCorrelationId,
      }),
      400,
      'BadRequest',
    );
    await stub.clock.advance('PT1M');
    const delivered = (await call('GET', `${REQUESTS}/${id}`)).json;
    expect(delivered.requestState).toBe('Delivered');
    expect(delivered.customExtensionHandlerInstances.map((c: { stage: string; status: string }) => c)).toEqual([
      expect.objectContaining({ stage: 'assignmentRequestCreated', status: 'requestReceived' }),
      expect.objectContaining({ stage: 'assignmentRequestGranted', status: 'requestSent' }),
    ]);
    // Too late to deny: the assignment is delivered.
    const granted = delivered.customExtensionHandlerInstances[1];
    expectGraphError(
      await resume(
        id,
        {
          stage: 'assignmentRequestGranted',
          customExtensionStageInstanceId: granted.externalCorrelationId,
          state: 'denied',
        },
        OLD_REQUESTS,
      ),
      400,
      'BadRequest',
    );
    const removal = await call('POST', REQUESTS, {
      body: { requestType: 'AdminRemove', assignment: { id } },
    });
    await stub.clock.advance('PT1M');
    const removed = (await call('GET', `${REQUESTS}/${removal.json.id}`)).json;
    expect(removed.customExtensionHandlerInstances.map((c: { stage: string }) => c.stage)).toEqual([
      'assignmentRequestCreated',
      'assignmentRequestRemoved',
    ]);
  });

  it('answers 400 for a call the request did not make, and [] where its policy names none', async () => {
    const created = await adminAdd();
    expect(created.json.customExtensionHandlerInstances).toEqual([]);
    expectGraphError(
      await resume(created.json.id, { stage: 'assignmentRequestCreated', customExtensionStageInstanceId: 'nope' }),
      400,
      'BadRequest',
    );
    expectGraphError(
      await resume(crypto.randomUUID(), { stage: 'assignmentRequestCreated', customExtensionStageInstanceId: 'x' }),
      404,
      'ResourceNotFound',
    );
  });

  it("records the approved stage's call once the last stage approves, not at each stage", async () => {
    const extension = await newExtension();
    const approver = TUTORIAL.userId;
    const target = await newTarget();
    const stage = {
      approvalStageTimeOutInDays: 14,
      primaryApprovers: [{ '@odata.type': '#microsoft.graph.singleUser', id: approver }],
    };
    const base = approvalPolicy(TUTORIAL.packageId, []);
    const policy = await call('POST', POLICIES, {
      body: {
        ...base,
        requestApprovalSettings: {
          ...base.requestApprovalSettings,
          approvalMode: 'Serial',
          approvalStages: [stage, stage],
        },
        customExtensionHandlers: [{ stage: 'assignmentRequestApproved', customExtension: { id: extension } }],
      },
    });
    expect(policy.status).toBe(201);
    const created = await call('POST', REQUESTS, {
      token: stub.tokenFor({ directoryRoles: [], claims: { oid: target } }),
      body: {
        requestType: 'UserAdd',
        assignment: { assignmentPolicyId: policy.json.id, accessPackageId: TUTORIAL.packageId },
      },
    });
    expect(created.status).toBe(201);
    const id: string = created.json.id;
    await stub.clock.advance('PT1M');
    const approvals = `${EM}/accessPackageAssignmentApprovals`;
    const asApprover = stub.tokenFor({ directoryRoles: [], claims: { oid: approver } });
    const approveCurrent = async () => {
      const steps = (await call('GET', `${approvals}/${id}`, { token: asApprover })).json.steps;
      const decided = await call('PATCH', `${approvals}/${id}/steps/${steps[steps.length - 1].id}`, {
        token: asApprover,
        body: { reviewResult: 'Approve', justification: 'ok' },
      });
      expect(decided.status).toBe(204);
    };
    await approveCurrent();
    const afterFirst = (await call('GET', `${REQUESTS}/${id}`)).json;
    expect(afterFirst.requestState).toBe('PendingApproval');
    expect(afterFirst.customExtensionHandlerInstances).toEqual([]);
    await approveCurrent();
    const afterSecond = (await call('GET', `${REQUESTS}/${id}`)).json;
    expect(afterSecond.requestState).toBe('Delivering');
    expect(afterSecond.customExtensionHandlerInstances).toEqual([
      expect.objectContaining({ stage: 'assignmentRequestApproved', status: 'requestSent' }),
    ]);
  });

  it('lets the callback of the approved stage deny a request not yet delivered; not the one at its creation', async () => {
    const extension = await newExtension();
    const approver = TUTORIAL.userId;
    const other = await newTarget();
    const policy = await call('POST', POLICIES, {
      body: {
        ...approvalPolicy(TUTORIAL.packageId, [{ '@odata.type': '#microsoft.graph.singleUser', id: approver }]),
        customExtensionHandlers: [
          { stage: 'assignmentRequestCreated', customExtension: { id: extension } },
          { stage: 'assignmentRequestApproved', customExtension: { id: extension } },
        ],
      },
    });
    expect(policy.status).toBe(201);
    const created = await call('POST', REQUESTS, {
      token: stub.tokenFor({ directoryRoles: [], claims: { oid: other } }),
      body: {
        requestType: 'UserAdd',
        assignment: { assignmentPolicyId: policy.json.id, accessPackageId: TUTORIAL.packageId },
      },
    });
    expect(created.status).toBe(201);
    const id: string = created.json.id;
    const [atCreation] = created.json.customExtensionHandlerInstances;
    expectGraphError(
      await resume(id, {
        stage: 'assignmentRequestCreated',
        customExtensionStageInstanceId: atCreation.externalCorrelationId,
        state: 'denied',
      }),
      400,
      'BadRequest',
    );
    await stub.clock.advance('PT1M');
    const approvals = `${EM}/accessPackageAssignmentApprovals`;
    const asApprover = stub.tokenFor({ directoryRoles: [], claims: { oid: approver } });
    const [step] = (await call('GET', `${approvals}/${id}`, { token: asApprover })).json.steps;
    const decided = await call('PATCH', `${approvals}/${id}/steps/${step.id}`, {
      token: asApprover,
      body: { reviewResult: 'Approve', justification: 'ok' },
    });
    expect(decided.status).toBe(204);
    const approved = (await call('GET', `${REQUESTS}/${id}`)).json;
    expect(approved.requestState).toBe('Delivering');
    const atApproval = approved.customExtensionHandlerInstances[1];
    expect(atApproval).toMatchObject({ stage: 'assignmentRequestApproved', status: 'requestSent' });
    const denied = await resume(id, {
      stage: 'assignmentRequestApproved',
      customExtensionStageInstanceId: atApproval.externalCorrelationId,
      state: 'denied',
      customExtensionStageInstanceDetail: 'Potential risk user based on the SOD check',
    });
    expect(denied.status).toBe(204);
    await stub.clock.advance('PT1M');
    expect((await call('GET', `${REQUESTS}/${id}`)).json).toMatchObject({
      requestState: 'Denied',
      requestStatus: 'Denied',
    });
    expect(
      (await call('GET', `${EM}/accessPackageAssignments?$filter=target/objectId eq '${other}'`)).json.value,
    ).toEqual([]);
  });
});
