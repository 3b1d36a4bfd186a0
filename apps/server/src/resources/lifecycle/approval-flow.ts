import type { ApprovalStage, ApprovalStep } from '@accesspackage/types';
import type { StoredPolicy } from '../../store/entities.js';
import { AWAITING, DUE, OF_POLICY, STAGES, TARGET_OBJECT } from '../../store/references.js';
import type { TenantStore } from '../../store/store.js';
import { recordCalls } from './extension-calls.js';
import { APPROVAL, DEFAULT_STAGE_TIMEOUT_DAYS, REQUEST, type StoredApproval, type StoredRequest } from './keys.js';
import { endRequest, put } from './request-state.js';
import { isOneOf, transitiveGroups } from './requestors.js';

/**
 * The stages a user's request under `policy` goes through: none without approval, the first for `SingleStage`, two
 * for `Serial`. An extension (`forExtension`) needs approval only where the policy's `isApprovalRequiredForExtension`
 * says so, through the same stages.
 */
export function stagesOf(policy: StoredPolicy | undefined, forExtension = false): ApprovalStage[] {
  // Stryker disable next-line OptionalChaining: a request's policy cannot go while it is open (409), and policyOf
  // fills in every policy's approval settings: the chains are for the types.
  const settings = policy?.requestApprovalSettings;
  // Stryker disable next-line OptionalChaining: as above.
  const required = forExtension ? settings?.isApprovalRequiredForExtension : settings?.isApprovalRequired;
  if (required !== true) return [];
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: as above (policyOf gives approvalStages `[]`).
  const stages = settings?.approvalStages ?? [];
  // Two stages at most, as Graph's beta has: the contract's maxItems holds requests to it, but not a data file.
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
  // Stryker disable next-line BooleanLiteral: every read sets it for its caller (approvals.ts, personal).
  assignedToMe: false,
  justification: null,
  reviewedBy: null,
  reviewedDateTime: null,
});

/** Puts a request before its policy's approvers: its approval, with the first stage's step, due by the stage's timeout. */
export async function awaitApproval(tx: TenantStore, request: StoredRequest, stages: ApprovalStage[], now: Date) {
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
  if (!nextStage) {
    const request = await tx.get(REQUEST, approval.id);
    // Stryker disable next-line OptionalChaining: the request is there, locked by this transaction; the chain is for the type.
    const policy = request?.[OF_POLICY] ? await tx.get('accessPackageAssignmentPolicy', request[OF_POLICY]) : undefined;
    await recordCalls(tx, approval.id, policy, 'assignmentRequestApproved');
  }
  await tx.update(REQUEST, approval.id, (current) =>
    nextStage
      ? { ...current, [DUE]: due.toISOString() }
      : { ...current, requestState: 'Delivering', requestStatus: 'Delivering', [DUE]: due.toISOString() },
  );
  return due;
}

/** Ends the wait of a request that is canceled or timed out: its step in progress ends `status`. */
export async function closeApproval(tx: TenantStore, requestId: string, status: 'Completed' | 'Expired') {
  const approval = await tx.get(APPROVAL, requestId);
  // Stryker disable next-line ConditionalExpression: a shortcut; an approval not awaiting has no step in progress, and
  // an update of none changes nothing.
  if (approval?.[AWAITING] !== 'true') return;
  await tx.update(APPROVAL, requestId, (current) => ({
    ...current,
    steps: (current.steps as ApprovalStep[]).map((step) => (step.status === 'InProgress' ? { ...step, status } : step)),
    // Stryker disable next-line StringLiteral: anything but 'true' takes it out of approvers' inboxes.
    [AWAITING]: 'false',
  }));
}

/**
 * Whether `oid` may decide the step at `index` of an approval: a primary approver of its stage who is not the
 * request's own target (no one approves their own request, as in Entra).
 */
export async function mayDecide(
  store: TenantStore,
  oid: string,
  approval: StoredApproval,
  index: number,
  groups?: Set<string>,
) {
  const stage = approval[STAGES][index];
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: a step's index is always one of its stages' (one
  // step per stage reached); the check is for the type.
  if (stage === undefined) return false;
  return approval[TARGET_OBJECT] !== oid && isOneOf(store, oid, stage.primaryApprovers ?? [], groups);
}

/** Whether `oid` approves any stage of the approval, as a primary or an escalation approver. */
export async function approvesAnyStage(store: TenantStore, oid: string, approval: StoredApproval): Promise<boolean> {
  for (const stage of approval[STAGES]) {
    if (await isOneOf(store, oid, [...(stage.primaryApprovers ?? []), ...(stage.escalationApprovers ?? [])])) {
      return true;
    }
  }
  return false;
}

/** The approvals in progress whose current step `oid` may decide: an approver's inbox. */
export async function awaitingDecisionBy(
  store: TenantStore,
  oid: string | undefined,
  known?: Set<string>,
): Promise<string[]> {
  if (!oid) return [];
  // Stryker disable next-line ArrayDeclaration: an id in the inbox that is no approval's matches nothing when listed.
  const ids: string[] = [];
  // The approver's groups once for the whole inbox: per approval, they cost nested groups × pending approvals.
  // Stryker disable next-line LogicalOperator: without them, each check finds the approver's groups itself (slower).
  const groups = known ?? (await transitiveGroups(store, oid));
  for (const approval of await store.where(APPROVAL, AWAITING, 'true')) {
    if (await mayDecide(store, oid, approval, approval.steps.length - 1, groups)) ids.push(approval.id);
  }
  return ids;
}
