/** The stored entity names of the lifecycle, which are also their schema names. */
export const REQUEST = 'accessPackageAssignmentRequest';
export const ASSIGNMENT = 'accessPackageAssignment';
export const SUBJECT = 'accessPackageSubject';
export const APPROVAL = 'approval';

/** States a request may still be canceled from, as Graph's cancel page lists them. */
export const CANCELABLE = new Set(['Submitted', 'PendingApproval', 'Scheduled']);
/** Open states: the request has not reached an end yet. Each has a due time: when it moves on, or times out. */
export const OPEN = new Set(['Submitted', 'PendingApproval', 'Scheduled', 'Delivering']);

/** How long a stage waits for a decision when its policy does not say (Graph's default). */
export const DEFAULT_STAGE_TIMEOUT_DAYS = 14;

import type { RequestType } from '../../store/entities.js';

/**
 * What a request asks for, whichever casing it was sent in: beta's `requestType` is a string, which Graph echoes as
 * sent (`adminAdd` on `assignmentRequests`, as v1.0 spells it), and reads in PascalCase or camelCase alike.
 */
export const requestTypeOf = (sent: string): RequestType => (sent[0]?.toUpperCase() + sent.slice(1)) as RequestType;

export type { RequestType, StoredApproval, StoredAssignment, StoredRequest } from '../../store/entities.js';
