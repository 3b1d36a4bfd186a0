import { randomUUID } from 'node:crypto';
import type {
  AccessPackageAssignmentPolicyCreate,
  AccessPackageQuestion,
  ApprovalSettings,
  RequestorSettings,
} from '@accesspackage/types';

// A policy for direct assignments only, Graph's own (entitlementmanagement-post-accesspackageassignmentpolicies, example 1).
function requestorSettingsOf(given: RequestorSettings | null | undefined): RequestorSettings {
  return {
    scopeType: given?.scopeType ?? 'NoSubjects',
    acceptRequests: given?.acceptRequests ?? true,
    allowedRequestors: given?.allowedRequestors ?? [],
  };
}

// What Graph answers for `requestApprovalSettings: null` (the same page, example 4).
function approvalSettingsOf(given: ApprovalSettings | null | undefined): ApprovalSettings {
  const required = given?.isApprovalRequired ?? false;
  return {
    isApprovalRequired: required,
    isApprovalRequiredForExtension: given?.isApprovalRequiredForExtension ?? false,
    isRequestorJustificationRequired: given?.isRequestorJustificationRequired ?? false,
    approvalMode: given?.approvalMode ?? (required ? 'SingleStage' : 'NoApproval'),
    approvalStages: given?.approvalStages ?? [],
  };
}

/**
 * A policy as a create, a replace or the data file makes it: what the body says, and Graph's defaults for
 * what it leaves out. Questions get generated ids, unless `keepQuestionIds` (a replace) and they bring their own.
 */
export function policyOf(body: AccessPackageAssignmentPolicyCreate, keepQuestionIds: boolean) {
  return {
    accessPackageId: body.accessPackageId,
    displayName: body.displayName,
    description: body.description,
    canExtend: body.canExtend ?? false,
    durationInDays: body.durationInDays ?? 0,
    expirationDateTime: body.expirationDateTime ?? null,
    requestorSettings: requestorSettingsOf(body.requestorSettings),
    requestApprovalSettings: approvalSettingsOf(body.requestApprovalSettings),
    accessReviewSettings: body.accessReviewSettings ?? null,
    // Kept and shown as sent; `expiration` and `requestorSettings.isOnBehalfAllowed` are not (the docs' responses).
    ...(body.verifiableCredentialSettings === undefined
      ? {}
      : { verifiableCredentialSettings: body.verifiableCredentialSettings }),
    questions: (body.questions ?? []).map(
      (question): AccessPackageQuestion => ({
        ...question,
        id: keepQuestionIds && question.id !== undefined ? question.id : randomUUID(),
      }),
    ),
  };
}
