import type {
  AccessPackageAnswer,
  AccessPackageAssignmentReference,
  AccessPackageAssignmentRequest,
  AccessPackageAssignmentRequestCreate,
} from '@accesspackage/types';
import { callerObjectId, createdByOf } from '../auth/identity.js';
import type { Caller } from '../auth/index.js';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { graphTimestamp } from '../graph/timestamps.js';
import { equals, idIn, NOTHING } from '../odata/conditions.js';
import type { StoredAccessPackage, StoredPolicy, StoredSubject } from '../store/entities.js';
import {
  ASKED_SCHEDULE,
  CREATED_BY_OBJECT,
  DUE,
  OF_ASSIGNMENT,
  OF_PACKAGE,
  OF_POLICY,
  OF_REQUESTOR,
  TARGET_OBJECT,
  TARGET_SUBJECT,
} from '../store/references.js';
import type { StoredEntity, TenantStore } from '../store/store.js';
import { incompatibilitiesOf } from './incompatibilities.js';
import { awaitingDecisionBy, closeApproval } from './lifecycle/approval-flow.js';
import { callsAt } from './lifecycle/extension-calls.js';
import {
  APPROVAL,
  ASSIGNMENT,
  CANCELABLE,
  OPEN,
  REQUEST,
  type RequestType,
  requestTypeOf,
  type StoredAssignment,
  type StoredRequest,
  SUBJECT,
} from './lifecycle/keys.js';
import { endRequest } from './lifecycle/request-state.js';
import { mayRequest, transitiveGroups } from './lifecycle/requestors.js';
import { askedStart, checkSchedule, checkStart, endOf, scheduleOf } from './lifecycle/schedules.js';
import { requestorFor, subjectFor } from './lifecycle/subjects.js';
import type { Handler, Handlers } from './operation.js';
import { POLICY } from './policies.js';
import { assertRoomForOneMore } from './quota.js';
import { type Crud, declareResource, type ResourceContext } from './resource.js';

const unauthorized = (reason: string) =>
  new GraphHttpError(403, 'UnAuthorized', `User is not authorized to perform the operation. Reason: ${reason}`);

const badRequest = (message: string) => new GraphHttpError(400, 'BadRequest', message);

const resourceNotFound = (what: string, id: string, target: string) =>
  new GraphHttpError(404, 'ResourceNotFound', `The ${what} '${id}' was not found.`, [
    { code: 'ResourceNotFound', target, message: `No ${what} has the id '${id}'.` },
  ]);

/** The directory user who calls (`oid`), for the `User*` types: 403 when the caller is none. */
async function callingUser(store: TenantStore, caller: Caller): Promise<string> {
  const oid = callerObjectId(caller);
  if (caller.kind !== 'delegated' || !oid || !(await store.get('user', oid))) {
    throw unauthorized(
      "User* requests are the caller's own, and the caller (the token's oid) is no user of the directory. Sign in as a directory user (accesspackage-stub token --oid <user id>), or make an Admin* request.",
    );
  }
  return oid;
}

async function policyOfRequest(
  store: TenantStore,
  ref: AccessPackageAssignmentReference,
): Promise<{ pkg: StoredAccessPackage; policy?: StoredPolicy }> {
  let policy: StoredPolicy | undefined;
  if (ref.assignmentPolicyId !== undefined) {
    policy = await store.lock(POLICY, ref.assignmentPolicyId, 'share');
    if (!policy) throw resourceNotFound('assignment policy', ref.assignmentPolicyId, 'assignmentPolicyId');
  }
  const accessPackageId = ref.accessPackageId ?? (policy?.accessPackageId as string | undefined);
  if (accessPackageId === undefined) {
    throw new GraphHttpError(400, 'InvalidModel', 'The model is invalid.', [
      {
        code: 'InvalidModel',
        target: 'accessPackageAssignment.accessPackageId',
        message: 'Name the access package (accessPackageId) or its policy (assignmentPolicyId).',
      },
    ]);
  }
  const pkg = await store.lock('accessPackage', accessPackageId, 'share');
  if (!pkg) throw resourceNotFound('access package', accessPackageId, 'accessPackageId');
  if (policy && policy.accessPackageId !== pkg.id) {
    throw badRequest(`The assignment policy '${policy.id}' is a policy of another access package than '${pkg.id}'.`);
  }
  return policy ? { pkg, policy } : { pkg };
}

