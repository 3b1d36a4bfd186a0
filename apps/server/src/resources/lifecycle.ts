import type { ApprovalSettings, ApprovalStage, ApprovalStep, RequestSchedule } from '@accesspackage/types';
import type { Logger } from 'pino';
import { type Caller, GLOBAL_ADMINISTRATOR, IDENTITY_GOVERNANCE_ADMINISTRATOR } from '../auth/index.js';
import { addDuration, type Clock } from '../graph/clock.js';
import { GraphHttpError } from '../graph/http-error.js';
import { graphTimestamp, isGraphInstant } from '../graph/timestamps.js';
import { RESOURCE_ROLE } from '../store/catalog-resources.js';
import type { StoredEntity, TenantStore } from '../store/store.js';
import { ROLE_SCOPE } from './catalog-resources.js';
import { equals, type GroupLink, MEMBERSHIP, membershipId, OWNERSHIP } from './directory.js';
import { isOneOf } from './relations.js';

/** The stored entity names of the lifecycle, which are also their schema names. */
export const REQUEST = 'accessPackageAssignmentRequest';
export const ASSIGNMENT = 'accessPackageAssignment';
export const SUBJECT = 'accessPackageSubject';
export const APPROVAL = 'approval';

/**
 * References the stub keeps on requests and assignments for `$filter` and `$expand` (keys with a `/`,
 * which views never show), and the time a submitted request is due to be processed.
 */
export const OF_PACKAGE = 'accessPackage/id';
export const OF_POLICY = 'accessPackageAssignmentPolicy/id';
export const OF_ASSIGNMENT = 'accessPackageAssignment/id';
export const OF_REQUESTOR = 'requestor/id';
export const TARGET_OBJECT = 'target/objectId';
export const CREATED_BY_OBJECT = 'createdBy/objectId';
export const DUE = 'stub/dueAt';
/** The schedule a request asked for, if any: its `schedule` shows what it will get. */
export const ASKED_SCHEDULE = 'stub/askedSchedule';

/** An approval's stages (the policy's, as they were when approval began) and whether it still awaits a decision. */
export const STAGES = 'stub/stages';
export const AWAITING = 'stub/awaiting';
/** How long a stage waits for a decision when its policy does not say (Graph's default). */
export const DEFAULT_STAGE_TIMEOUT_DAYS = 14;

export type RequestType = 'UserAdd' | 'UserExtend' | 'UserRemove' | 'AdminAdd' | 'AdminUpdate' | 'AdminRemove';

/** States a request may still be canceled from, as Graph's cancel page lists them. */
export const CANCELABLE = new Set(['Submitted', 'PendingApproval', 'Scheduled']);
/** Open states: the request has not reached an end yet. Each has a due time: when it moves on, or times out. */
export const OPEN = new Set(['Submitted', 'PendingApproval', 'Scheduled', 'Delivering']);

export type StoredRequest = StoredEntity & {
  requestType: RequestType;
  requestState: string;
  requestStatus: string;
  [DUE]?: string;
  [OF_PACKAGE]: string;
  [OF_POLICY]?: string;
  [OF_ASSIGNMENT]?: string;
  [TARGET_OBJECT]?: string;
};

export type StoredApproval = StoredEntity & {
  steps: ApprovalStep[];
  [STAGES]: ApprovalStage[];
  /** `'true'` while a step is in progress, for `where`. */
  [AWAITING]: 'true' | 'false';
  /** The request's target, who may not approve it. */
  [TARGET_OBJECT]?: string | null;
};

export type StoredAssignment = StoredEntity & {
  accessPackageId: string;
  assignmentPolicyId: string;
  targetId: string;
  assignmentState: string;
  schedule?: RequestSchedule;
  [TARGET_OBJECT]?: string | null;
};

/** The caller's directory user id: the token's `oid`. */
export function callerObjectId(caller: Caller): string | undefined {
  const oid = caller.claims.oid;
  return typeof oid === 'string' && oid !== '' ? oid.toLowerCase() : undefined;
}

/**
 * Whether the caller may make `Admin*` requests: a delegated token whose `wids` holds Identity Governance
 * Administrator or Global Administrator, an application token (which authentication lets in only where app
 * tokens are allowed), or any caller when authentication is off.
 */
