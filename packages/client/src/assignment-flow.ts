import { GraphTimeoutError } from './errors.js';
import {
  getAccessPackageAssignmentApproval,
  getAssignmentRequest,
  updateAccessPackageAssignmentApprovalStep,
} from './gen/calls.gen.js';
import type { AccessPackageAssignmentRequest, ApprovalStepUpdate } from './gen/types.gen.js';
import type { CallOptions } from './odata-options.js';
import type { GraphTransport } from './request.js';

// What no contract says: how long to poll a request, and which step of an approval is the caller's to decide.

/** The states a request ends in, or waits in for someone else: what `waitForAssignmentRequest` stops at. */
export const SETTLED_REQUEST_STATES: readonly string[] = [
  'Delivered',
  'Denied',
  'Canceled',
  'DeliveryFailed',
  'PartiallyDelivered',
  'PendingApproval',
];

export interface WaitOptions extends CallOptions {
  /** How long to wait in all, in milliseconds (default 30000); then the promise rejects with a GraphTimeoutError. */
  waitMs?: number;
  /** How long between two reads (default 250 ms), as Graph's own guidance polls. */
  intervalMs?: number;
  /** The states to stop at. Default SETTLED_REQUEST_STATES. */
  until?: readonly string[];
}

/**
 * Reads a request until it reaches a final state (or waits for approval), as clients of Graph poll: resolves to
 * the request as read then. `signal` aborts the wait; past `waitMs` it rejects with a GraphTimeoutError.
 */
export async function waitForAssignmentRequest(
  graph: GraphTransport,
  accessPackageAssignmentRequestId: string,
  options: WaitOptions = {},
): Promise<AccessPackageAssignmentRequest> {
  const { waitMs = 30_000, intervalMs = 250, until = SETTLED_REQUEST_STATES, ...callOptions } = options;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const request = await getAssignmentRequest(graph, accessPackageAssignmentRequestId, callOptions);
    if (until.includes(request.requestState ?? '')) return request as AccessPackageAssignmentRequest;
    if (Date.now() + intervalMs > deadline) {
      throw new GraphTimeoutError(
        waitMs,
        undefined,
        `The assignment request ${accessPackageAssignmentRequestId} is still ${request.requestState} after ${waitMs} ms. Raise waitMs, or look at why it is not processed.`,
      );
    }
    callOptions.signal?.throwIfAborted();
    // The pause ends early when the wait is aborted; its abort listener goes with it, not one per read.
    await new Promise<void>((resolve, reject) => {
      const aborted = () => {
        clearTimeout(timer);
        reject(callOptions.signal?.reason);
      };
      const timer = setTimeout(() => {
        callOptions.signal?.removeEventListener('abort', aborted);
        resolve();
      }, intervalMs);
      callOptions.signal?.addEventListener('abort', aborted, { once: true });
    });
  }
}

/**
 * Decides the approval's step that is in progress and assigned to the caller: reads the approval, then sends the
 * decision. Fails with an Error naming the approval when no such step waits for the caller.
 */
export async function decideAccessPackageAssignmentApproval(
  graph: GraphTransport,
  accessPackageAssignmentApprovalId: string,
  reviewResult: ApprovalStepUpdate['reviewResult'],
  justification?: string,
  callOptions?: CallOptions,
): Promise<void> {
  const approval = await getAccessPackageAssignmentApproval(graph, accessPackageAssignmentApprovalId, callOptions);
  const step = approval.steps?.find((s) => s.status === 'InProgress' && s.assignedToMe === true);
  if (!step) {
    throw new Error(
      `The approval ${accessPackageAssignmentApprovalId} has no step in progress assigned to the caller (its steps: ${
        approval.steps?.map((s) => `${s.status}/${s.reviewResult}`).join(', ') || 'none'
      }).`,
    );
  }
  await updateAccessPackageAssignmentApprovalStep(
    graph,
    accessPackageAssignmentApprovalId,
    step.id,
    { reviewResult, ...(justification === undefined ? {} : { justification }) },
    callOptions,
  );
}
