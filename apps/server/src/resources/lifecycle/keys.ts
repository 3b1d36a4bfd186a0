import type { ApprovalStage, ApprovalStep, RequestSchedule } from '@accesspackage/types';
import { AWAITING, DUE, OF_ASSIGNMENT, OF_PACKAGE, OF_POLICY, STAGES, TARGET_OBJECT } from '../../store/references.js';
import type { StoredEntity } from '../../store/store.js';

/** The stored entity names of the lifecycle, which are also their schema names. */
export const REQUEST = 'accessPackageAssignmentRequest';
export const ASSIGNMENT = 'accessPackageAssignment';
export const SUBJECT = 'accessPackageSubject';
export const APPROVAL = 'approval';

export type RequestType = 'UserAdd' | 'UserExtend' | 'UserRemove' | 'AdminAdd' | 'AdminUpdate' | 'AdminRemove';

/** States a request may still be canceled from, as Graph's cancel page lists them. */
export const CANCELABLE = new Set(['Submitted', 'PendingApproval', 'Scheduled']);
/** Open states: the request has not reached an end yet. Each has a due time: when it moves on, or times out. */
export const OPEN = new Set(['Submitted', 'PendingApproval', 'Scheduled', 'Delivering']);

/** How long a stage waits for a decision when its policy does not say (Graph's default). */
export const DEFAULT_STAGE_TIMEOUT_DAYS = 14;

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