/** Every question the policy requires must have an answer. */
function checkAnswers(policy: StoredPolicy, answers: AccessPackageAnswer[]): void {
  const answered = new Set(answers.map((answer) => answer.answeredQuestion.id));
  const missing = (policy.questions ?? []).filter(
    (question) => question.isRequired === true && question.id !== undefined && !answered.has(question.id),
  );
  if (missing.length > 0) {
    throw new GraphHttpError(
      400,
      'InvalidModel',
      'The model is invalid.',
      missing.map((question) => ({
        code: 'InvalidModel',
        target: 'answers',
        message: `The policy requires an answer to the question '${question.id}' (${question.text?.defaultText ?? 'no text'}).`,
      })),
    );
  }
}

/**
 * The answers as a request shows them: each `answeredQuestion` the policy's whole question (its text, whether it is
 * required, its choices), as Graph's answers read; an answer to a question the policy does not have, as sent.
 */
function withQuestions(policy: StoredPolicy | undefined, answers: AccessPackageAnswer[]): AccessPackageAnswer[] {
  const questions = new Map((policy?.questions ?? []).map((question) => [question.id, question]));
  return answers.map((answer) => {
    const question = questions.get(answer.answeredQuestion.id);
    return question ? { ...answer, answeredQuestion: question } : answer;
  });
}

/** A request to add an assignment: its package, policy and target subject, checked as Graph would. */
async function addition(
  tx: TenantStore,
  type: 'UserAdd' | 'AdminAdd',
  ref: AccessPackageAssignmentReference,
  caller: Caller,
  answers: AccessPackageAnswer[],
): Promise<{ pkg: StoredAccessPackage; policy: StoredPolicy; target: StoredSubject }> {
  const { pkg, policy: named } = await policyOfRequest(tx, ref);
  let policy = named;
  let target: StoredEntity;
  if (type === 'UserAdd') {
    const oid = await callingUser(tx, caller);
    if (ref.targetId !== undefined && ref.targetId.toLowerCase() !== oid) {
      throw badRequest(`A UserAdd request is for the caller (${oid}), not for '${ref.targetId}': use AdminAdd.`);
    }
    const groups = await transitiveGroups(tx, oid);
    const candidates = policy ? [policy] : await tx.where(POLICY, 'accessPackageId', pkg.id);
    const allowed = [];
    for (const candidate of candidates) {
      if (await mayRequest(tx, candidate.requestorSettings, oid, groups)) {
        allowed.push(candidate);
      }
    }
    if (!allowed[0]) {
      throw unauthorized(
        policy
          ? `the policy '${policy.id}' does not let the caller request the access package (its requestorSettings name other requestors, or it takes no requests).`
          : `no policy of the access package '${pkg.id}' lets the caller request it.`,
      );
    }
    policy = allowed[0];
    target = await subjectFor(tx, { objectId: oid, displayName: caller.name });
  } else {
    // Who may make Admin* requests (an assignment manager of the package's catalog) the role check decided before.
    if (!policy) {
      [policy] = await tx.where(POLICY, 'accessPackageId', pkg.id);
      if (!policy) throw badRequest(`The access package '${pkg.id}' has no assignment policy to assign it with.`);
    }
    const objectId = ref.targetId ?? ref.target?.objectId;
    if (objectId !== undefined) {
      if (!(await tx.lock('user', objectId, 'share'))) {
        throw resourceNotFound('user', objectId, ref.targetId !== undefined ? 'targetId' : 'target.objectId');
      }
      target = await subjectFor(tx, { objectId: objectId.toLowerCase() });
    } else if (ref.target?.email !== undefined) {
      target = await subjectFor(tx, { email: ref.target.email, displayName: ref.target.displayName ?? null });
    } else {
      throw new GraphHttpError(400, 'InvalidModel', 'The model is invalid.', [
        {
          code: 'InvalidModel',
          target: 'targetId',
          message: 'Name the target: targetId, or target.objectId or target.email.',
        },
      ]);
    }
  }
  checkAnswers(policy, answers);
  return { pkg, policy, target };
}