export function isAdministrator(caller: Caller): boolean {
  if (caller.kind !== 'delegated') return true;
  const wids = caller.claims.wids;
  return (
    Array.isArray(wids) &&
    wids.some((id) => typeof id === 'string' && [IDENTITY_GOVERNANCE_ADMINISTRATOR, GLOBAL_ADMINISTRATOR].includes(id))
  );
}

/**
 * The subject of a directory user (created on first use, as Graph does on an add) or, for someone the
 * directory does not hold, of an email address. Its id is its own, not the user's.
 */
export async function subjectFor(
  store: TenantStore,
  who: { objectId?: string; email?: string; displayName?: string | null },
): Promise<StoredEntity> {
  const [existing] = who.objectId
    ? await store.where(SUBJECT, 'objectId', who.objectId)
    : await store.where(SUBJECT, 'email', who.email ?? '');
  if (existing) return existing;
  const user = who.objectId ? await store.get('user', who.objectId) : undefined;
  const subject: StoredEntity = {
    id: globalThis.crypto.randomUUID(),
    objectId: who.objectId ?? null,
    displayName: (user?.displayName as string | undefined) ?? who.displayName ?? null,
    email: (user?.mail as string | null | undefined) ?? who.email ?? null,
    principalName: (user?.userPrincipalName as string | undefined) ?? null,
    type: 'User',
    connectedOrganizationId: null,
    onPremisesSecurityIdentifier: null,
  };
  await store.insert(SUBJECT, subject);
  return subject;
}

/** The subject of whoever calls: a directory user by `oid`, or an application by its name. */
export async function requestorFor(store: TenantStore, caller: Caller): Promise<StoredEntity> {
  const oid = callerObjectId(caller);
  if (oid && caller.kind === 'delegated') {
    return subjectFor(store, { objectId: oid, displayName: caller.name });
  }
  const [existing] = await store.where(SUBJECT, 'principalName', caller.name);
  if (existing) return existing;
  const subject: StoredEntity = {
    id: globalThis.crypto.randomUUID(),
    objectId: oid ?? null,
    displayName: caller.name,
    email: null,
    principalName: caller.name,
    type: caller.kind === 'application' ? 'ServicePrincipal' : 'User',
    connectedOrganizationId: null,
    onPremisesSecurityIdentifier: null,
  };
  await store.insert(SUBJECT, subject);
  return subject;
}

/**
 * An assignment's schedule from its policy, starting `start`: `afterDuration` for `durationInDays`,
 * `afterDateTime` for an `expirationDateTime`, else `noExpiration`. A request's own `expiration` (an
 * administrator's choice) wins over the policy's. Undefined when its end is no date Graph can write (past 9999).
 */
export function scheduleOf(
  policy: StoredEntity | undefined,
  start: Date,
  requested?: RequestSchedule | null,
): RequestSchedule | undefined {
  const startDateTime = graphTimestamp(start);
  const asked = requested?.expiration;
  const ending = (type: 'afterDateTime' | 'afterDuration', end: Date | undefined, duration: string | null) =>
    end && isGraphInstant(end.getTime())
      ? { startDateTime, recurrence: null, expiration: { type, endDateTime: graphTimestamp(end), duration } }
      : undefined;
  if (asked?.endDateTime) return ending('afterDateTime', new Date(asked.endDateTime), null);
  if (asked?.duration) return ending('afterDuration', addDuration(start, asked.duration), asked.duration);
  const days = Number(policy?.durationInDays ?? 0);
  if (days > 0) return ending('afterDuration', addDuration(start, `P${days}D`), `P${days}D`);
  if (typeof policy?.expirationDateTime === 'string') {
    return ending('afterDateTime', new Date(policy.expirationDateTime), null);
  }
  return { startDateTime, recurrence: null, expiration: { type: 'noExpiration', endDateTime: null, duration: null } };
}

const invalidSchedule = (target: string, message: string) =>
  new GraphHttpError(400, 'InvalidModel', 'The model is invalid.', [{ code: 'InvalidModel', target, message }]);

/** The start a request asked for, if any. */
export const askedStart = (asked: RequestSchedule | null | undefined): number | undefined =>
  asked?.startDateTime ? Date.parse(asked.startDateTime) : undefined;

