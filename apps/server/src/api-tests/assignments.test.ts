import { GENERAL_CATALOG_ID } from '../store/store.js';
import {
  expectGraphError,
  PACKAGES,
  startTestStub,
  type TestStub,
  TUTORIAL,
  TUTORIAL_REQUESTOR,
  tutorialAddByEmail,
  tutorialData,
  tutorialPolicyBody,
} from '../testing/jest-helpers.js';

// Assignment requests and assignments: Microsoft's tutorial steps 10-14, the state machine, who may ask, and
// the stub's clock (https://learn.microsoft.com/graph/tutorial-access-package-api).
const EM = '/identityGovernance/entitlementManagement';
const OLD_REQUESTS = `${EM}/accessPackageAssignmentRequests`;
const REQUESTS = `${EM}/assignmentRequests`;
const ASSIGNMENTS = `${EM}/accessPackageAssignments`;
const SCOPES = ['EntitlementManagement.ReadWrite.All', 'Group.ReadWrite.All', 'User.ReadWrite.All'];

// Each case walks the tutorial's nine steps before its own: many requests, which take their time on PostgreSQL
// beside the rest of CI.
jest.setTimeout(120_000);

let stub: TestStub;
const call: TestStub['call'] = (...args) => stub.call(...args);
const stubs: TestStub[] = [];

async function start(deliveryDelayMs = 50): Promise<TestStub> {
  stub = await startTestStub({ deliveryDelayMs, data: tutorialData() }, { scopes: SCOPES });
  stubs.push(stub);
  return stub;
}
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

/** A user of the directory, named `name` (its UPN `name@contoso.onmicrosoft.com`); its id. */
async function newUser(name: string): Promise<string> {
  const created = await call('POST', '/users', {
    body: {
      accountEnabled: true,
      displayName: name,
      mailNickname: name,
      userPrincipalName: `${name}@contoso.onmicrosoft.com`,
      passwordProfile: { password: 'Contoso1234' },
    },
  });
  expect(created.status).toBe(201);
  return created.json.id as string;
}

/** A new package granting the role (`Member` or `Owner`) of a group already in the General catalog (steps 5, 7, 8). */
async function packageGranting(group: string, role: 'Member' | 'Owner', displayName: string): Promise<string> {
  const resource = (
    await call(
      'GET',
      `${EM}/accessPackageCatalogs/${GENERAL_CATALOG_ID}/accessPackageResources?$filter=originId eq '${group}'`,
    )
  ).json.value[0].id as string;
  const pkg = (await call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName } })).json
    .id as string;
  const roleScope = await call('POST', `${PACKAGES}/${pkg}/accessPackageResourceRoleScopes`, {
    body: {
      accessPackageResourceRole: {
        originId: `${role}_${group}`,
        originSystem: 'AadGroup',
        accessPackageResource: { id: resource },
      },
      accessPackageResourceScope: { originId: group, originSystem: 'AadGroup' },
    },
  });
  expect(roleScope.status).toBe(201);
  return pkg;
}

/**
 * Tutorial steps 1-9, seeded (TUTORIAL): Requestor1, the group in the General catalog, the package granting its Member
 * role, and the "Specific users" policy, which a test that needs other settings replaces (PUT) with its own.
 */
async function tutorial(policy: Record<string, unknown> = {}) {
  const seeded = {
    user: TUTORIAL.userId,
    group: TUTORIAL.groupId,
    pkg: TUTORIAL.packageId,
    requestor: stub.tokenFor(TUTORIAL_REQUESTOR),
  };
  if (Object.keys(policy).length === 0) return { ...seeded, policy: TUTORIAL.policyId };
  const replaced = await call('PUT', `${EM}/accessPackageAssignmentPolicies/${TUTORIAL.policyId}`, {
    body: { ...tutorialPolicyBody(), ...policy },
  });
  expect(replaced.status).toBe(200);
  return { ...seeded, policy: TUTORIAL.policyId };
}

/** Polls a request until it leaves `Submitted`, as clients of Graph do. */
/** A package in the General catalog with a policy for direct (admin) assignments. */
async function packageWithDirectPolicy(displayName: string): Promise<{ pkg: string; policy: string }> {
  const pkg = (await call('POST', PACKAGES, { body: { catalogId: GENERAL_CATALOG_ID, displayName } })).json
    .id as string;
  const policy = (
    await call('POST', `${EM}/accessPackageAssignmentPolicies`, {
      body: { accessPackageId: pkg, displayName: 'Direct', description: 'Direct assignments' },
    })
  ).json.id as string;
  return { pkg, policy };
}

async function settled(path: string, token?: string) {
  for (let i = 0; i < 100; i++) {
    const res = await call('GET', path, token ? { token } : {});
    if (res.json.requestState !== 'Submitted') return res;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} stayed Submitted`);
}

const members = async (group: string) =>
  (await call('GET', `${stub.origin}/v1.0/groups/${group}/members`)).json.value.map((m: { id: string }) => m.id);

const moveClock = (change: object) =>
  fetch(`${stub.origin}/_stub/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });

