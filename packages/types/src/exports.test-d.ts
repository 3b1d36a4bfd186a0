// Type-level test: `pnpm typecheck` compiles this file, so each name below must be exported, as the access
// package lifecycle (issue 13) names them. Nothing here runs.
import type {
  AccessPackageAssignmentPolicy,
  AccessPackageAssignmentPolicyCreate,
  AccessPackageAssignmentPolicyUpdate,
  AccessPackageResource,
  AccessPackageResourceRequest,
  AccessPackageResourceRequestCreate,
  AccessPackageResourceRole,
  AccessPackageResourceRoleScope,
  AccessPackageResourceRoleScopeCreate,
  AccessPackageResourceScope,
  Group,
  GroupCreate,
  OperationTypes,
  User,
  UserCreate,
} from './index.js';

export type LifecycleTypes = [
  AccessPackageAssignmentPolicy,
  AccessPackageAssignmentPolicyCreate,
  AccessPackageAssignmentPolicyUpdate,
  AccessPackageResource,
  AccessPackageResourceRequest,
  AccessPackageResourceRequestCreate,
  AccessPackageResourceRole,
  AccessPackageResourceRoleScope,
  AccessPackageResourceRoleScopeCreate,
  AccessPackageResourceScope,
  Group,
  GroupCreate,
  User,
  UserCreate,
];

// Beta's shapes: a policy names its package by accessPackageId (v1.0 nests accessPackage), a role scope has no catalogId.
export const policyNamesItsPackage = (policy: AccessPackageAssignmentPolicy): string | undefined =>
  policy.accessPackageId;
// @ts-expect-error beta's policy has no v1.0 allowedTargetScope
export const noV1Properties = (policy: AccessPackageAssignmentPolicy) => policy.allowedTargetScope;
// A user's password is sent on create and never comes back.
export const passwordOnCreate = (user: UserCreate): string => user.passwordProfile.password;
// @ts-expect-error a user as read has no passwordProfile
export const noPasswordOnRead = (user: User) => user.passwordProfile;
export type PolicyReplace = OperationTypes['updateAccessPackageAssignmentPolicy']['responses'][200];