/** Refuses, with 400 InvalidModel, a start that is no date Graph can write (past 9999-12-31). */
export function checkStart(asked: RequestSchedule | null | undefined): void {
  const start = askedStart(asked);
  if (start !== undefined && !isGraphInstant(start)) {
    throw invalidSchedule('schedule.startDateTime', 'The start is no date Graph can write (it ends at 9999-12-31).');
  }
}

/**
 * Refuses, with 400 InvalidModel, a schedule that cannot be honoured when the request is processed at `from` (for an
 * extension, from the assignment's current end): a date Graph cannot write (past 9999-12-31, however it is reached), or
 * an end that is not after the start. Checked before anything is stored, so a request never fails on it later.
 */
export function checkSchedule(policy: StoredEntity | undefined, from: Date, asked: RequestSchedule | null | undefined) {
  checkStart(asked);
  const end = asked?.expiration?.endDateTime;
  if (end && !isGraphInstant(Date.parse(end))) {
    throw invalidSchedule(
      'schedule.expiration.endDateTime',
      'The end is no date Graph can write (it ends at 9999-12-31).',
    );
  }
  const at = new Date(Math.max(from.getTime(), askedStart(asked) ?? from.getTime()));
  const projected = scheduleOf(policy, at, asked);
  if (!projected) {
    throw invalidSchedule(
      asked?.expiration?.duration ? 'schedule.expiration.duration' : 'schedule',
      `The assignment would end after 9999-12-31, the last day Graph can write${asked?.expiration?.duration ? `: shorten the duration '${asked.expiration.duration}'` : ''}.`,
    );
  }
  const ends = projected.expiration?.endDateTime;
  if (ends && Date.parse(ends) <= at.getTime()) {
    throw invalidSchedule(
      asked?.expiration?.duration ? 'schedule.expiration.duration' : 'schedule.expiration.endDateTime',
      `The assignment would end (${ends}) no later than it starts (${graphTimestamp(at)}).`,
    );
  }
}

/** When an assignment ends, if it does. */
export const endOf = (assignment: StoredAssignment): number | undefined => {
  const end = assignment.schedule?.expiration?.endDateTime;
  return end ? Date.parse(end) : undefined;
};

/** When an assignment expires: at its end, or at once if it ended before it started (an end asked for long ago). */
const expiryOf = (assignment: StoredAssignment): number | undefined => {
  const end = endOf(assignment);
  return end === undefined ? undefined : Math.max(end, Date.parse(assignment.schedule?.startDateTime ?? '') || end);
};

/** The group and link a catalog resource role gives: a group's `Member_{id}` role its membership, `Owner_{id}` ownership. */
function groupRoleOf(role: StoredEntity | undefined): { groupId: string; link: GroupLink } | undefined {
  const match = role?.originSystem === 'AadGroup' ? /^(Member|Owner)_(.+)$/.exec(String(role.originId)) : null;
  return match?.[2] ? { groupId: match[2], link: match[1] === 'Owner' ? OWNERSHIP : MEMBERSHIP } : undefined;
}

/** The group roles a package grants through its role scopes: each group, and whether as member or owner. */
async function groupRolesGrantedBy(
  store: TenantStore,
  accessPackageId: string,
): Promise<Array<{ groupId: string; link: GroupLink }>> {
  const granted: Array<{ groupId: string; link: GroupLink }> = [];
  for (const roleScope of await store.where(ROLE_SCOPE, OF_PACKAGE, accessPackageId)) {
    const role = groupRoleOf(await store.get(RESOURCE_ROLE, String(roleScope['accessPackageResourceRole/id'])));
    if (role) granted.push(role);
  }
  return granted;
}

const grantKey = ({ groupId, link }: { groupId: string; link: GroupLink }) => `${link}:${groupId}`;

/**
 * Gives `userId` the group roles `accessPackageId` grants: membership of each group whose `Member` role it holds,
 * ownership of each whose `Owner` role (`roles`, when only some are new). Links a grant makes are marked, so that
 * revokeUncaused takes back only those; a link that was already there stays as it was.
 */
async function grantRoles(store: TenantStore, userId: string, roles: Array<{ groupId: string; link: GroupLink }>) {
  for (const { groupId, link } of roles) {
    if (!(await store.get('group', groupId))) continue;
    const id = membershipId(groupId, userId);
    if (!(await store.get(link, id))) {
      await store.insert(link, { id, 'group/id': groupId, 'member/id': userId, memberType: 'user', granted: true });
    }
  }
}

