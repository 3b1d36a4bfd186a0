import { GENERAL_CATALOG_ID } from '../store/store.js';
import { expectGraphError, GUID, PACKAGES, startTestStub, type TestStub } from '../testing/jest-helpers.js';

// Step 9 of Microsoft's tutorial and what Graph's policy pages document around it.
const POLICIES = '/identityGovernance/entitlementManagement/accessPackageAssignmentPolicies';
const REQUESTOR = '007d1c7e-7fa8-4e33-b678-5e437acdcddc';

let stub: TestStub;
const call: TestStub['call'] = (...args) => stub.call(...args);

beforeEach(async () => {
  stub = await startTestStub({}, { upn: 'admin@contoso.onmicrosoft.com' });
});
afterEach(async () => {
  await stub.close();
});

const newPackage = async (displayName = 'Marketing Campaign') =>
  (await call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName } })).json.id as string;

const tutorialPolicy = (accessPackageId: string) => ({
  accessPackageId,
  displayName: 'Specific users',
  description: 'Specific users can request assignment',
  accessReviewSettings: null,
  durationInDays: 30,
  requestorSettings: {
    scopeType: 'SpecificDirectorySubjects',
    acceptRequests: true,
    allowedRequestors: [
      { '@odata.type': '#microsoft.graph.singleUser', isBackup: false, id: REQUESTOR, description: 'Requestor1' },
    ],
  },
  requestApprovalSettings: {
    isApprovalRequired: false,
    isApprovalRequiredForExtension: false,
    isRequestorJustificationRequired: false,
    approvalMode: 'NoApproval',
    approvalStages: [],
  },
});

it('creates the tutorial’s policy: 201 with the whole policy, Graph’s defaults filled in', async () => {
  const accessPackageId = await newPackage();
  const created = await call('POST', POLICIES, { body: tutorialPolicy(accessPackageId) });
  expect(created.status).toBe(201);
  expect(created.json).toEqual({
    '@odata.context': `${stub.baseUrl}/$metadata#identityGovernance/entitlementManagement/accessPackageAssignmentPolicies/$entity`,
    id: expect.stringMatching(GUID),
    ...tutorialPolicy(accessPackageId),
    canExtend: false,
    expirationDateTime: null,
    questions: [],
    createdBy: 'admin@contoso.onmicrosoft.com',
    createdDateTime: expect.stringMatching(/\.\d{7}Z$/),
    modifiedBy: 'admin@contoso.onmicrosoft.com',
    modifiedDateTime: expect.stringMatching(/\.\d{7}Z$/),
  });
  const { '@odata.context': _, ...read } = (await call('GET', `${POLICIES}/${created.json.id}`)).json;
  const { '@odata.context': __, ...answered } = created.json;
  expect(read).toEqual(answered);
});

it('fills what a minimal body leaves out: direct assignment only, no approval, and ids for questions', async () => {
  const accessPackageId = await newPackage();
  const created = await call('POST', POLICIES, {
    body: {
      accessPackageId,
      displayName: 'Direct',
      description: 'Admins assign',
      requestApprovalSettings: null,
      questions: [
        {
          '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion',
          isRequired: true,
          sequence: 1,
          text: { defaultText: 'Why?', localizedTexts: [] },
        },
      ],
    },
  });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({
    canExtend: false,
    durationInDays: 0,
    expirationDateTime: null,
    accessReviewSettings: null,
    requestorSettings: { scopeType: 'NoSubjects', acceptRequests: true, allowedRequestors: [] },
    requestApprovalSettings: {
      isApprovalRequired: false,
      isApprovalRequiredForExtension: false,
      isRequestorJustificationRequired: false,
      approvalMode: 'NoApproval',
      approvalStages: [],
    },
    questions: [expect.objectContaining({ id: expect.stringMatching(GUID), sequence: 1 })],
  });
});