describe('a user requests an access package (tutorial steps 10-13)', () => {
  it('answers 201 Submitted without timestamps, then delivers it: an assignment, and the group membership', async () => {
    await start();
    const { user, group, pkg, policy, requestor } = await tutorial();
    const created = await call('POST', OLD_REQUESTS, {
      token: requestor,
      body: {
        requestType: 'UserAdd',
        accessPackageAssignment: { targetId: user, assignmentPolicyId: policy, accessPackageId: pkg },
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      requestType: 'UserAdd',
      requestState: 'Submitted',
      requestStatus: 'Accepted',
      createdDateTime: null,
      completedDate: null,
      isValidationOnly: false,
    });
    const done = await settled(`${OLD_REQUESTS}/${created.json.id}`, requestor);
    expect(done.json.requestState).toBe('Delivered');
    // Fulfilled, and once its notification went out (a delivery delay later), as the tutorial's later read shows it.
    expect(['Fulfilled', 'FulfilledNotificationTriggered']).toContain(done.json.requestStatus);
    expect(done.json.createdDateTime).toEqual(expect.any(String));
    expect(done.json.completedDate).toEqual(expect.any(String));
    await moveClock({ advance: 'PT1S' });
    expect((await call('GET', `${OLD_REQUESTS}/${created.json.id}`, { token: requestor })).json).toMatchObject({
      requestState: 'Delivered',
      requestStatus: 'FulfilledNotificationTriggered',
      completedDate: done.json.completedDate,
    });

    // Step 12, with the tutorial's capital `Id`.
    const listed = await call(
      'GET',
      `${ASSIGNMENTS}?$filter=accessPackageAssignmentPolicy/Id eq '${policy}'&$expand=target`,
    );
    expect(listed.json.value).toHaveLength(1);
    const [assignment] = listed.json.value;
    expect(assignment).toMatchObject({
      id: created.json.id,
      accessPackageId: pkg,
      assignmentPolicyId: policy,
      assignmentState: 'Delivered',
      assignmentStatus: 'Delivered',
      isExtended: false,
      expiredDateTime: null,
      // The policy's 30 days, shown as Graph shows a delivered assignment's end.
      schedule: { expiration: { type: 'afterDateTime', endDateTime: expect.any(String), duration: null } },
    });
    expect(Date.parse(assignment.schedule.expiration.endDateTime) - Date.parse(assignment.schedule.startDateTime)).toBe(
      30 * 86_400_000,
    );
    expect(assignment.targetId).not.toBe(user);
    expect(assignment.target).toMatchObject({ id: assignment.targetId, objectId: user, displayName: 'Requestor1' });
    // Step 13.
    expect(await members(group)).toEqual([user]);
    // The request's own view of it.
    const expanded = await call(
      'GET',
      `${REQUESTS}/${created.json.id}?$expand=accessPackageAssignment($expand=target),requestor`,
    );
    expect(expanded.json.accessPackageAssignment.target.objectId).toBe(user);
    expect(expanded.json.requestor.objectId).toBe(user);
  });

  it('expires a 30-day assignment once the clock moves 31 days, taking the membership back', async () => {
    await start();
    const { user, group, pkg, policy, requestor } = await tutorial();
    const created = await call('POST', REQUESTS, {
      token: requestor,
      body: { requestType: 'userAdd', assignment: { assignmentPolicyId: policy, accessPackageId: pkg } },
    });
    expect(created.status).toBe(201);
    await settled(`${REQUESTS}/${created.json.id}`);
    expect(await members(group)).toEqual([user]);
    const moved = await moveClock({ advance: 'P29D' });
    expect(moved.status).toBe(200);
    expect((await call('GET', `${ASSIGNMENTS}/${created.json.id}`)).json.assignmentState).toBe('Delivered');
    await moveClock({ advance: 'P2D' });
    const expired = await call('GET', `${ASSIGNMENTS}/${created.json.id}`);
    expect(expired.json).toMatchObject({
      assignmentState: 'Expired',
      assignmentStatus: 'ExpiredNotificationTriggered',
    });
    expect(expired.json.expiredDateTime).toBe(expired.json.schedule.expiration.endDateTime);
    expect(await members(group)).toEqual([]);
    // The clock reads as moved, and a reset of every tenant puts it back.
    const clock = await (await fetch(`${stub.origin}/_stub/clock`)).json();
    expect(clock.offsetSeconds).toBeGreaterThanOrEqual(31 * 86400 - 5);
    await fetch(`${stub.origin}/_stub/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect((await (await fetch(`${stub.origin}/_stub/clock`)).json()).offsetSeconds).toBeLessThan(1);
  });

  it('makes the target an owner of a group whose Owner role the package grants, until the assignment ends', async () => {
    await start();
    const { user, group, pkg } = await tutorial();
    const owned = await packageGranting(group, 'Owner', 'Group owners');
    const policy = (
      await call('POST', `${EM}/accessPackageAssignmentPolicies`, {
        body: { accessPackageId: owned, displayName: 'Direct', description: 'Direct assignments', durationInDays: 7 },
      })
    ).json.id as string;
    const created = await call('POST', REQUESTS, {
      body: {
        requestType: 'AdminAdd',
        accessPackageAssignment: { targetId: user, assignmentPolicyId: policy, accessPackageId: owned },
      },
    });
    await settled(`${REQUESTS}/${created.json.id}`);
    const owners = async () =>
      (await call('GET', `${stub.origin}/v1.0/groups/${group}/owners`)).json.value.map((o: { id: string }) => o.id);
    expect(await owners()).toEqual([user]);
    // The Owner role makes an owner, not a member: membership is the Member role's (the tutorial's package).
    expect(await members(group)).toEqual([]);
    expect(pkg).not.toBe(owned);
    expect((await moveClock({ advance: 'P8D' })).status).toBe(200);
    expect((await call('GET', `${ASSIGNMENTS}/${created.json.id}`)).json.assignmentState).toBe('Expired');
    expect(await owners()).toEqual([]);
  });

  it('echoes a requestType sent in camelCase as sent, and acts on it as on its PascalCase', async () => {
    await start();
    const { user, group, pkg, policy } = await tutorial();
    const add = await call('POST', REQUESTS, {
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: user, assignmentPolicyId: policy, accessPackageId: pkg },
      },
    });
    expect(add.json.requestType).toBe('adminAdd');
    expect((await settled(`${REQUESTS}/${add.json.id}`)).json).toMatchObject({
      requestType: 'adminAdd',
      requestState: 'Delivered',
    });
    expect(await members(group)).toEqual([user]);
    const listed = await call('GET', `${REQUESTS}?$filter=requestType eq 'adminAdd'&$select=requestType`);
    expect(listed.json.value).toEqual([{ id: add.json.id, requestType: 'adminAdd' }]);
    const removal = await call('POST', REQUESTS, {
      body: { requestType: 'adminRemove', assignment: { id: add.json.id } },
    });
    expect(removal.json.requestType).toBe('adminRemove');
    expect((await settled(`${REQUESTS}/${removal.json.id}`)).json.requestState).toBe('Delivered');
    expect(await members(group)).toEqual([]);
    // A request whose assignment is gone may be deleted, whichever casing made it.
    expect((await call('DELETE', `${REQUESTS}/${add.json.id}`)).status).toBe(204);
  });

  it('removes an assignment by an AdminRemove request (step 14), and keeps what another assignment grants', async () => {
    await start();
    const { user, group, pkg, policy } = await tutorial();
    // An administrator assigns it directly, then a second package grants the same group.
    const add = await call('POST', OLD_REQUESTS, {
      body: {
        requestType: 'AdminAdd',
        accessPackageAssignment: { targetId: user, assignmentPolicyId: policy, accessPackageId: pkg },
      },
    });
    expect(add.status).toBe(201);
    expect((await settled(`${OLD_REQUESTS}/${add.json.id}`)).json.requestState).toBe('Delivered');
    expect(await members(group)).toEqual([user]);
    // The policy cannot go while it has an assignment, nor the package while it has the policy.
    expectGraphError(
      await call('DELETE', `${EM}/accessPackageAssignmentPolicies/${policy}`),
      409,
      'AssignmentPolicyHasAssignments',
    );
    const removal = await call('POST', OLD_REQUESTS, {
      body: { requestType: 'AdminRemove', accessPackageAssignment: { id: add.json.id } },
    });
    expect(removal.status).toBe(201);
    expect(removal.json).toMatchObject({ requestType: 'AdminRemove', requestState: 'Submitted' });
    expect((await settled(`${OLD_REQUESTS}/${removal.json.id}`)).json.requestState).toBe('Delivered');
    expect((await call('GET', `${ASSIGNMENTS}/${add.json.id}`)).json.assignmentState).toBe('Expired');
    expect(await members(group)).toEqual([]);
    expect((await call('DELETE', `${EM}/accessPackageAssignmentPolicies/${policy}`)).status).toBe(204);
    // Removing it again is refused: it is no longer held.
    expectGraphError(
      await call('POST', OLD_REQUESTS, {
        body: { requestType: 'AdminRemove', accessPackageAssignment: { id: add.json.id } },
      }),
      400,
      'BadRequest',
    );
  });
});

describe('who may ask', () => {
  it('refuses a user the policy does not name, an Admin* request without an administrator role, and unknown ids', async () => {
    await start();
    const { user, pkg, policy, requestor } = await tutorial();
    const stranger = await newUser('Stranger');
    const strangerToken = stub.tokenFor({ directoryRoles: [], claims: { oid: stranger } });
    const body = {
      requestType: 'UserAdd',
      accessPackageAssignment: { assignmentPolicyId: policy, accessPackageId: pkg },
    };
    expectGraphError(await call('POST', REQUESTS, { token: strangerToken, body }), 403, 'UnAuthorized');
    // A token whose oid is no directory user.
    expectGraphError(
      await call('POST', REQUESTS, { token: stub.tokenFor({ directoryRoles: [] }), body }),
      403,
      'UnAuthorized',
    );
    // The requestor holds no role: Admin* requests need an assignment manager of the package's catalog.
    const adminAdd = {
      requestType: 'AdminAdd',
      accessPackageAssignment: { targetId: user, assignmentPolicyId: policy, accessPackageId: pkg },
    };
    const refused = await call('POST', REQUESTS, { token: requestor, body: adminAdd });
    expectGraphError(refused, 403, 'UnAuthorized');
    expect(refused.json.error.details[0].message).toContain('AccessPackage assignment manager');
    // Global Administrator is an administrator too.
    const global = stub.tokenFor({ directoryRoles: ['62e90394-69f5-4237-9190-012177145e10'] });
    expect(
      (await call('POST', REQUESTS, { token: global, body: { ...adminAdd, isValidationOnly: true } })).status,
    ).toBe(201);
    expectGraphError(
      await call('POST', REQUESTS, {
        body: {
          requestType: 'AdminAdd',
          accessPackageAssignment: { targetId: user, assignmentPolicyId: 'nope', accessPackageId: pkg },
        },
      }),
      404,
      'ResourceNotFound',
    );
    expectGraphError(
      await call('POST', REQUESTS, {
        body: { requestType: 'AdminAdd', accessPackageAssignment: { targetId: 'no-user', assignmentPolicyId: policy } },
      }),
      404,
      'ResourceNotFound',
    );
    // Nothing was stored by the refusals or the validation-only request.
    expect((await call('GET', REQUESTS)).json.value).toEqual([]);
  });

  it('refuses every request under a policy that accepts none (acceptRequests false)', async () => {
    await start();
    const { pkg, policy, requestor } = await tutorial({
      requestorSettings: {
        scopeType: 'SpecificDirectorySubjects',
        acceptRequests: false,
        allowedRequestors: [{ '@odata.type': '#microsoft.graph.singleUser', id: TUTORIAL.userId }],
      },
    });
    const refused = await call('POST', REQUESTS, {
      token: requestor,
      body: { requestType: 'UserAdd', accessPackageAssignment: { assignmentPolicyId: policy, accessPackageId: pkg } },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.json.error.code).toEqual(expect.any(String));
    expect((await call('GET', REQUESTS)).json.value).toEqual([]);
  });

  it('refuses a second open request (409 ExistingOpenRequest) and an add of what is held (409 ExistingAssignment)', async () => {
    await start(60_000);
    const { pkg, policy, requestor } = await tutorial();
    const body = {
      requestType: 'UserAdd',
      accessPackageAssignment: { assignmentPolicyId: policy, accessPackageId: pkg },
    };
    const first = await call('POST', REQUESTS, { token: requestor, body });
    expect(first.status).toBe(201);
    expectGraphError(await call('POST', REQUESTS, { token: requestor, body }), 409, 'ExistingOpenRequest');
    // The clock brings the delivery forward.
    await moveClock({ advance: 'PT1M' });
    expect((await call('GET', `${REQUESTS}/${first.json.id}`)).json.requestState).toBe('Delivered');
    expectGraphError(await call('POST', REQUESTS, { token: requestor, body }), 409, 'ExistingAssignment');
  });
});

describe('who asked (the requestor)', () => {
  it('is a user by the token’s object id, a token without one by its name, and an application as a service principal', async () => {
    stub = await startTestStub(
      { deliveryDelayMs: 60_000, data: tutorialData(), auth: { allowAppTokens: true } },
      { scopes: SCOPES },
    );
    stubs.push(stub);
    const requestorOf = async (token: string, email: string) => {
      const made = await call('POST', OLD_REQUESTS, { token, body: tutorialAddByEmail(email) });
      expect(made.status).toBe(201);
      return (await call('GET', `${OLD_REQUESTS}/${made.json.id}?$expand=requestor`)).json.requestor;
    };
    const oid = crypto.randomUUID();
    const app = stub.tokenFor({ app: true, oid });
    const asApp = await requestorOf(app, 'one@example.com');
    expect(asApp).toMatchObject({
      type: 'ServicePrincipal',
      objectId: oid,
      principalName: 'accesspackage-stub-app',
      displayName: 'accesspackage-stub-app',
      email: null,
      connectedOrganizationId: null,
    });
    // The same application asking again is the same subject.
    expect((await requestorOf(app, 'two@example.com')).id).toBe(asApp.id);
    // A user's token without an object id names them only by their sign-in name.
    const nameless = stub.tokenFor({ scopes: SCOPES, upn: 'kim@contoso.com', claims: { oid: undefined } });
    const asNameless = await requestorOf(nameless, 'three@example.com');
    expect(asNameless).toMatchObject({ type: 'User', objectId: null, principalName: 'kim@contoso.com' });
    expect(asNameless.id).not.toBe(asApp.id);
    expect((await requestorOf(nameless, 'four@example.com')).id).toBe(asNameless.id);
    // A user's token with one is that user's subject, found by it (the directory may not hold them).
    const user = crypto.randomUUID();
    const named = stub.tokenFor({ scopes: SCOPES, upn: 'lee@contoso.com', oid: user.toUpperCase() });
    const asUser = await requestorOf(named, 'five@example.com');
    expect(asUser).toMatchObject({ type: 'User', objectId: user, displayName: 'lee@contoso.com', principalName: null });
    expect((await requestorOf(named, 'six@example.com')).id).toBe(asUser.id);
  });
});

describe('schedules', () => {
  it('refuses a schedule that would end no later than it starts, naming the duration or the end asked for (400)', async () => {
    await start();
    const add = (assignmentPolicyId: string, schedule: object) =>
      call('POST', REQUESTS, {
        body: {
          requestType: 'AdminAdd',
          accessPackageAssignment: {
            targetId: TUTORIAL.userId,
            assignmentPolicyId,
            accessPackageId: TUTORIAL.packageId,
          },
          schedule,
        },
      });
    const instant = await add(TUTORIAL.policyId, { expiration: { type: 'afterDuration', duration: 'PT0S' } });
    expectGraphError(instant, 400, 'InvalidModel');
    expect(instant.json.error.details[0]).toEqual({
      code: 'InvalidModel',
      target: 'schedule.expiration.duration',
      message: expect.stringMatching(/^The assignment would end \((\S+Z)\) no later than it starts \(\1\)\.$/),
    });
    // A policy whose assignments all end on one date: a start after it asks for an assignment that has ended.
    const closing = await call('POST', `${EM}/accessPackageAssignmentPolicies`, {
      body: { ...tutorialPolicyBody(), durationInDays: 0, expirationDateTime: '2030-06-01T00:00:00Z' },
    });
    expect(closing.status).toBe(201);
    const late = await add(closing.json.id, { startDateTime: '2030-07-01T00:00:00Z' });
    expectGraphError(late, 400, 'InvalidModel');
    expect(late.json.error.details[0]).toEqual({
      code: 'InvalidModel',
      target: 'schedule.expiration.endDateTime',
      message:
        'The assignment would end (2030-06-01T00:00:00.0000000Z) no later than it starts (2030-07-01T00:00:00.0000000Z).',
    });
    // Before that date it is an assignment until then.
    const early = await add(closing.json.id, { startDateTime: '2030-05-01T00:00:00Z' });
    expect(early.status).toBe(201);
    expect(early.json.schedule.startDateTime).toBe('2030-05-01T00:00:00.0000000Z');
  });
});

describe('getApplicablePolicyRequirements', () => {
  it("lists the policies the caller may request under, with their questions and approval; others' only for administrators", async () => {
    await start();
    const { user, pkg, policy, requestor } = await tutorial({
      questions: [
        {
          '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion',
          isRequired: true,
          text: { defaultText: 'Why?' },
        },
      ],
    });
    const path = `${PACKAGES}/${pkg}/getApplicablePolicyRequirements`;
    const mine = await call('POST', path, { token: requestor });
    expect(mine.status).toBe(200);
    expect(mine.json.value).toHaveLength(1);
    expect(mine.json.value[0]).toMatchObject({
      policyId: policy,
      policyDisplayName: 'Specific users',
      isApprovalRequired: false,
      isRequestorJustificationRequired: false,
      questions: [{ isRequired: true, text: { defaultText: 'Why?' } }],
      existingAnswers: [],
      schedule: { expiration: { type: 'afterDuration', duration: 'P30D' } },
    });
    // The administrator (no directory user) may request under no policy, but may ask for Requestor1.
    expect((await call('POST', path)).json.value).toEqual([]);
    expect((await call('POST', path, { body: { subject: { objectId: user } } })).json.value).toHaveLength(1);
    expectGraphError(
      await call('POST', path, { token: requestor, body: { subject: { objectId: 'someone' } } }),
      403,
      'UnAuthorized',
    );
    expectGraphError(
      await call('POST', `${PACKAGES}/no-such-package/getApplicablePolicyRequirements`),
      404,
      'ResourceNotFound',
    );
    // A required question left unanswered is refused; answered, the request goes through.
    const question = mine.json.value[0].questions[0].id as string;
    const body = {
      requestType: 'UserAdd',
      accessPackageAssignment: { assignmentPolicyId: policy, accessPackageId: pkg },
    };
    expectGraphError(await call('POST', REQUESTS, { token: requestor, body }), 400, 'InvalidModel');
    const answered = await call('POST', REQUESTS, {
      token: requestor,
      body: {
        ...body,
        answers: [
          {
            '@odata.type': '#microsoft.graph.accessPackageAnswerString',
            value: 'Campaign work',
            answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', id: question },
          },
        ],
      },
    });
    expect(answered.status).toBe(201);
    // The answer names its whole question, as Graph's answers read.
    expect(answered.json.answers).toEqual([
      {
        '@odata.type': '#microsoft.graph.accessPackageAnswerString',
        value: 'Campaign work',
        answeredQuestion: {
          '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion',
          id: question,
          isRequired: true,
          text: { defaultText: 'Why?' },
        },
      },
    ]);
    expect((await call('GET', `${REQUESTS}/${answered.json.id}?$select=answers`)).json.answers).toEqual(
      answered.json.answers,
    );
    // Once it is delivered, they are the user's existing answers, whoever asks for the user.
    await settled(`${REQUESTS}/${answered.json.id}`);
    expect((await call('POST', path, { token: requestor })).json.value[0].existingAnswers).toEqual(
      answered.json.answers,
    );
    expect((await call('POST', path, { body: { subject: { objectId: user } } })).json.value[0].existingAnswers).toEqual(
      answered.json.answers,
    );
  });
});

describe('incompatible packages and groups', () => {
  it('refuses an add for a target holding an incompatible package, or in an incompatible group (400)', async () => {
    await start();
    const { user, group, pkg, policy } = await tutorial();
    const { pkg: other, policy: otherPolicy } = await packageWithDirectPolicy('Audit');
    const add = (accessPackageId: string, assignmentPolicyId: string) =>
      call('POST', REQUESTS, {
        body: {
          requestType: 'AdminAdd',
          accessPackageAssignment: { targetId: user, assignmentPolicyId, accessPackageId },
        },
      });
    const held = await add(pkg, policy);
    await settled(`${REQUESTS}/${held.json.id}`);
    // The other package is marked incompatible from its own side: either way counts.
    const marked = await call('POST', `${PACKAGES}/${other}/incompatibleAccessPackages/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/beta${PACKAGES}/${pkg}` },
    });
    expect(marked.status).toBe(204);
    const refused = await add(other, otherPolicy);
    expectGraphError(refused, 400, 'AccessPackageIncompatible');
    expect(refused.json.error.message).toContain(held.json.id);
    // Once the first is removed, the second may be assigned.
    const removal = await call('POST', REQUESTS, {
      body: { requestType: 'AdminRemove', accessPackageAssignment: { id: held.json.id } },
    });
    await settled(`${REQUESTS}/${removal.json.id}`);
    expect((await add(other, otherPolicy)).status).toBe(201);
    // A group the package is incompatible with: its members are refused.
    const { pkg: third, policy: thirdPolicy } = await packageWithDirectPolicy('Payroll');
    await call('POST', `${PACKAGES}/${third}/incompatibleGroups/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/beta/groups/${group}` },
    });
    await call('POST', `/groups/${group}/members/$ref`, {
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user}` },
    });
    expectGraphError(await add(third, thirdPolicy), 400, 'GroupIncompatible');
  });

  it('lists, as additionalAccess, the assignments of one package whose targets also hold the other', async () => {
    await start();
    const { user, pkg, policy } = await tutorial();
    const bystander = await newUser('Bystander');
    const { pkg: other, policy: otherPolicy } = await packageWithDirectPolicy('Audit');
    const add = async (targetId: string, accessPackageId: string, assignmentPolicyId: string) => {
      const created = await call('POST', REQUESTS, {
        body: { requestType: 'AdminAdd', accessPackageAssignment: { targetId, assignmentPolicyId, accessPackageId } },
      });
      await settled(`${REQUESTS}/${created.json.id}`);
      return created.json.id as string;
    };
    // The user holds both packages (assigned before anyone marked them incompatible); the bystander only the first.
    const both = await add(user, pkg, policy);
    await add(user, other, otherPolicy);
    await add(bystander, pkg, policy);
    const additional = (a: string, b: string, query = '') =>
      call('GET', `${ASSIGNMENTS}/additionalAccess(accessPackageId='${a}',incompatibleAccessPackageId='${b}')${query}`);
    const found = await additional(pkg, other, '?$expand=target');
    expect(found.status).toBe(200);
    expect(
      found.json.value.map((a: { id: string; target: { objectId: string } }) => [a.id, a.target.objectId]),
    ).toEqual([[both, user]]);
    // A function's result names each item's type, as Graph's examples show.
    expect(found.json.value[0]['@odata.type']).toBe('#microsoft.graph.accessPackageAssignment');
    // Percent-encoded, as some clients send a function call.
    const encoded = await call(
      'GET',
      `${ASSIGNMENTS}/additionalAccess%28accessPackageId%3D%27${pkg}%27,incompatibleAccessPackageId%3D%27${other}%27%29`,
    );
    expect(encoded.json.value.map((a: { id: string }) => a.id)).toEqual([both]);
    expect((await additional(other, pkg)).json.value).toHaveLength(1);
    expectGraphError(await additional(pkg, crypto.randomUUID()), 404, 'ResourceNotFound');
  });
});