/**
 * Gives the target of a delivered assignment what its package grants. Returns false when the target is no directory
 * user any more (the delivery fails). Reprocessing a delivered assignment grants again what was taken by hand.
 */
export async function grant(store: TenantStore, assignment: StoredAssignment): Promise<boolean> {
  const userId = assignment[TARGET_OBJECT];
  if (!userId) return true;
  if (!(await store.get('user', userId))) return false;
  await grantRoles(store, userId, await groupRolesGrantedBy(store, assignment.accessPackageId));
  return true;
}

/** The delivered assignments of a package, whose targets hold what it grants. */
async function deliveredOf(store: TenantStore, accessPackageId: string): Promise<StoredAssignment[]> {
  return ((await store.where(ASSIGNMENT, OF_PACKAGE, accessPackageId)) as StoredAssignment[]).filter(
    (assignment) => assignment.assignmentState === 'Delivered',
  );
}

/**
 * A package grants a role it did not: its current assignees get it, as Graph says of a role added to a package (they
 * get it "through current and future assignments").
 */
export async function grantToHolders(store: TenantStore, accessPackageId: string, role: StoredEntity): Promise<void> {
  const granted = groupRoleOf(role);
  if (!granted) return;
  for (const assignment of await deliveredOf(store, accessPackageId)) {
    const userId = assignment[TARGET_OBJECT];
    if (userId) await grantRoles(store, userId, [granted]);
  }
}

/** A package stopped granting a role: its assignees lose what it gave them, unless something else still gives it. */
export async function revokeFromHolders(store: TenantStore, accessPackageId: string): Promise<void> {
  for (const assignment of await deliveredOf(store, accessPackageId)) {
    const userId = assignment[TARGET_OBJECT];
    if (userId) await revokeUncaused(store, userId);
  }
}

/**
 * Takes back each link a grant made for `userId` that no delivered assignment of theirs still causes (through a role
 * its package grants now): a membership goes with its last cause, however that cause went.
 */
async function revokeUncaused(store: TenantStore, userId: string): Promise<void> {
  const caused = new Set<string>();
  for (const held of (await store.where(ASSIGNMENT, TARGET_OBJECT, userId)) as StoredAssignment[]) {
    if (held.assignmentState !== 'Delivered') continue;
    for (const role of await groupRolesGrantedBy(store, held.accessPackageId)) caused.add(grantKey(role));
  }
  for (const link of [MEMBERSHIP, OWNERSHIP] as const) {
    for (const made of await store.where(link, 'member/id', userId)) {
      const groupId = String(made['group/id']);
      if (made.granted === true && !caused.has(grantKey({ groupId, link }))) await store.delete(link, made.id);
    }
  }
}

/** Ends an assignment at `at`: `Expired`, what it alone granted taken back. */
export async function expire(store: TenantStore, assignment: StoredAssignment, at: Date): Promise<void> {
  await store.update(ASSIGNMENT, assignment.id, (current) => ({
    ...current,
    assignmentState: 'Expired',
    assignmentStatus: 'Expired',
    expiredDateTime: graphTimestamp(at),
  }));
  const userId = assignment[TARGET_OBJECT];
  if (userId) await revokeUncaused(store, userId);
}

/**
 * The stages a user's request under `policy` goes through: none without approval, the first for `SingleStage`, two
 * for `Serial`. An extension (`forExtension`) needs approval only where the policy's `isApprovalRequiredForExtension`
 * says so, through the same stages.
 */
export function stagesOf(policy: StoredEntity | undefined, forExtension = false): ApprovalStage[] {
  const settings = policy?.requestApprovalSettings as ApprovalSettings | undefined;
  const required = forExtension ? settings?.isApprovalRequiredForExtension : settings?.isApprovalRequired;
  if (required !== true) return [];
  const stages = settings?.approvalStages ?? [];
  return settings?.approvalMode === 'Serial' ? stages.slice(0, 2) : stages.slice(0, 1);
}

const stageDeadline = (stage: ApprovalStage | undefined, from: Date) =>
  new Date(from.getTime() + (stage?.approvalStageTimeOutInDays ?? DEFAULT_STAGE_TIMEOUT_DAYS) * 24 * 3600 * 1000);