/** No second open request, and no add of what the target already holds, for the same package and policy. */
async function refuseDuplicates(
  tx: TenantStore,
  target: StoredSubject,
  pkg: StoredAccessPackage,
  policy: StoredPolicy,
) {
  for (const request of await tx.where(REQUEST, TARGET_SUBJECT, target.id)) {
    if (request[OF_PACKAGE] === pkg.id && request[OF_POLICY] === policy.id && OPEN.has(request.requestState)) {
      throw new GraphHttpError(
        409,
        'ExistingOpenRequest',
        `The target already has an open request (${request.id}, ${request.requestState}) for this access package and policy. Wait for it, or cancel it.`,
      );
    }
  }
  for (const assignment of await tx.where(ASSIGNMENT, TARGET_SUBJECT, target.id)) {
    if (
      assignment.accessPackageId === pkg.id &&
      assignment.assignmentPolicyId === policy.id &&
      assignment.assignmentState !== 'Expired'
    ) {
      throw new GraphHttpError(
        409,
        'ExistingAssignment',
        `The target already holds an assignment (${assignment.id}) of this access package under this policy. Extend it (UserExtend), or remove it first.`,
      );
    }
  }
}

/**
 * A target may not hold a package incompatible with the one asked for, nor be in one of its incompatible groups
 * (directly or through nested groups). **Undocumented** codes, the contract's choice: 400 with
 * `AccessPackageIncompatible` or `GroupIncompatible`.
 */
async function refuseIncompatible(tx: TenantStore, target: StoredEntity, pkg: StoredEntity): Promise<void> {
  const objectId = target.objectId;
  if (typeof objectId !== 'string') return;
  const { packages, groups } = await incompatibilitiesOf(tx, pkg.id);
  for (const assignment of await tx.where(ASSIGNMENT, TARGET_SUBJECT, target.id)) {
    if (assignment.assignmentState !== 'Expired' && packages.has(assignment.accessPackageId)) {
      throw new GraphHttpError(
        400,
        'AccessPackageIncompatible',
        `The target holds the access package '${assignment.accessPackageId}' (assignment ${assignment.id}), which is incompatible with '${pkg.id}'. Remove that assignment first.`,
      );
    }
  }
  if (groups.size > 0) {
    const member = [...(await transitiveGroups(tx, objectId))].find((group) => groups.has(group));
    if (member !== undefined) {
      throw new GraphHttpError(
        400,
        'GroupIncompatible',
        `The target is a member of the group '${member}', which is incompatible with the access package '${pkg.id}'.`,
      );
    }
  }
}

/** The assignment a removal, extension or update acts on, checked for the caller. */
async function existingAssignment(
  tx: TenantStore,
  type: RequestType,
  ref: AccessPackageAssignmentReference,
  caller: Caller,
): Promise<StoredAssignment> {
  if (type.startsWith('User')) await callingUser(tx, caller);
  if (ref.id === undefined) {
    throw new GraphHttpError(400, 'InvalidModel', 'The model is invalid.', [
      {
        code: 'InvalidModel',
        target: 'accessPackageAssignment.id',
        message: `A ${type} request names the assignment by its id.`,
      },
    ]);
  }
  const assignment = await tx.lock(ASSIGNMENT, ref.id, 'update');
  if (!assignment) throw resourceNotFound('access package assignment', ref.id, 'accessPackageAssignment.id');
  if (type.startsWith('User') && assignment[TARGET_OBJECT] !== callerObjectId(caller)) {
    throw unauthorized(`the assignment '${assignment.id}' is not the caller's own.`);
  }
  if (assignment.assignmentState !== 'Delivered') {
    throw badRequest(
      `The assignment '${assignment.id}' is ${assignment.assignmentState}, not Delivered: there is nothing to ${type.endsWith('Remove') ? 'remove' : 'change'}.`,
    );
  }
  if (type === 'UserExtend') {
    const policy = await tx.get(POLICY, assignment.assignmentPolicyId);
    if (policy?.canExtend !== true) {
      throw badRequest(
        `The policy '${assignment.assignmentPolicyId}' does not let assignments be extended (canExtend is false).`,
      );
    }
  }
  return assignment;
}