describe('the state machine', () => {
  it('cancels an open request (200, no body; also as Cancel), refuses a second cancel, then deletes it', async () => {
    await start(60_000);
    const { pkg, policy, requestor } = await tutorial();
    const body = {
      requestType: 'UserAdd',
      accessPackageAssignment: { assignmentPolicyId: policy, accessPackageId: pkg },
    };
    const created = await call('POST', REQUESTS, { token: requestor, body });
    expectGraphError(await call('DELETE', `${REQUESTS}/${created.json.id}`), 400, 'BadRequest');
    const canceled = await call('POST', `${REQUESTS}/${created.json.id}/cancel`, { token: requestor });
    expect(canceled.status).toBe(200);
    expect(canceled.text).toBe('');
    expect((await call('GET', `${OLD_REQUESTS}/${created.json.id}`)).json).toMatchObject({
      requestState: 'Canceled',
      requestStatus: 'Cancelled',
    });
    expectGraphError(await call('POST', `${OLD_REQUESTS}/${created.json.id}/Cancel`), 400, 'BadRequest');
    const again = await call('POST', OLD_REQUESTS, { token: requestor, body });
    expect((await call('POST', `${OLD_REQUESTS}/${again.json.id}/Cancel`)).status).toBe(200);
    expect((await call('DELETE', `${REQUESTS}/${created.json.id}`)).status).toBe(204);
    expectGraphError(await call('GET', `${REQUESTS}/${created.json.id}`), 404, 'ResourceNotFound');
    expectGraphError(await call('POST', `${REQUESTS}/${again.json.id}/reprocess`), 400, 'BadRequest');
  });

  it("answers DELETE of an assignment with Graph's 404, whatever the id", async () => {
    await start();
    const res = await call('DELETE', `${ASSIGNMENTS}/a6bb6942-3ae1-4259-9908-0133aaee9377`);
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain('No HTTP resource was found');
  });
});