/** A step of the stage just reached, waiting for a decision. */
export const newStep = (): ApprovalStep => ({
  id: globalThis.crypto.randomUUID(),
  displayName: null,
  status: 'InProgress',
  reviewResult: 'NotReviewed',
  assignedToMe: false,
  justification: null,
  reviewedBy: null,
  reviewedDateTime: null,
});

/** Ends a request at `at`: its state and status, its `completedDate`, and nothing left due. */
export function endRequest(tx: TenantStore, requestId: string, state: string, status: string, at: Date) {
  return tx.update(REQUEST, requestId, (current) => {
    const { [DUE]: _due, ...rest } = current;
    return { ...rest, requestState: state, requestStatus: status, completedDate: graphTimestamp(at) };
  });
}

/** Stores `item` in place of what `entity` holds under its id, or as new: a request processed again replaces its own. */
async function put(tx: TenantStore, entity: string, item: StoredEntity): Promise<void> {
  if (await tx.get(entity, item.id)) await tx.update(entity, item.id, () => item);
  else await tx.insert(entity, item);
}

/** Puts a request before its policy's approvers: its approval, with the first stage's step, due by the stage's timeout. */
async function awaitApproval(tx: TenantStore, request: StoredRequest, stages: ApprovalStage[], now: Date) {
  const approval: StoredApproval = {
    id: request.id,
    steps: [newStep()],
    [STAGES]: stages,
    [AWAITING]: 'true',
    [TARGET_OBJECT]: request[TARGET_OBJECT] ?? null,
  };
  await put(tx, APPROVAL, approval);
  await tx.update(REQUEST, request.id, (current) => ({
    ...current,
    requestState: 'PendingApproval',
    requestStatus: 'PendingApproval',
    [DUE]: stageDeadline(stages[0], now).toISOString(),
  }));
}

/**
 * Moves an approval on after a decision on its current step: a denial ends the request, an approval reaches the
 * next stage or, after the last, sends the request to delivery after `deliveryDelayMs`. Returns when the request is
 * next due, if it is.
 */
export async function decide(
  tx: TenantStore,
  approval: StoredApproval,
  decided: ApprovalStep,
  now: Date,
  deliveryDelayMs: number,
): Promise<Date | undefined> {
  const steps = approval.steps.map((step) => (step.id === decided.id ? decided : step));
  const nextStage = approval[STAGES][steps.length];
  const approved = decided.reviewResult === 'Approved';
  if (approved && nextStage) steps.push(newStep());
  await tx.update(APPROVAL, approval.id, (current) => ({
    ...current,
    steps,
    [AWAITING]: approved && nextStage ? 'true' : 'false',
  }));
  if (!approved) {
    await endRequest(tx, approval.id, 'Denied', 'Denied', now);
    return undefined;
  }
  const due = nextStage ? stageDeadline(nextStage, now) : new Date(now.getTime() + deliveryDelayMs);
  await tx.update(REQUEST, approval.id, (current) =>
    nextStage
      ? { ...current, [DUE]: due.toISOString() }
      : { ...current, requestState: 'Delivering', requestStatus: 'Delivering', [DUE]: due.toISOString() },
  );
  return due;
}

/** Ends the wait of a request that is canceled or timed out: its step in progress ends `status`. */
export async function closeApproval(tx: TenantStore, requestId: string, status: 'Completed' | 'Expired') {
  const approval = (await tx.get(APPROVAL, requestId)) as StoredApproval | undefined;
  if (approval?.[AWAITING] !== 'true') return;
  await tx.update(APPROVAL, requestId, (current) => ({
    ...current,
    steps: (current.steps as ApprovalStep[]).map((step) => (step.status === 'InProgress' ? { ...step, status } : step)),
    [AWAITING]: 'false',
  }));
}

/**
 * Whether `oid` may decide the step at `index` of an approval: a primary approver of its stage who is not the
 * request's own target (no one approves their own request, as in Entra).
 */
export async function mayDecide(store: TenantStore, oid: string, approval: StoredApproval, index: number) {
  const stage = approval[STAGES][index];
  return approval[TARGET_OBJECT] !== oid && stage !== undefined && isOneOf(store, oid, stage.primaryApprovers ?? []);
}

