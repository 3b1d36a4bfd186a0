import type { ApprovalStage, RequestSchedule } from '@accesspackage/types';
import type { StoredPolicy } from '../../store/entities.js';
import {
  ASKED_SCHEDULE,
  DUE,
  OF_ASSIGNMENT,
  OF_PACKAGE,
  OF_POLICY,
  TARGET_OBJECT,
  TARGET_SUBJECT,
} from '../../store/references.js';
import type { TenantStore } from '../../store/store.js';
import { awaitApproval, closeApproval, stagesOf } from './approval-flow.js';
import { recordCalls } from './extension-calls.js';
import { expire, grant } from './grants.js';
import { ASSIGNMENT, REQUEST, requestTypeOf, type StoredAssignment, type StoredRequest, SUBJECT } from './keys.js';
import { endRequest, put } from './request-state.js';
import { asDelivered, askedStart, endOf, scheduleOf } from './schedules.js';

/** The stages a request must pass before it is delivered: a user's add's, and a user's extension's where asked. */
function stagesFor(request: StoredRequest, policy: StoredPolicy | undefined): ApprovalStage[] {
  const type = requestTypeOf(request.requestType);
  if (type === 'UserAdd') return stagesOf(policy);
  if (type === 'UserExtend') return stagesOf(policy, true);
  return [];
}

/**
 * Processes a request that fell due at `at`: a stage past its time-out denies it; a request just submitted goes to its
 * approvers first if it needs them; one whose asked start lies ahead is `Scheduled` until then; the rest are delivered.
 */
export async function process(tx: TenantStore, request: StoredRequest, at: Date): Promise<void> {
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
  // A start already passed (or none) is now; a `Scheduled` request is processed at its start, and so delivered.
  const start = askedStart(request[ASKED_SCHEDULE] as RequestSchedule | undefined) ?? at.getTime();
  if (start > at.getTime()) {
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
async function deliver(tx: TenantStore, request: StoredRequest, policy: StoredPolicy | undefined, at: Date) {
  const finish = (state: string, status: string) => endRequest(tx, request.id, state, status, at);
  const asked = request[ASKED_SCHEDULE] as RequestSchedule | undefined;
  const assignment = request[OF_ASSIGNMENT] ? await tx.get(ASSIGNMENT, request[OF_ASSIGNMENT]) : undefined;
  const type = requestTypeOf(request.requestType);
  switch (type) {
    case 'UserAdd':
    case 'AdminAdd': {
      const pkg = await tx.get('accessPackage', request[OF_PACKAGE]);
      const subject = await tx.get(SUBJECT, String(request[TARGET_SUBJECT]));
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
        schedule: asDelivered(schedule),
        [OF_PACKAGE]: pkg.id,
        [OF_POLICY]: String(request[OF_POLICY]),
        [TARGET_OBJECT]: (subject.objectId as string | null) ?? null,
        [TARGET_SUBJECT]: subject.id,
      };
      if (!(await grant(tx, made))) return finish('DeliveryFailed', 'DeliveryFailed');
      await put(tx, ASSIGNMENT, made);
      await tx.update(REQUEST, request.id, (current) => ({ ...current, [OF_ASSIGNMENT]: made.id }));
      await recordCalls(tx, request.id, policy, 'assignmentRequestGranted');
      return finish('Delivered', 'Fulfilled');
    }
    case 'UserRemove':
    case 'AdminRemove':
      // Stryker disable next-line OptionalChaining: a removal names an assignment that exists (checked as it is made),
      // and assignments are never deleted; the chain is for the type.
      if (assignment?.assignmentState === 'Delivered') await expire(tx, assignment, at);
      await recordCalls(tx, request.id, policy, 'assignmentRequestRemoved');
      return finish('Delivered', 'Fulfilled');
    case 'UserExtend':
    case 'AdminUpdate': {
      // Stryker disable next-line OptionalChaining: as for a removal.
      if (assignment?.assignmentState !== 'Delivered') return finish('DeliveryFailed', 'DeliveryFailed');
      const from = new Date(Math.max(endOf(assignment) ?? at.getTime(), at.getTime()));
      const extended = scheduleOf(policy, from, asked);
      if (!extended) return finish('DeliveryFailed', 'DeliveryFailed');
      await tx.update(ASSIGNMENT, assignment.id, (current) => ({
        ...current,
        isExtended: type === 'UserExtend' ? true : current.isExtended,
        schedule: asDelivered({
          ...extended,
          // Stryker disable next-line OptionalChaining: every delivered assignment has its schedule.
          startDateTime: (current.schedule as RequestSchedule | undefined)?.startDateTime,
        }),
      }));
      await recordCalls(tx, request.id, policy, 'assignmentRequestGranted');
      return finish('Delivered', 'Fulfilled');
    }
  }
}
