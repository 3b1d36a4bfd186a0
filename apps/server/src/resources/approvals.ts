import type { Approval, ApprovalStep, ApprovalStepUpdate } from '@accesspackage/types';
import { callerObjectId } from '../auth/identity.js';
import type { Caller } from '../auth/index.js';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { graphTimestamp } from '../graph/timestamps.js';
import { idIn } from '../odata/conditions.js';
import { collectionContext, entityContext } from '../odata/context.js';
import { AWAITING, STAGES, TARGET_OBJECT } from '../store/references.js';
import type { TenantStore } from '../store/store.js';
import { awaitingDecisionBy, decide, mayDecide } from './lifecycle/approval-flow.js';
import { APPROVAL, type StoredApproval } from './lifecycle/keys.js';
import { transitiveGroups } from './lifecycle/requestors.js';
import type { Handler, Handlers } from './operation.js';
import { declareResource } from './resource.js';
import { serviceRootOf } from './views.js';

const unauthorized = (reason: string) =>
  new GraphHttpError(403, 'UnAuthorized', `User is not authorized to perform the operation. Reason: ${reason}`);

const stepsSet = (approvalId: string) =>
  `identityGovernance/entitlementManagement/accessPackageAssignmentApprovals('${approvalId}')/steps`;

async function personal(
  store: TenantStore,
  caller: Caller,
  approval: StoredApproval,
  groups?: Set<string>,
): Promise<StoredApproval> {
  const oid = caller.kind === 'delegated' ? callerObjectId(caller) : undefined;
  const steps: ApprovalStep[] = [];
  for (const [index, step] of approval.steps.entries()) {
    steps.push({ ...step, assignedToMe: oid !== undefined && (await mayDecide(store, oid, approval, index, groups)) });
  }
  return { ...approval, steps };
}

function stepOf(approval: StoredApproval, stepId: string): { step: ApprovalStep; index: number } {
  const index = approval.steps.findIndex((step) => step.id === stepId);
  const step = approval.steps[index];
  if (!step) throw notFound();
  return { step, index };
}

export const approvals = declareResource<StoredApproval, Approval>({
  entity: APPROVAL,
  references: [STAGES, AWAITING, TARGET_OBJECT],
  handlers: (crud, context) => {
    const update: Handler<'updateAccessPackageAssignmentApprovalStep'> = ({ path, body, caller, store, reply }) =>
      store.transaction(async (tx) => {
        const approval = (await tx.lock(APPROVAL, path.accessPackageAssignmentApprovalId, 'update')) as
          | StoredApproval
          | undefined;
        if (!approval) throw notFound();
        const { step, index } = stepOf(approval, path.approvalStepId);
        const oid = callerObjectId(caller);
        if (caller.kind !== 'delegated' || oid === undefined) {
          throw unauthorized('approvals are decided by a signed-in approver (a delegated token with an oid).');
        }
        if (step.status !== 'InProgress') {
          throw new GraphHttpError(
            409,
            'ApprovalStepCompleted',
            `The step '${step.id}' is ${step.status}${step.reviewResult === 'NotReviewed' ? '' : ` (${step.reviewResult})`}: it takes no further decision.`,
          );
        }
        const stage = approval[STAGES][index];
        if (approval[TARGET_OBJECT] === oid) {
          throw unauthorized('no one approves their own request.');
        }
        if (!(await mayDecide(tx, oid, approval, index))) {
          throw unauthorized(`the caller is no approver of this step's stage (stage ${index + 1} of the policy).`);
        }
        const { reviewResult, justification } = body as ApprovalStepUpdate;
        if (stage?.isApproverJustificationRequired === true && !justification?.trim()) {
          throw new GraphHttpError(
            400,
            'BadRequest',
            "This approval stage requires the approver's justification: send it in justification.",
          );
        }
        const user = await tx.get('user', oid);
        const now = context.clocks.of(tx.tenantId).now();
        const decided: ApprovalStep = {
          ...step,
          status: 'Completed',
          reviewResult: reviewResult === 'Approve' ? 'Approved' : 'Denied',
          justification: justification ?? null,
          reviewedDateTime: graphTimestamp(now),
          reviewedBy: {
            '@odata.type': '#microsoft.graph.userIdentity',
            id: oid,
            displayName: (user?.displayName as string | undefined) ?? caller.name,
            userPrincipalName: (user?.userPrincipalName as string | undefined) ?? null,
          },
        };
        const due = await decide(tx, approval, decided, now, context.deliveryDelayMs);
        if (due) await context.settler.due(tx, due);
        return reply(204);
      });

    // Who may read it (an approver, or a role in its package's catalog) the role check decided before.
    const found = async (store: TenantStore, caller: Caller, id: string) =>
      personal(store, caller, await crud.find(store, id));

    return {
      getAccessPackageAssignmentApproval: async (input) =>
        crud.shown(input, await found(input.store, input.caller, input.path.accessPackageAssignmentApprovalId)),
      listAccessPackageAssignmentApprovalsFilteredByCurrentUserApprover: async (input) => {
        // The approver's groups once for the whole page: per item, they cost nested groups × approvals shown.
        const oid = callerObjectId(input.caller);
        const groups = oid === undefined ? new Set<string>() : await transitiveGroups(input.store, oid);
        return crud.list(input, {
          scope: idIn(await awaitingDecisionBy(input.store, oid, groups)),
          prepare: (item) => personal(input.store, input.caller, item, groups),
          typed: true,
        }) as never;
      },
      listAccessPackageAssignmentApprovalSteps: async ({ path, req, store, caller, reply }) => {
        const approval = await found(store, caller, path.accessPackageAssignmentApprovalId);
        return reply(200, {
          '@odata.context': collectionContext(serviceRootOf(req), stepsSet(approval.id)),
          value: approval.steps,
        });
      },
      getAccessPackageAssignmentApprovalStep: async ({ path, req, store, caller, reply }) => {
        const approval = await found(store, caller, path.accessPackageAssignmentApprovalId);
        const { step } = stepOf(approval, path.approvalStepId);
        return reply(200, { '@odata.context': entityContext(serviceRootOf(req), stepsSet(approval.id)), ...step });
      },
      updateAccessPackageAssignmentApprovalStep: update,
    } satisfies Handlers;
  },
});