/** The approvals in progress whose current step `oid` may decide: an approver's inbox. */
export async function awaitingDecisionBy(store: TenantStore, oid: string | undefined): Promise<string[]> {
  if (!oid) return [];
  const ids: string[] = [];
  for (const approval of (await store.where(APPROVAL, AWAITING, 'true')) as StoredApproval[]) {
    if (await mayDecide(store, oid, approval, approval.steps.length - 1)) ids.push(approval.id);
  }
  return ids;
}

/** The stages a request must pass before it is delivered: a user's add's, and a user's extension's where asked. */
function stagesFor(request: StoredRequest, policy: StoredEntity | undefined): ApprovalStage[] {
  if (request.requestType === 'UserAdd') return stagesOf(policy);
  if (request.requestType === 'UserExtend') return stagesOf(policy, true);
  return [];
}

/**
 * Processes a request that fell due at `at`: a stage past its time-out denies it; a request just submitted goes to its
 * approvers first if it needs them; one whose asked start lies ahead is `Scheduled` until then; the rest are delivered.
 */
async function process(tx: TenantStore, request: StoredRequest, at: Date): Promise<void> {
  const policy = request[OF_POLICY] ? await tx.get('accessPackageAssignmentPolicy', request[OF_POLICY]) : undefined;
  if (request.requestState === 'PendingApproval') {
    await closeApproval(tx, request.id, 'Expired');
    await endRequest(tx, request.id, 'Denied', 'Expired', at);
    return;
  }
  const stages = stagesFor(request, policy);
  if (request.requestState === 'Submitted' && stages.length > 0) {
    await awaitApproval(tx, request, stages, at);
    return;
  }
  const start = askedStart(request[ASKED_SCHEDULE] as RequestSchedule | undefined);
  if (request.requestState !== 'Scheduled' && start !== undefined && start > at.getTime()) {
    await tx.update(REQUEST, request.id, (current) => ({
      ...current,
      requestState: 'Scheduled',
      requestStatus: 'Scheduled',
      [DUE]: new Date(start).toISOString(),
    }));
    return;
  }
  await deliver(tx, request, policy, at);
}

/** Does what a request asks, at `at`: makes, changes or ends its assignment; or fails the delivery. */
async function deliver(tx: TenantStore, request: StoredRequest, policy: StoredEntity | undefined, at: Date) {
  const finish = (state: string, status: string) => endRequest(tx, request.id, state, status, at);
  const asked = request[ASKED_SCHEDULE] as RequestSchedule | undefined;
  const assignment = request[OF_ASSIGNMENT]
    ? ((await tx.get(ASSIGNMENT, request[OF_ASSIGNMENT])) as StoredAssignment | undefined)
    : undefined;
  switch (request.requestType) {
    case 'UserAdd':
    case 'AdminAdd': {
      const pkg = await tx.get('accessPackage', request[OF_PACKAGE]);
      const subject = await tx.get(SUBJECT, String(request['target/id']));
      const schedule = scheduleOf(policy, at, asked);
      if (!pkg || !subject || !schedule) return finish('DeliveryFailed', 'DeliveryFailed');
      const made: StoredAssignment = {
        id: request.id,
        catalogId: String(pkg.catalogId),
        accessPackageId: pkg.id,
        assignmentPolicyId: String(request[OF_POLICY]),
        targetId: subject.id,
        assignmentState: 'Delivered',
        assignmentStatus: 'Delivered',
        isExtended: false,
        expiredDateTime: null,
        schedule,
        [OF_PACKAGE]: pkg.id,
        [OF_POLICY]: String(request[OF_POLICY]),
        [TARGET_OBJECT]: (subject.objectId as string | null) ?? null,
        'target/id': subject.id,
      };
      if (!(await grant(tx, made))) return finish('DeliveryFailed', 'DeliveryFailed');
      await put(tx, ASSIGNMENT, made);
      await tx.update(REQUEST, request.id, (current) => ({ ...current, [OF_ASSIGNMENT]: made.id }));
      return finish('Delivered', 'Fulfilled');
    }
    case 'UserRemove':
    case 'AdminRemove':
      if (assignment?.assignmentState === 'Delivered') await expire(tx, assignment, at);
      return finish('Delivered', 'Fulfilled');
    case 'UserExtend':
    case 'AdminUpdate': {
      if (assignment?.assignmentState !== 'Delivered') return finish('DeliveryFailed', 'DeliveryFailed');
      const from = new Date(Math.max(endOf(assignment) ?? at.getTime(), at.getTime()));
      const extended = scheduleOf(policy, from, asked);
      if (!extended) return finish('DeliveryFailed', 'DeliveryFailed');
      await tx.update(ASSIGNMENT, assignment.id, (current) => ({
        ...current,
        isExtended: request.requestType === 'UserExtend' ? true : current.isExtended,
        schedule: { ...extended, startDateTime: (current.schedule as RequestSchedule | undefined)?.startDateTime },
      }));
      return finish('Delivered', 'Fulfilled');
    }
  }
}

