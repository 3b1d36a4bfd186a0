import type { ApprovalSettings, ApprovalStage, ApprovalStep, RequestSchedule } from '@accesspackage/types';
import { type Caller, GLOBAL_ADMINISTRATOR, IDENTITY_GOVERNANCE_ADMINISTRATOR } from '../auth/index.js';
import { addDuration, type Clock } from '../graph/clock.js';
import { graphTimestamp } from '../graph/timestamps.js';
import { RESOURCE_ROLE } from '../store/catalog-resources.js';
import type { StoredEntity, TenantStore } from '../store/store.js';
import { ROLE_SCOPE } from './catalog-resources.js';
import { type GroupLink, MEMBERSHIP, membershipId, OWNERSHIP } from './directory.js';
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
/** Open states: the request has not reached an end yet. */
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
 * administrator's choice) wins over the policy's.
 */
export function scheduleOf(
  policy: StoredEntity | undefined,
  start: Date,
  requested?: RequestSchedule | null,
): RequestSchedule {
  const startDateTime = graphTimestamp(start);
  const asked = requested?.expiration;
  if (asked?.endDateTime) {
    return {
      startDateTime,
      recurrence: null,
      expiration: { type: 'afterDateTime', endDateTime: asked.endDateTime, duration: null },
    };
  }
  if (asked?.duration) {
    const end = addDuration(start, asked.duration);
    return {
      startDateTime,
      recurrence: null,
      expiration: { type: 'afterDuration', duration: asked.duration, endDateTime: end ? graphTimestamp(end) : null },
    };
  }
  const days = Number(policy?.durationInDays ?? 0);
  if (days > 0) {
    const end = new Date(start.getTime() + days * 24 * 3600 * 1000);
    return {
      startDateTime,
      recurrence: null,
      expiration: { type: 'afterDuration', duration: `P${days}D`, endDateTime: graphTimestamp(end) },
    };
  }
  if (typeof policy?.expirationDateTime === 'string') {
    return {
      startDateTime,
      recurrence: null,
      expiration: { type: 'afterDateTime', endDateTime: policy.expirationDateTime, duration: null },
    };
  }
  return { startDateTime, recurrence: null, expiration: { type: 'noExpiration', endDateTime: null, duration: null } };
}

const endOf = (assignment: StoredAssignment): number | undefined => {
  const end = assignment.schedule?.expiration?.endDateTime;
  return end ? Date.parse(end) : undefined;
};

/** The group roles a package grants through its role scopes: each group, and whether as member or owner. */
async function groupRolesGrantedBy(
  store: TenantStore,
  accessPackageId: string,
): Promise<Array<{ groupId: string; link: GroupLink }>> {
  const granted: Array<{ groupId: string; link: GroupLink }> = [];
  for (const roleScope of await store.where(ROLE_SCOPE, OF_PACKAGE, accessPackageId)) {
    const role = await store.get(RESOURCE_ROLE, String(roleScope['accessPackageResourceRole/id']));
    const match = role?.originSystem === 'AadGroup' ? /^(Member|Owner)_(.+)$/.exec(String(role.originId)) : null;
    if (match?.[2]) granted.push({ groupId: match[2], link: match[1] === 'Owner' ? OWNERSHIP : MEMBERSHIP });
  }
  return granted;
}

const grantKey = ({ groupId, link }: { groupId: string; link: GroupLink }) => `${link}:${groupId}`;

/**
 * Gives the target of a delivered assignment what its package grants: membership of each group whose `Member` role
 * it holds, ownership of each whose `Owner` role. Links the delivery makes are marked, so that removal takes back
 * only those. Returns false when the target is no directory user any more (the delivery fails). Reprocessing a
 * delivered assignment grants again what was taken by hand.
 */
export async function grant(store: TenantStore, assignment: StoredAssignment): Promise<boolean> {
  const userId = assignment[TARGET_OBJECT];
  if (!userId) return true;
  if (!(await store.get('user', userId))) return false;
  for (const { groupId, link } of await groupRolesGrantedBy(store, assignment.accessPackageId)) {
    if (!(await store.get('group', groupId))) continue;
    const id = membershipId(groupId, userId);
    if (!(await store.get(link, id))) {
      await store.insert(link, {
        id,
        'group/id': groupId,
        'member/id': userId,
        memberType: 'user',
        granted: true,
      });
    }
  }
  return true;
}