describe('approvals (accessPackageAssignmentApprovals)', () => {
  const APPROVALS = `${EM}/accessPackageAssignmentApprovals`;
  const single = (id: string) => ({ '@odata.type': '#microsoft.graph.singleUser', id });
  const approvalPolicy = (stages: object[], approvalMode = 'SingleStage') => ({
    requestApprovalSettings: { isApprovalRequired: true, approvalMode, approvalStages: stages },
  });
  /** A UserAdd under a policy with the given stages, taken to PendingApproval. */
  async function pendingRequest(stages: object[], approvalMode?: string, schedule?: object) {
    const fixture = await tutorial(approvalPolicy(stages, approvalMode));
    const created = await call('POST', REQUESTS, {
      token: fixture.requestor,
      body: {
        requestType: 'UserAdd',
        accessPackageAssignment: { assignmentPolicyId: fixture.policy, accessPackageId: fixture.pkg },
        ...(schedule ? { schedule } : {}),
      },
    });
    expect(created.status).toBe(201);
    const pending = await settled(`${REQUESTS}/${created.json.id}`);
    expect(pending.json).toMatchObject({ requestState: 'PendingApproval', requestStatus: 'PendingApproval' });
    return { ...fixture, id: created.json.id as string };
  }
  const tokenOf = (oid: string) => stub.tokenFor({ directoryRoles: [], claims: { oid } });
  const decide = (approvalId: string, stepId: string, token: string, body: object) =>
    call('PATCH', `${APPROVALS}/${approvalId}/steps/${stepId}`, { token, body });

  it('lets the approver approve: the step completes, the request is delivered, the user joins the group', async () => {
    await start();
    const approver = await newUser('Approver');
    const { id, user, group, requestor } = await pendingRequest([
      { approvalStageTimeOutInDays: 14, primaryApprovers: [single(approver)] },
    ]);
    const asApprover = tokenOf(approver);

    const mine = await call('GET', `${APPROVALS}/filterByCurrentUser(on='approver')`, { token: asApprover });
    expect(mine.status).toBe(200);
    expect(mine.json.value.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(mine.json.value[0]['@odata.type']).toBe('#microsoft.graph.approval');
    const requests = await call('GET', `${OLD_REQUESTS}/filterByCurrentUser(on='approver')`, { token: asApprover });
    expect(requests.json.value.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(requests.json.value[0]['@odata.type']).toBe('#microsoft.graph.accessPackageAssignmentRequest');
    // The entity set's own list does not name the type of its items.
    expect((await call('GET', `${OLD_REQUESTS}/${id}`)).json['@odata.type']).toBeUndefined();
    const approval = await call('GET', `${APPROVALS}/${id}`, { token: asApprover });
    expect(approval.status).toBe(200);
    expect(approval.json['@odata.context']).toMatch(
      /\/\$metadata#identityGovernance\/entitlementManagement\/accessPackageAssignmentApprovals\/\$entity$/,
    );
    const [step] = approval.json.steps;
    expect(step).toMatchObject({
      status: 'InProgress',
      reviewResult: 'NotReviewed',
      assignedToMe: true,
      reviewedBy: null,
      reviewedDateTime: null,
    });
    // An administrator reads it too, but is no approver; the requestor may neither read nor decide it.
    expect((await call('GET', `${APPROVALS}/${id}`)).json.steps[0].assignedToMe).toBe(false);
    expectGraphError(await call('GET', `${APPROVALS}/${id}`, { token: requestor }), 403, 'UnAuthorized');
    expectGraphError(
      await decide(id, step.id, requestor, { reviewResult: 'Approve', justification: 'mine' }),
      403,
      'UnAuthorized',
    );
    expect(
      (await call('GET', `${APPROVALS}/filterByCurrentUser(on='approver')`, { token: requestor })).json.value,
    ).toEqual([]);

    const approved = await decide(id, step.id, asApprover, {
      reviewResult: 'Approve',
      justification: 'Needed for the campaign',
    });
    expect(approved.status).toBe(204);
    const steps = await call('GET', `${APPROVALS}/${id}/steps`, { token: asApprover });
    expect(steps.json.value).toEqual([
      expect.objectContaining({
        id: step.id,
        status: 'Completed',
        reviewResult: 'Approved',
        justification: 'Needed for the campaign',
        // One identity, as Graph's metadata declares it (and Microsoft's SDKs parse it), not a list.
        reviewedBy: {
          '@odata.type': '#microsoft.graph.userIdentity',
          id: approver,
          displayName: 'Approver',
          userPrincipalName: 'Approver@contoso.onmicrosoft.com',
        },
        reviewedDateTime: expect.any(String),
      }),
    ]);
    const one = await call('GET', `${APPROVALS}/${id}/steps/${step.id}`, { token: asApprover });
    expect(one.json).toMatchObject({ id: step.id, reviewResult: 'Approved' });
    expect(one.json['@odata.context']).toContain(`accessPackageAssignmentApprovals('${id}')/steps/$entity`);
    const delivered = await settled(`${REQUESTS}/${id}`);
    expect(delivered.json.requestState).not.toBe('PendingApproval');
    for (let i = 0; i < 100 && (await call('GET', `${REQUESTS}/${id}`)).json.requestState !== 'Delivered'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await call('GET', `${REQUESTS}/${id}`)).json).toMatchObject({
      requestState: 'Delivered',
      requestStatus: expect.stringMatching(/^Fulfilled(NotificationTriggered)?$/),
    });
    expect(await members(group)).toEqual([user]);
    // Decided once: a second decision is refused, and nothing waits for the approver any more.
    expectGraphError(await decide(id, step.id, asApprover, { reviewResult: 'Deny' }), 409, 'ApprovalStepCompleted');
    expect(
      (await call('GET', `${APPROVALS}/filterByCurrentUser(on='approver')`, { token: asApprover })).json.value,
    ).toEqual([]);
    expectGraphError(await call('GET', `${APPROVALS}/${crypto.randomUUID()}`), 404, 'ResourceNotFound');
    expectGraphError(await call('GET', `${APPROVALS}/${id}/steps/${crypto.randomUUID()}`), 404, 'ResourceNotFound');
  });

  it('delivers an approval that comes after the end asked for, and expires the assignment at once', async () => {
    await start();
    expect((await moveClock({ set: '2031-01-01T00:00:00Z' })).status).toBe(200);
    const approver = await newUser('Approver');
    const { id, group } = await pendingRequest(
      [{ approvalStageTimeOutInDays: 14, primaryApprovers: [single(approver)] }],
      undefined,
      { expiration: { type: 'afterDateTime', endDateTime: '2031-01-02T00:00:00Z' } },
    );
    await moveClock({ set: '2031-01-05T00:00:00Z' });
    const { steps } = (await call('GET', `${APPROVALS}/${id}`, { token: tokenOf(approver) })).json;
    expect((await decide(id, steps[0].id, tokenOf(approver), { reviewResult: 'Approve' })).status).toBe(204);
    await moveClock({ advance: 'PT1M' });
    expect((await call('GET', `${REQUESTS}/${id}`)).json.requestState).toBe('Delivered');
    const assignment = (await call('GET', `${ASSIGNMENTS}/${id}`)).json;
    // It starts when it is delivered, ends when it was asked to, and so has expired as it started.
    expect(assignment.schedule.startDateTime).toMatch(/^2031-01-05T00:0/);
    expect(assignment.schedule.expiration.endDateTime).toBe('2031-01-02T00:00:00.0000000Z');
    expect([assignment.assignmentState, assignment.expiredDateTime]).toEqual([
      'Expired',
      assignment.schedule.startDateTime,
    ]);
    expect(await members(group)).toEqual([]);
  });

  it("lets a stage's escalation approver read the approval, not decide it; a stage's default time-out is 14 days", async () => {
    await start();
    const primary = await newUser('Primary');
    const escalation = await newUser('Escalation');
    const { id, requestor } = await pendingRequest([
      { primaryApprovers: [single(primary)], escalationApprovers: [single(escalation)] },
    ]);
    const asEscalation = tokenOf(escalation);
    const approval = await call('GET', `${APPROVALS}/${id}`, { token: asEscalation });
    expect(approval.status).toBe(200);
    const [step] = approval.json.steps;
    expect(step.assignedToMe).toBe(false);
    expect(
      (await call('GET', `${APPROVALS}/filterByCurrentUser(on='approver')`, { token: asEscalation })).json.value,
    ).toEqual([]);
    expectGraphError(
      await decide(id, step.id, asEscalation, { reviewResult: 'Approve', justification: 'x' }),
      403,
      'UnAuthorized',
    );
    expectGraphError(await call('GET', `${APPROVALS}/${id}`, { token: requestor }), 403, 'UnAuthorized');
    // No approvalStageTimeOutInDays: the stage waits 14 days, as Graph's default.
    await stub.clock.advance('P13DT23H');
    expect((await call('GET', `${REQUESTS}/${id}`)).json.requestState).toBe('PendingApproval');
    await stub.clock.advance('PT2H');
    expect((await call('GET', `${REQUESTS}/${id}`)).json.requestState).toBe('Denied');
    expect((await call('GET', `${APPROVALS}/${id}`)).json.steps[0].status).toBe('Expired');
  });

  it('takes a serial policy through both stages, and a denial ends the request Denied with no assignment', async () => {
    await start();
    const first = await newUser('First');
    const second = await newUser('Second');
    const { id, group } = await pendingRequest(
      [
        { approvalStageTimeOutInDays: 14, primaryApprovers: [single(first)] },
        { approvalStageTimeOutInDays: 14, isApproverJustificationRequired: true, primaryApprovers: [single(second)] },
      ],
      'Serial',
    );
    const [stepOne] = (await call('GET', `${APPROVALS}/${id}`)).json.steps;
    // The second stage's approver has nothing to decide yet.
    expectGraphError(await decide(id, stepOne.id, tokenOf(second), { reviewResult: 'Approve' }), 403, 'UnAuthorized');
    expect((await decide(id, stepOne.id, tokenOf(first), { reviewResult: 'Approve' })).status).toBe(204);
    expect((await call('GET', `${REQUESTS}/${id}`)).json.requestState).toBe('PendingApproval');
    // The request moves from the first approver's inbox to the second's.
    const inbox = async (approver: string) =>
      (
        await call('GET', `${APPROVALS}/filterByCurrentUser(on='approver')`, { token: tokenOf(approver) })
      ).json.value.map((a: { id: string }) => a.id);
    expect(await inbox(first)).toEqual([]);
    expect(await inbox(second)).toEqual([id]);
    const steps = (await call('GET', `${APPROVALS}/${id}`, { token: tokenOf(second) })).json.steps;
    expect(steps.map((s: { status: string; assignedToMe: boolean }) => [s.status, s.assignedToMe])).toEqual([
      ['Completed', false],
      ['InProgress', true],
    ]);
    const stepTwo = steps[1];
    expectGraphError(await decide(id, stepTwo.id, tokenOf(second), { reviewResult: 'Deny' }), 400, 'BadRequest');
    expect(
      (await decide(id, stepTwo.id, tokenOf(second), { reviewResult: 'Deny', justification: 'Not now' })).status,
    ).toBe(204);
    expect((await call('GET', `${REQUESTS}/${id}`)).json).toMatchObject({
      requestState: 'Denied',
      requestStatus: 'Denied',
      completedDate: expect.any(String),
    });
    expect((await call('GET', ASSIGNMENTS)).json.value).toEqual([]);
    expect(await members(group)).toEqual([]);
  });

  it('expires a stage nobody decides once the clock passes its timeout: the step Expired, the request Denied', async () => {
    await start();
    const approver = await newUser('Approver');
    const { id } = await pendingRequest([{ approvalStageTimeOutInDays: 3, primaryApprovers: [single(approver)] }]);
    expect((await moveClock({ advance: 'P2D' })).status).toBe(200);
    expect((await call('GET', `${REQUESTS}/${id}`)).json.requestState).toBe('PendingApproval');
    expect((await moveClock({ advance: 'P2D' })).status).toBe(200);
    expect((await call('GET', `${REQUESTS}/${id}`)).json).toMatchObject({
      requestState: 'Denied',
      requestStatus: 'Expired',
    });
    const [expired] = (await call('GET', `${APPROVALS}/${id}`)).json.steps;
    expect(expired).toMatchObject({ status: 'Expired', reviewResult: 'NotReviewed' });
    expectGraphError(
      await decide(id, expired.id, tokenOf(approver), { reviewResult: 'Approve' }),
      409,
      'ApprovalStepCompleted',
    );
  });

  it("times out the second stage alone: the first stage's approval stands, the second's step Expired", async () => {
    await start();
    const first = await newUser('First');
    const second = await newUser('Second');
    const { id } = await pendingRequest(
      [
        { approvalStageTimeOutInDays: 14, primaryApprovers: [single(first)] },
        { approvalStageTimeOutInDays: 2, primaryApprovers: [single(second)] },
      ],
      'Serial',
    );
    const [stepOne] = (await call('GET', `${APPROVALS}/${id}`)).json.steps;
    expect((await decide(id, stepOne.id, tokenOf(first), { reviewResult: 'Approve' })).status).toBe(204);
    await stub.clock.advance('P2DT1H');
    expect((await call('GET', `${REQUESTS}/${id}`)).json).toMatchObject({
      requestState: 'Denied',
      requestStatus: 'Expired',
    });
    const steps = (await call('GET', `${APPROVALS}/${id}`)).json.steps;
    expect(steps.map((s: { status: string; reviewResult: string }) => [s.status, s.reviewResult])).toEqual([
      ['Completed', 'Approved'],
      ['Expired', 'NotReviewed'],
    ]);
  });

  it('lets no one approve their own request: a requestor who approves its stage finds it neither assigned nor in their inbox', async () => {
    await start();
    const other = await newUser('Other');
    const { id, requestor } = await pendingRequest([{ primaryApprovers: [single(TUTORIAL.userId), single(other)] }]);
    // The requestor approves the stage, so reads the approval, but the step is not theirs to decide.
    const own = await call('GET', `${APPROVALS}/${id}`, { token: requestor });
    expect(own.status).toBe(200);
    expect(own.json.steps[0].assignedToMe).toBe(false);
    for (const path of [APPROVALS, REQUESTS]) {
      expect(
        (await call('GET', `${path}/filterByCurrentUser(on='approver')`, { token: requestor })).json.value,
      ).toEqual([]);
    }
    expectGraphError(
      await decide(id, own.json.steps[0].id, requestor, { reviewResult: 'Approve', justification: 'mine' }),
      403,
      'UnAuthorized',
    );
    // The other approver may.
    expect((await call('GET', `${APPROVALS}/${id}`, { token: tokenOf(other) })).json.steps[0].assignedToMe).toBe(true);
    expect(
      (await call('GET', `${APPROVALS}/filterByCurrentUser(on='approver')`, { token: tokenOf(other) })).json.value.map(
        (a: { id: string }) => a.id,
      ),
    ).toEqual([id]);
  });

  it('closes the approval of a canceled request: its step takes no decision', async () => {
    await start();
    const approver = await newUser('Approver');
    const { id, requestor } = await pendingRequest([{ primaryApprovers: [single(approver)] }]);
    expect((await call('POST', `${REQUESTS}/${id}/cancel`, { token: requestor })).status).toBe(200);
    const [step] = (await call('GET', `${APPROVALS}/${id}`)).json.steps;
    expect(step.status).toBe('Completed');
    expectGraphError(
      await decide(id, step.id, tokenOf(approver), { reviewResult: 'Approve' }),
      409,
      'ApprovalStepCompleted',
    );
    expect(
      (await call('GET', `${REQUESTS}/filterByCurrentUser(on='approver')`, { token: tokenOf(approver) })).json.value,
    ).toEqual([]);
  });
});

describe('the clock', () => {
  it('refuses a change that is not one ISO 8601 duration or time, with 400', async () => {
    await start();
    for (const change of [
      {},
      { advance: '31 days' },
      { set: 'tomorrow' },
      { advance: 'P1D', set: '2027-01-01T00:00:00Z' },
      { advance: 1 },
    ]) {
      const res = await moveClock(change);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('BadRequest');
    }
    const set = await moveClock({ set: '2030-01-01T00:00:00Z' });
    expect((await set.json()).now).toMatch(/^2030-01-01T00:00:0\d/);
    expect((await (await fetch(`${stub.origin}/_stub/clock`)).json()).now).toMatch(/^2030-01-01T00:00/);
  });
});