/** Something of a tenant's lifecycle that falls due at `at`: a request to process, or an assignment to expire. */
interface Due {
  at: number;
  kind: 'request' | 'assignment';
  id: string;
  /** Requests come before expiries at the same instant, each in the order it was made. */
  order: number;
}

const before = (a: Due, b: Due) =>
  a.at - b.at || (a.kind === b.kind ? a.order - b.order : a.kind === 'request' ? -1 : 1);

/** When an open request next moves (or times out), if it is open. */
function dueOf(request: StoredRequest | undefined): number | undefined {
  if (!request || !OPEN.has(request.requestState)) return undefined;
  const at = Date.parse(request[DUE] ?? '');
  return Number.isNaN(at) ? undefined : at;
}

/** Every open request, in the order they were made (their positions order simultaneous events). */
async function openRequests(store: TenantStore): Promise<StoredRequest[]> {
  const open: StoredRequest[] = [];
  const query = {
    filter: { kind: 'or' as const, operands: [...OPEN].map((state) => equals('requestState', state)) },
    size: 999,
    fingerprint: 'settle',
  };
  for (let page = await store.list(REQUEST, query); ; ) {
    open.push(...(page.items as StoredRequest[]));
    if (!page.nextSkiptoken) return open;
    page = await store.list(REQUEST, { ...query, skiptoken: page.nextSkiptoken });
  }
}

/** How many events one settle handles at most; the rest wait for the next request, so no request waits on a year. */
const MAX_EVENTS_PER_SETTLE = 1_000;
/** The next due time of a tenant where nothing falls due. */
const NOTHING_DUE = Number.MAX_SAFE_INTEGER;

/**
 * Brings a tenant's lifecycle up to the clock: everything that fell due happens at the instant it was due, in the
 * order of those instants (requests, in the order they were made, before expiries at the same instant), so an
 * assignment delivered a minute after its request and meant to last 30 days ends 30 days after that minute however far
 * the clock jumped. Run before every request the API answers, so a client polling a request (or reading a group's
 * members) sees what Graph would show by then.
 *
 * The tenant's next due time is kept in the store, which every stub instance sharing it reads; an instance alone on
 * its store (`shared` false) also keeps it in memory, so most requests read nothing. Something that cannot be done
 * (a bug, or data the store can no longer hold) fails its request, is logged and is passed by: it never blocks the
 * tenant.
 */