/** The handlers of one of the two paths requests are served at; both share one collection. */
function requestHandlers(
  crud: Crud<StoredRequest, AccessPackageAssignmentRequest>,
  context: ResourceContext,
  entitySet: string,
) {
  const create: Handler<'createAssignmentRequest'> = async (input) => {
    const { body, caller, store } = input;
    const given = body as AccessPackageAssignmentRequestCreate;
    if (given.accessPackageAssignment && given.assignment) {
      throw badRequest('Send the assignment in accessPackageAssignment or in assignment, not in both.');
    }
    const ref = given.accessPackageAssignment ?? given.assignment ?? {};
    const type = requestTypeOf(given.requestType);
    const answers = given.answers ?? [];
    const now = context.clocks.of(store.tenantId).now();
    const due = new Date(now.getTime() + context.deliveryDelayMs);
    const stored = await store.transaction(async (tx) => {
      // One create at a time per tenant, across instances: the duplicate checks below read several items.
      await tx.serialize('assignment-requests');
      let fields: { [OF_PACKAGE]: string } & Record<string, unknown>;
      if (type === 'UserAdd' || type === 'AdminAdd') {
        const { pkg, policy, target } = await addition(tx, type, ref, caller, answers);
        await refuseDuplicates(tx, target, pkg, policy);
        await refuseIncompatible(tx, target, pkg);
        checkSchedule(policy, due, given.schedule);
        const start = Math.max(due.getTime(), askedStart(given.schedule) ?? due.getTime());
        fields = {
          [OF_PACKAGE]: pkg.id,
          [OF_POLICY]: policy.id,
          [TARGET_OBJECT]: target.objectId,
          [TARGET_SUBJECT]: target.id,
          // What the assignment will get, as the request shows it: the policy's schedule from the delivery on.
          schedule: scheduleOf(policy, new Date(start), given.schedule),
        };
      } else {
        const assignment = await existingAssignment(tx, type, ref, caller);
        // A removal's schedule says only when; an extension's is judged from where the assignment ends now.
        if (type.endsWith('Remove')) checkStart(given.schedule);
        else {
          const from = new Date(Math.max(due.getTime(), endOf(assignment) ?? 0));
          checkSchedule(await tx.get(POLICY, assignment.assignmentPolicyId), from, given.schedule);
        }
        fields = {
          schedule: given.schedule ?? {
            startDateTime: graphTimestamp(due),
            recurrence: null,
            expiration: { type: 'notSpecified', endDateTime: null, duration: null },
          },
          [OF_PACKAGE]: assignment.accessPackageId,
          [OF_POLICY]: assignment.assignmentPolicyId,
          [OF_ASSIGNMENT]: assignment.id,
          [TARGET_OBJECT]: assignment[TARGET_OBJECT],
          [TARGET_SUBJECT]: assignment.targetId,
        };
      }
      const requestor = await requestorFor(tx, caller);
      const policy = await tx.get(POLICY, String(fields[OF_POLICY]));
      const request = {
        requestType: given.requestType,
        requestState: 'Submitted',
        requestStatus: 'Accepted',
        isValidationOnly: given.isValidationOnly ?? false,
        justification: given.justification ?? null,
        createdDateTime: graphTimestamp(now),
        completedDate: null,
        expirationDateTime: null,
        ...(given.schedule ? { [ASKED_SCHEDULE]: given.schedule } : {}),
        answers: withQuestions(policy, answers),
        customExtensionHandlerInstances: callsAt(policy, 'assignmentRequestCreated'),
        ...fields,
        [OF_REQUESTOR]: requestor.id,
        [CREATED_BY_OBJECT]: createdByOf(caller),
        [DUE]: due.toISOString(),
      };
      const item: StoredRequest = { id: globalThis.crypto.randomUUID(), ...request };
      // A validation-only request is checked, answered and forgotten.
      if (item.isValidationOnly) return item;
      await assertRoomForOneMore(tx, context.maxItems);
      await tx.insert(REQUEST, item);
      await context.settler.due(tx, due);
      return item;
    });
    // As on Graph, the answer to the create has no timestamps yet.
    return crud.created(input, { ...stored, createdDateTime: null }, entitySet) as never;
  };

  const open = async (store: TenantStore, id: string) => {
    const request = await store.lock(REQUEST, id, 'update');
    if (!request) throw notFound();
    return request;
  };

  const cancel: Handler<'cancelAssignmentRequest'> = ({ path, store, reply }) =>
    store.transaction(async (tx) => {
      const request = await open(tx, path.accessPackageAssignmentRequestId);
      if (!CANCELABLE.has(request.requestState)) {
        throw badRequest(
          `The request '${request.id}' is ${request.requestState}: only a request that is Submitted, PendingApproval or Scheduled can be canceled.`,
        );
      }
      await closeApproval(tx, request.id, 'Completed');
      await endRequest(tx, request.id, 'Canceled', 'Cancelled', context.clocks.of(store.tenantId).now());
      return reply(200);
    });

  // A custom workflow extension's callback: the call it answers is received; `denied` denies a request still open.
  const resume: Handler<'resumeAssignmentRequest'> = ({ path, body, store, reply }) =>
    store.transaction(async (tx) => {
      const request = await open(tx, path.accessPackageAssignmentRequestId);
      const { customExtensionStageInstanceId: callId, state } = body.data;
      const stage = body.data.stage.charAt(0).toLowerCase() + body.data.stage.slice(1);
      const calls = request.customExtensionHandlerInstances ?? [];
      const call = calls.find((one) => one.externalCorrelationId === callId && one.stage === stage);
      if (!call) {
        throw badRequest(
          `The request '${request.id}' made no call of a custom workflow extension with the instance id '${callId}' at the stage '${stage}'. Name a call of its customExtensionHandlerInstances (its externalCorrelationId and stage).`,
        );
      }
      if (call.status === 'requestReceived') {
        throw badRequest(`The call '${callId}' of the request '${request.id}' was answered already.`);
      }
      const denied = state?.toLowerCase() === 'denied';
      if (denied && stage === 'assignmentRequestCreated') {
        throw badRequest('A request cannot be denied at the assignmentRequestCreated stage of a custom extension.');
      }
      if (denied && !OPEN.has(request.requestState)) {
        throw badRequest(
          `The request '${request.id}' is ${request.requestState}: only a request still open can be denied.`,
        );
      }
      await tx.update(REQUEST, request.id, (current) => ({
        ...current,
        customExtensionHandlerInstances: calls.map((one) =>
          one === call ? { ...one, status: 'requestReceived' as const } : one,
        ),
      }));
      if (denied) {
        await closeApproval(tx, request.id, 'Completed');
        await endRequest(tx, request.id, 'Denied', 'Denied', context.clocks.of(store.tenantId).now());
      }
      return reply(204);
    });

  const byCurrentUser =
    (property: string, value: (caller: Caller) => string | undefined) =>
    async (input: Parameters<Handler<'listAssignmentRequests'>>[0]) => {
      const mine = value(input.caller);
      return crud.list(input, { scope: mine ? equals(property, mine) : NOTHING, typed: true }) as never;
    };

  return {
    list: crud.list as Handler<'listAssignmentRequests'>,
    get: crud.get as Handler<'getAssignmentRequest'>,
    create,
    remove: (async ({ path, store, reply }) =>
      store.transaction(async (tx) => {
        const request = await open(tx, path.accessPackageAssignmentRequestId);
        if (OPEN.has(request.requestState)) {
          throw badRequest(
            `The request '${request.id}' is still ${request.requestState}: only a denied, canceled or completed request can be deleted.`,
          );
        }
        const assignment = request[OF_ASSIGNMENT] ? await tx.get(ASSIGNMENT, request[OF_ASSIGNMENT]) : undefined;
        if (request.requestType.endsWith('Add') && assignment && assignment.assignmentState !== 'Expired') {
          throw badRequest(
            `The request '${request.id}' has an assignment (${assignment.id}) that is still held: remove it (AdminRemove) before deleting the request.`,
          );
        }
        await tx.delete(REQUEST, request.id);
        // Its approval goes with it: nothing is left to read of a request that is gone.
        await tx.delete(APPROVAL, request.id);
        return reply(204);
      })) as Handler<'deleteAssignmentRequest'>,
    cancel,
    resume,
    reprocess: (async ({ path, store, reply }) =>
      store.transaction(async (tx) => {
        const request = await open(tx, path.accessPackageAssignmentRequestId);
        if (request.requestState !== 'DeliveryFailed' && request.requestState !== 'PartiallyDelivered') {
          throw badRequest(
            `The request '${request.id}' is ${request.requestState}: only a request whose delivery failed (DeliveryFailed, PartiallyDelivered) can be reprocessed.`,
          );
        }
        const due = new Date(context.clocks.of(store.tenantId).now().getTime() + context.deliveryDelayMs);
        await tx.update(REQUEST, request.id, (current) => ({
          ...current,
          requestState: 'Submitted',
          requestStatus: 'Accepted',
          completedDate: null,
          [DUE]: due.toISOString(),
        }));
        await context.settler.due(tx, due);
        return reply(202);
      })) as Handler<'reprocessAssignmentRequest'>,
    byTarget: byCurrentUser(TARGET_OBJECT, callerObjectId),
    byCreator: byCurrentUser(CREATED_BY_OBJECT, createdByOf),
    // Requests awaiting approval whose current stage names the caller among its approvers.
    byApprover: async (input: Parameters<Handler<'listAssignmentRequests'>>[0]) =>
      crud.list(input, {
        scope: idIn(await awaitingDecisionBy(input.store, callerObjectId(input.caller))),
        typed: true,
      }) as never,
  };
}