/** Takes back the links an assignment gave, unless another delivered assignment of the target still grants them. */
async function revoke(store: TenantStore, assignment: StoredAssignment): Promise<void> {
  const userId = assignment[TARGET_OBJECT];
  if (!userId) return;
  const stillGranted = new Set<string>();
  for (const other of (await store.where(ASSIGNMENT, TARGET_OBJECT, userId)) as StoredAssignment[]) {
    if (other.id === assignment.id || other.assignmentState !== 'Delivered') continue;
    for (const role of await groupRolesGrantedBy(store, other.accessPackageId)) stillGranted.add(grantKey(role));
  }
  for (const role of await groupRolesGrantedBy(store, assignment.accessPackageId)) {
    if (stillGranted.has(grantKey(role))) continue;
    const link = await store.get(role.link, membershipId(role.groupId, userId));
    if (link?.granted === true) await store.delete(role.link, link.id);
  }
}

/** Ends an assignment now: `Expired`, its memberships taken back. */
export async function expire(store: TenantStore, assignment: StoredAssignment, at: Date): Promise<void> {
  await store.update(ASSIGNMENT, assignment.id, (current) => ({
    ...current,
    assignmentState: 'Expired',
    assignmentStatus: 'Expired',
    expiredDateTime: graphTimestamp(at),
  }));
  await revoke(store, assignment);
}

/** The stages a user's request under `policy` goes through: none without approval, the first for `SingleStage`. */
export function stagesOf(policy: StoredEntity | undefined): ApprovalStage[] {
  const settings = policy?.requestApprovalSettings as ApprovalSettings | undefined;
  if (settings?.isApprovalRequired !== true) return [];
  const stages = settings.approvalStages ?? [];
  return settings.approvalMode === 'Serial' ? stages.slice(0, 2) : stages.slice(0, 1);
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

/** The approvals in progress whose current stage names `oid` among its primary approvers. */
export async function awaitingDecisionBy(store: TenantStore, oid: string | undefined): Promise<string[]> {
  if (!oid) return [];
  const ids: string[] = [];
  for (const approval of (await store.where(APPROVAL, AWAITING, 'true')) as StoredApproval[]) {
    const stage = approval[STAGES][approval.steps.length - 1];
    if (stage && (await isOneOf(store, oid, stage.primaryApprovers ?? []))) ids.push(approval.id);
  }
  return ids;
}

/** Processes one submitted request that is due: on to approval, delivered, or failed. */
async function process(tx: TenantStore, request: StoredRequest, now: Date): Promise<void> {
  const finish = (state: string, status: string) => endRequest(tx, request.id, state, status, now);
  const policy = request[OF_POLICY] ? await tx.get('accessPackageAssignmentPolicy', request[OF_POLICY]) : undefined;
  const assignment = request[OF_ASSIGNMENT]
    ? ((await tx.get(ASSIGNMENT, request[OF_ASSIGNMENT])) as StoredAssignment | undefined)
    : undefined;
  switch (request.requestType) {
    case 'UserAdd':
    case 'AdminAdd': {
      // Administrators assign directly; a user's request waits for the policy's approvers first (once: an approved
      // request comes back Delivering).
      const stages = stagesOf(policy);
      if (request.requestType === 'UserAdd' && request.requestState === 'Submitted' && stages.length > 0) {
        await awaitApproval(tx, request, stages, now);
        return;
      }
      const pkg = await tx.get('accessPackage', request[OF_PACKAGE]);
      const subject = await tx.get(SUBJECT, String(request['target/id']));
      if (!pkg || !subject) {
        await finish('DeliveryFailed', 'DeliveryFailed');
        return;
      }
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
        schedule: scheduleOf(policy, now, request[ASKED_SCHEDULE] as RequestSchedule | undefined),
        [OF_PACKAGE]: pkg.id,
        [OF_POLICY]: String(request[OF_POLICY]),
        [TARGET_OBJECT]: (subject.objectId as string | null) ?? null,
        'target/id': subject.id,
      };
      if (!(await grant(tx, made))) {
        await finish('DeliveryFailed', 'DeliveryFailed');
        return;
      }
      await put(tx, ASSIGNMENT, made);
      await tx.update(REQUEST, request.id, (current) => ({ ...current, [OF_ASSIGNMENT]: made.id }));
      await finish('Delivered', 'Fulfilled');
      return;
    }
    case 'UserRemove':
    case 'AdminRemove':
      if (assignment && assignment.assignmentState !== 'Expired') await expire(tx, assignment, now);
      await finish('Delivered', 'Fulfilled');
      return;
    case 'UserExtend':
    case 'AdminUpdate': {
      if (assignment?.assignmentState !== 'Delivered') {
        await finish('DeliveryFailed', 'DeliveryFailed');
        return;
      }
      const from = new Date(Math.max(endOf(assignment) ?? now.getTime(), now.getTime()));
      const extended = scheduleOf(policy, from, request[ASKED_SCHEDULE] as RequestSchedule | undefined);
      await tx.update(ASSIGNMENT, assignment.id, (current) => ({
        ...current,
        isExtended: request.requestType === 'UserExtend' ? true : current.isExtended,
        schedule: { ...extended, startDateTime: (current.schedule as RequestSchedule | undefined)?.startDateTime },
      }));
      await finish('Delivered', 'Fulfilled');
      return;
    }
  }
}