it('replaces a policy with PUT (200 with the body): what it leaves out returns to its default', async () => {
  const accessPackageId = await newPackage();
  const created = (
    await call('POST', POLICIES, {
      body: {
        ...tutorialPolicy(accessPackageId),
        canExtend: true,
        questions: [
          {
            '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion',
            sequence: 1,
            text: { defaultText: 'Why?' },
          },
          {
            '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion',
            sequence: 2,
            text: { defaultText: 'When?' },
          },
        ],
      },
    })
  ).json;
  const kept = created.questions[0];
  const replaced = await call('PUT', `${POLICIES}/${created.id}`, {
    body: {
      id: 'ignored',
      accessPackageId,
      displayName: 'Specific users (60 days)',
      description: 'Longer',
      durationInDays: 60,
      questions: [kept],
    },
  });
  expect(replaced.status).toBe(200);
  expect(replaced.json).toMatchObject({
    id: created.id,
    displayName: 'Specific users (60 days)',
    durationInDays: 60,
    canExtend: false,
    requestorSettings: { scopeType: 'NoSubjects' },
    questions: [kept],
    createdDateTime: created.createdDateTime,
  });
  expect((await call('GET', `${POLICIES}/${created.id}`)).json.questions).toEqual([kept]);
  expectGraphError(
    await call('PATCH', `${POLICIES}/${created.id}`, { body: { displayName: 'x' } }),
    405,
    'MethodNotAllowed',
  );
  expectGraphError(
    await call('PUT', `${POLICIES}/${created.id}`, { body: { ...tutorialPolicy(crypto.randomUUID()) } }),
    404,
    'ResourceNotFound',
  );
  expectGraphError(
    await call('PUT', `${POLICIES}/${crypto.randomUUID()}`, { body: tutorialPolicy(accessPackageId) }),
    404,
    'ResourceNotFound',
  );
});

it('lists policies with $filter=displayName eq, by package, and $expand=accessPackage; a package expands its policies', async () => {
  const first = await newPackage('First');
  const second = await newPackage('Second');
  const a = (await call('POST', POLICIES, { body: tutorialPolicy(first) })).json.id;
  await call('POST', POLICIES, { body: { ...tutorialPolicy(second), displayName: 'Other' } });
  const filtered = await call(
    'GET',
    `${POLICIES}?$filter=displayName eq 'Specific users'&$expand=accessPackage&$select=displayName`,
  );
  expect(filtered.json.value).toEqual([
    {
      id: a,
      displayName: 'Specific users',
      accessPackage: expect.objectContaining({ id: first, displayName: 'First' }),
    },
  ]);
  const byPackage = await call('GET', `${POLICIES}?$filter=accessPackageId eq '${second}'&$count=true`);
  expect(byPackage.json['@odata.count']).toBe(1);
  const pkg = await call('GET', `${PACKAGES}/${first}?$expand=accessPackageAssignmentPolicies($select=displayName)`);
  expect(pkg.json.accessPackageAssignmentPolicies).toEqual([{ id: a, displayName: 'Specific users' }]);
  expectGraphError(await call('GET', `${POLICIES}?$filter=durationInDays eq 30`), 400, 'InvalidFilter');
});

it('answers Graph’s 404 on the package’s own policies path, for reads and creates alike', async () => {
  const accessPackageId = await newPackage();
  const path = `${PACKAGES}/${accessPackageId}/accessPackageAssignmentPolicies`;
  for (const res of [await call('GET', path), await call('POST', path, { body: tutorialPolicy(accessPackageId) })]) {
    expectGraphError(res, 404, '');
    expect(res.json.error.message).toBe(
      `No HTTP resource was found that matches the request URI 'https://elm.iga.azure.com/api/v1/accessPackages('${accessPackageId}')/accessPackageAssignmentPolicies'.`,
    );
  }
});