const CURRENT_SET = 'identityGovernance/entitlementManagement/assignmentRequests';
const DEPRECATED_SET = 'identityGovernance/entitlementManagement/accessPackageAssignmentRequests';

export const assignmentRequests = declareResource<StoredRequest, AccessPackageAssignmentRequest>({
  entity: REQUEST,
  references: [
    OF_PACKAGE,
    OF_POLICY,
    OF_ASSIGNMENT,
    OF_REQUESTOR,
    TARGET_OBJECT,
    CREATED_BY_OBJECT,
    TARGET_SUBJECT,
    DUE,
    ASKED_SCHEDULE,
  ],
  navigation: {
    accessPackage: async (request, store) => await store.get('accessPackage', request[OF_PACKAGE]),
    requestor: async (request, store) => await store.get(SUBJECT, String(request[OF_REQUESTOR])),
    accessPackageAssignment: async (request, store) =>
      request[OF_ASSIGNMENT] ? await store.get(ASSIGNMENT, request[OF_ASSIGNMENT]) : undefined,
  },
  handlers: (crud, context) => {
    const current = requestHandlers(crud, context, CURRENT_SET);
    const deprecated = requestHandlers(crud, context, DEPRECATED_SET);
    return {
      listAssignmentRequests: current.list,
      createAssignmentRequest: current.create,
      getAssignmentRequest: current.get,
      deleteAssignmentRequest: current.remove,
      cancelAssignmentRequest: current.cancel,
      cancelPascalCaseAssignmentRequest: current.cancel,
      reprocessAssignmentRequest: current.reprocess,
      resumeAssignmentRequest: current.resume,
      listAssignmentRequestsFilteredByCurrentUserTarget: current.byTarget,
      listAssignmentRequestsFilteredByCurrentUserCreatedBy: current.byCreator,
      listAssignmentRequestsFilteredByCurrentUserApprover: current.byApprover,
      listAccessPackageAssignmentRequests: deprecated.list,
      createAccessPackageAssignmentRequest: deprecated.create,
      getAccessPackageAssignmentRequest: deprecated.get,
      deleteAccessPackageAssignmentRequest: deprecated.remove,
      cancelAccessPackageAssignmentRequest: deprecated.cancel,
      cancelPascalCaseAccessPackageAssignmentRequest: deprecated.cancel,
      reprocessAccessPackageAssignmentRequest: deprecated.reprocess,
      resumeAccessPackageAssignmentRequest: deprecated.resume,
      listAccessPackageAssignmentRequestsFilteredByCurrentUserTarget: deprecated.byTarget,
      listAccessPackageAssignmentRequestsFilteredByCurrentUserCreatedBy: deprecated.byCreator,
      listAccessPackageAssignmentRequestsFilteredByCurrentUserApprover: deprecated.byApprover,
    } satisfies Handlers;
  },
});
