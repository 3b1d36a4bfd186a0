import type { RequestorSettings, UserSet } from '@accesspackage/types';
import type { TenantStore } from '../../store/store.js';

// Who is who to a policy: its requestors and approvers, as user sets matched against the directory.

/** Whether the caller (the directory user the token's `oid` names) is among a policy's requestors. */
export async function mayRequest(
  store: TenantStore,
  settings: RequestorSettings | null | undefined,
  userId: string,
  groups: Set<string>,
) {
  // Stryker disable next-line OptionalChaining: policyOf gives every stored policy its requestorSettings.
  if (!settings?.acceptRequests) return false;
  if (
    settings.scopeType === 'AllExistingDirectoryMemberUsers' ||
    settings.scopeType === 'AllExistingDirectorySubjects'
  ) {
    return (await store.get('user', userId)) !== undefined;
  }
  // Stryker disable next-line ArrayDeclaration: policyOf gives every policy its allowedRequestors (`[]`).
  return isOneOf(store, userId, settings.allowedRequestors ?? [], groups);
}

/**
 * Whether the directory user `oid` is one of `userSets` (a policy's requestors or approvers): a `singleUser` by id, or
 * a member (nested groups included) of a `groupMembers` group; `groups`, the user's groups, when the caller has them.
 * Managers and sponsors match no one: the stub's users have none.
 */
export async function isOneOf(
  store: TenantStore,
  oid: string,
  userSets: readonly UserSet[],
  groups?: Set<string>,
): Promise<boolean> {
  if (userSets.some((set) => set['@odata.type'] === '#microsoft.graph.singleUser' && set.id?.toLowerCase() === oid)) {
    return true;
  }
  const groupIds = userSets
    .filter((set) => set['@odata.type'] === '#microsoft.graph.groupMembers')
    .map((set) => set.id);
  if (groupIds.length === 0) return false;
  const memberOf = groups ?? (await transitiveGroups(store, oid));
  return groupIds.some((id) => id !== undefined && memberOf.has(id));
}

/** Every group the user is in, directly or through nested groups. */
export async function transitiveGroups(store: TenantStore, userId: string): Promise<Set<string>> {
  return new Set(await store.transitiveGroupsOf(userId));
}