export function createSettler(clock: Clock, options: { shared: boolean; logger?: Logger }) {
  const known = new Map<string, { at: number; generation: number }>();
  // Events that failed, and could not even be marked failed: passed by from then on (by this instance).
  const failed = new Set<string>();
  const failure = (store: TenantStore, event: Due) => `${store.tenantId}/${event.kind}/${event.id}/${event.at}`;
  const remember = (tenantId: string, at: number, generation: number) => {
    if (!options.shared && clock.generation === generation) known.set(tenantId, { at, generation });
  };

  /** Handles one event in a transaction of its own: only if it is still due as it was found, at its own instant. */
  async function handle(store: TenantStore, event: Due): Promise<void> {
    await store.transaction(async (tx) => {
      if (event.kind === 'request') {
        const current = (await tx.lock(REQUEST, event.id, 'update')) as StoredRequest | undefined;
        if (dueOf(current) === event.at) await process(tx, current as StoredRequest, new Date(event.at));
      } else {
        const current = (await tx.lock(ASSIGNMENT, event.id, 'update')) as StoredAssignment | undefined;
        if (current?.assignmentState === 'Delivered' && expiryOf(current) === event.at) {
          await expire(tx, current, new Date(event.at));
        }
      }
    });
  }

  /** A request that could not be processed ends `DeliveryFailed` (an assignment that could not expire, `Expired`). */
  async function giveUp(store: TenantStore, event: Due, err: unknown): Promise<void> {
    if (failed.size >= 10_000) failed.clear();
    failed.add(failure(store, event));
    options.logger?.error(
      { err, tenantId: store.tenantId, [event.kind]: event.id },
      `the stub could not process the ${event.kind} ${event.id} due at ${new Date(event.at).toISOString()}; it is marked failed and passed by`,
    );
    await store
      .transaction(async (tx) => {
        if (event.kind === 'request') {
          await closeApproval(tx, event.id, 'Expired');
          await endRequest(tx, event.id, 'DeliveryFailed', 'DeliveryFailed', new Date(event.at));
        } else {
          await tx.update(ASSIGNMENT, event.id, (current) => ({
            ...current,
            assignmentState: 'Expired',
            assignmentStatus: 'Expired',
            expiredDateTime: graphTimestamp(new Date(event.at)),
          }));
        }
      })
      .catch((again: unknown) =>
        options.logger?.error({ err: again, tenantId: store.tenantId }, 'marking it failed failed too'),
      );
  }

  /** Everything due by `now`, in order; returns when the tenant next falls due after that. */
  async function run(store: TenantStore, now: number): Promise<number> {
    let next = NOTHING_DUE;
    const queue: Due[] = [];
    const push = (event: Due) => {
      if (failed.has(failure(store, event))) return;
      if (event.at <= now) queue.push(event);
      else next = Math.min(next, event.at);
    };
    for (const [order, request] of (await openRequests(store)).entries()) {
      const at = dueOf(request);
      if (at !== undefined) push({ at, kind: 'request', id: request.id, order });
    }
    for (const assignment of (await store.where(ASSIGNMENT, 'assignmentState', 'Delivered')) as StoredAssignment[]) {
      const at = expiryOf(assignment);
      if (at !== undefined) push({ at, kind: 'assignment', id: assignment.id, order: 0 });
    }
    for (let handled = 0; queue.length > 0; handled += 1) {
      // The rest waits for the next request, which settles on at once.
      if (handled >= MAX_EVENTS_PER_SETTLE) return now;
      queue.sort(before);
      const event = queue.shift() as Due;
      await handle(store, event).catch((err: unknown) => giveUp(store, event, err));
      if (event.kind !== 'request') continue;
      // What the request led to: its own next step, and the assignment it made or changed.
      const request = (await store.get(REQUEST, event.id)) as StoredRequest | undefined;
      const at = dueOf(request);
      if (at !== undefined) push({ ...event, at });
      const made = request?.[OF_ASSIGNMENT]
        ? ((await store.get(ASSIGNMENT, request[OF_ASSIGNMENT])) as StoredAssignment | undefined)
        : undefined;
      const ends = made?.assignmentState === 'Delivered' ? expiryOf(made) : undefined;
      if (made && ends !== undefined) push({ at: ends, kind: 'assignment', id: made.id, order: 0 });
    }
    return next;
  }

  return {
    /** Records that something in the tenant falls due at `at` (a request just submitted or decided); in its transaction. */
    async due(store: TenantStore, at: Date): Promise<void> {
      await store.dueBy(at.getTime());
      const memo = known.get(store.tenantId);
      if (memo) memo.at = Math.min(memo.at, at.getTime());
    },
    async settle(store: TenantStore): Promise<void> {
      const now = clock.now().getTime();
      const generation = clock.generation;
      const memo = known.get(store.tenantId);
      if (memo && memo.generation === generation && now < memo.at) return;
      const recorded = await store.nextDue();
      if (recorded !== undefined && now < recorded) return remember(store.tenantId, recorded, generation);
      // Nothing is known to be due while the tenant is looked through; whatever is recorded meanwhile (a request made
      // through another instance) lowers it again, and is kept when the result is recorded.
      await store.setNextDue(NOTHING_DUE);
      let next = now;
      try {
        next = await run(store, now);
      } finally {
        await store.dueBy(next);
      }
      remember(store.tenantId, (await store.nextDue()) ?? now, generation);
    },
  };
}

export type Settler = ReturnType<typeof createSettler>;

/** Who made a request, for `filterByCurrentUser(on='createdBy')`. */
export function createdByOf(caller: Caller): string {
  return callerObjectId(caller) ?? caller.name;
}