/** A stage no approver decided in time: its step `Expired`, the request denied. */
async function timeOut(tx: TenantStore, request: StoredRequest, at: Date): Promise<void> {
  await closeApproval(tx, request.id, 'Expired');
  await endRequest(tx, request.id, 'Denied', 'Expired', at);
}

/**
 * Brings a tenant's lifecycle up to the clock: submitted requests past their due time are processed, and
 * delivered assignments past their end expire. Run before every request the API answers, so a client
 * polling a request (or reading a group's members) sees what Graph would show by then. Which tenants have
 * nothing due before a given time is remembered per clock generation, so most requests skip the store.
 */
export function createSettler(clock: Clock, recheckMs: number | undefined) {
  const nextDue = new Map<string, { at: number; generation: number; checked: number }>();
  return {
    /** Remembers that something in `tenantId` falls due at `at` (a request just submitted). */
    due(tenantId: string, at: Date): void {
      const known = nextDue.get(tenantId);
      if (known && known.generation === clock.generation) known.at = Math.min(known.at, at.getTime());
    },
    async settle(store: TenantStore): Promise<void> {
      const now = clock.now();
      const known = nextDue.get(store.tenantId);
      const fresh = known && known.generation === clock.generation;
      const recent = recheckMs === undefined || (known && Date.now() - known.checked < recheckMs);
      if (fresh && recent && now.getTime() < known.at) return;
      const generation = clock.generation;
      let next = Number.POSITIVE_INFINITY;
      // Submitted and approved (Delivering) requests are processed when due; a stage past its timeout expires.
      for (const state of ['Submitted', 'Delivering', 'PendingApproval']) {
        for (const request of (await store.where(REQUEST, 'requestState', state)) as StoredRequest[]) {
          const at = Date.parse(request[DUE] ?? '');
          if (Number.isNaN(at)) continue;
          if (at <= now.getTime()) {
            await store.transaction(async (tx) => {
              const current = (await tx.lock(REQUEST, request.id, 'update')) as StoredRequest | undefined;
              if (current?.requestState !== state || current[DUE] !== request[DUE]) return;
              if (state === 'PendingApproval') await timeOut(tx, current, new Date(at));
              else await process(tx, current, now);
            });
          } else next = Math.min(next, at);
        }
      }
      for (const assignment of (await store.where(ASSIGNMENT, 'assignmentState', 'Delivered')) as StoredAssignment[]) {
        const end = endOf(assignment);
        if (end === undefined) continue;
        if (end <= now.getTime()) {
          await store.transaction(async (tx) => {
            const current = (await tx.lock(ASSIGNMENT, assignment.id, 'update')) as StoredAssignment | undefined;
            if (current?.assignmentState === 'Delivered') await expire(tx, current, new Date(end));
          });
        } else next = Math.min(next, end);
      }
      nextDue.set(store.tenantId, { at: next, generation, checked: Date.now() });
    },
  };
}

export type Settler = ReturnType<typeof createSettler>;

/** Who made a request, for `filterByCurrentUser(on='createdBy')`. */
export function createdByOf(caller: Caller): string {
  return callerObjectId(caller) ?? caller.name;
}