it('refuses a policy for a package that does not exist, and bodies Graph would not take', async () => {
  expectGraphError(
    await call('POST', POLICIES, { body: tutorialPolicy(crypto.randomUUID()) }),
    404,
    'ResourceNotFound',
  );
  const accessPackageId = await newPackage();
  const { description: _, ...withoutDescription } = tutorialPolicy(accessPackageId);
  expectGraphError(await call('POST', POLICIES, { body: withoutDescription }), 400, 'InvalidModel');
  expectGraphError(
    await call('POST', POLICIES, {
      // v1.0's who-may-request, which beta's policy does not take.
      body: { ...tutorialPolicy(accessPackageId), allowedTargetScope: 'allMemberUsers' },
    }),
    400,
    'InvalidModel',
  );
  const badRequestor = tutorialPolicy(accessPackageId);
  badRequestor.requestorSettings.allowedRequestors = [
    { '@odata.type': '#microsoft.graph.user', isBackup: false, id: REQUESTOR, description: 'x' },
  ];
  expectGraphError(await call('POST', POLICIES, { body: badRequestor }), 400, 'InvalidModel');
});

it('keeps a package with policies from being deleted (409), as the tutorial deletes the policy first', async () => {
  const accessPackageId = await newPackage();
  const policy = (await call('POST', POLICIES, { body: tutorialPolicy(accessPackageId) })).json.id;
  const refused = await call('DELETE', `${PACKAGES}/${accessPackageId}`);
  expectGraphError(refused, 409, 'AccessPackageHasAssignmentPolicies');
  expect((await call('DELETE', `${POLICIES}/${policy}`)).status).toBe(204);
  expectGraphError(await call('GET', `${POLICIES}/${policy}`), 404, 'ResourceNotFound');
  expect((await call('DELETE', `${PACKAGES}/${accessPackageId}`)).status).toBe(204);
});

it("takes the docs' example 4 body (expiration, isOnBehalfAllowed), answering as the docs' response does", async () => {
  const accessPackageId = await newPackage();
  const created = await call('POST', POLICIES, {
    body: {
      displayName: 'extension-policy',
      description: 'test',
      accessPackageId,
      expiration: { type: 'afterDuration', duration: 'P365D' },
      canExtend: false,
      requestApprovalSettings: null,
      requestorSettings: {
        acceptRequests: true,
        scopeType: 'AllExistingDirectorySubjects',
        allowedRequestors: [],
        isOnBehalfAllowed: false,
      },
      accessReviewSettings: null,
      questions: [],
    },
  });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({
    durationInDays: 0,
    expirationDateTime: null,
    requestorSettings: { scopeType: 'AllExistingDirectorySubjects', acceptRequests: true, allowedRequestors: [] },
  });
  expect(created.json.expiration).toBeUndefined();
  expect(created.json.requestorSettings.isOnBehalfAllowed).toBeUndefined();
  // An expiration that is no expirationPattern is refused, as any property that breaks its schema.
  expectGraphError(
    await call('POST', POLICIES, { body: { ...tutorialPolicy(accessPackageId), expiration: { type: 'sometime' } } }),
    400,
    'InvalidModel',
  );
});

it('keeps and shows verifiableCredentialSettings as sent, on create and on replace', async () => {
  const accessPackageId = await newPackage();
  const verifiableCredentialSettings = {
    credentialTypes: [{ credentialType: 'VerifiedEmployee', issuers: ['did:web:contoso.com'] }],
  };
  const created = await call('POST', POLICIES, {
    body: { ...tutorialPolicy(accessPackageId), verifiableCredentialSettings },
  });
  expect(created.json.verifiableCredentialSettings).toEqual(verifiableCredentialSettings);
  expect((await call('GET', `${POLICIES}/${created.json.id}`)).json.verifiableCredentialSettings).toEqual(
    verifiableCredentialSettings,
  );
  // Removed by sending it empty, as the docs' replace example does.
  const replaced = await call('PUT', `${POLICIES}/${created.json.id}`, {
    body: { ...tutorialPolicy(accessPackageId), verifiableCredentialSettings: null },
  });
  expect(replaced.json.verifiableCredentialSettings).toBeNull();
});
