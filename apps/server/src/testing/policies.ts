import type { UserSet } from '@accesspackage/types';

/**
 * A policy body that any user of the directory may request under, each request waiting for one stage of approval by
 * `approvers` (a user: `{ '@odata.type': '#microsoft.graph.singleUser', id }`; a group's members:
 * `#microsoft.graph.groupMembers`). Assignments last 30 days.
 */
export function approvalPolicy(accessPackageId: string, approvers: UserSet[], displayName = 'Approved') {
  return {
    accessPackageId,
    displayName,
    description: 'Requested by anyone, approved in one stage',
    durationInDays: 30,
    requestorSettings: { scopeType: 'AllExistingDirectorySubjects', acceptRequests: true },
    requestApprovalSettings: {
      isApprovalRequired: true,
      approvalMode: 'SingleStage',
      approvalStages: [{ approvalStageTimeOutInDays: 14, primaryApprovers: approvers }],
    },
  };
}
