import { graphTimestamp } from '../../graph/timestamps.js';
import { RESOURCE_ROLE } from '../../store/catalog-resources.js';
import { OF_GROUP, OF_MEMBER, OF_PACKAGE, OF_ROLE, TARGET_OBJECT } from '../../store/references.js';
import type { StoredEntity, TenantStore } from '../../store/store.js';
import { ROLE_SCOPE } from '../catalog-resources.js';
import { type GroupLink, MEMBERSHIP, membershipId, OWNERSHIP } from '../directory.js';
import { ASSIGNMENT, type StoredAssignment } from './keys.js';

/** The group and link a catalog resource role gives: a group's `Member_{id}` role its membership, `Owner_{id}` ownership. */
function groupRoleOf(role: StoredEntity | undefined): { groupId: string; link: GroupLink } | undefined {
  const match = role?.originSystem === 'AadGroup' ? /^(Member|Owner)_(.+)$/.exec(String(role.originId)) : null;
  return match?.[2] ? { groupId: match[2], link: match[1] === 'Owner' ? OWNERSHIP : MEMBERSHIP } : undefined;
}

/** The group roles a package grants through its role scopes: each group, and whether as member or owner. */
async function groupRolesGrantedBy(
  store: TenantStore,
  accessPackageId: string,
): Promise<Array<{ groupId: string; link: GroupLink }>> {
  const granted: Array<{ groupId: string; link: GroupLink }> = [];
  for (const roleScope of await store.where(ROLE_SCOPE, OF_PACKAGE, accessPackageId)) {
    const role = groupRoleOf(await store.get(RESOURCE_ROLE, String(roleScope[OF_ROLE])));
    if (role) granted.push(role);
  }
  return granted;
}

const grantKey = ({ groupId, link }: { groupId: string; link: GroupLink }) => `${link}:${groupId}`;

/**
 * Gives `userId` the group roles `accessPackageId` grants: membership of each group whose `Member` role it holds,
 * ownership of each whose `Owner` role (`roles`, when only some are new). Links a grant makes are marked, so that
 * revokeUncaused takes back only those; a link that was already there stays as it was.
 */
async function grantRoles(store: TenantStore, userId: string, roles: Array<{ groupId: string; link: GroupLink }>) {
  for (const { groupId, link } of roles) {
    if (!(await store.get('group', groupId))) continue;
    const id = membershipId(groupId, userId);
    if (!(await store.get(link, id))) {
      await store.insert(link, { id, [OF_GROUP]: groupId, [OF_MEMBER]: userId, memberType: 'user', granted: true });
    }
  }
}

/**
 * Gives the target of a delivered assignment what its package grants. Returns false when the target is no directory
 * user any more (the delivery fails). Reprocessing a delivered assignment grants again what was taken by hand.
 */
export async function grant(store: TenantStore, assignment: StoredAssignment): Promise<boolean> {
  const userId = assignment[TARGET_OBJECT];
  if (!userId) return true;
  if (!(await store.get('user', userId))) return false;
  await grantRoles(store, userId, await groupRolesGrantedBy(store, assignment.accessPackageId));
  return true;
}

/** The delivered assignments of a package, whose targets hold what it grants. */
async function deliveredOf(store: TenantStore, accessPackageId: string): Promise<StoredAssignment[]> {
  return (await store.where(ASSIGNMENT, OF_PACKAGE, accessPackageId)).filter(
    (assignment) => assignment.assignmentState === 'Delivered',
  );
}

/**
 * A package grants a role it did not: its current assignees get it, as Graph says of a role added to a package (they
 * get it "through current and future assignments").
 */
export async function grantToHolders(store: TenantStore, accessPackageId: string, role: StoredEntity): Promise<void> {
  const granted = groupRoleOf(role);
  if (!granted) return;
  for (const assignment of await deliveredOf(store, accessPackageId)) {
    const userId = assignment[TARGET_OBJECT];
    if (userId) await grantRoles(store, userId, [granted]);
  }
}

/** A package stopped granting a role: its assignees lose what it gave them, unless something else still gives it. */
export async function revokeFromHolders(store: TenantStore, accessPackageId: string): Promise<void> {
  for (const assignment of await deliveredOf(store, accessPackageId)) {
    const userId = assignment[TARGET_OBJECT];
    if (userId) await revokeUncaused(store, userId);
  }
}

/**
 * Takes back each link a grant made for `userId` that no delivered assignment of theirs still causes (through a role
 * its package grants now): a membership goes with its last cause, however that cause went.
 */
async function revokeUncaused(store: TenantStore, userId: string): Promise<void> {
  const caused = new Set<string>();
  for (const held of await store.where(ASSIGNMENT, TARGET_OBJECT, userId)) {
    if (held.assignmentState !== 'Delivered') continue;
    for (const role of await groupRolesGrantedBy(store, held.accessPackageId)) caused.add(grantKey(role));
  }
  for (const link of [MEMBERSHIP, OWNERSHIP] as const) {
    for (const made of await store.where(link, OF_MEMBER, userId)) {
      const groupId = String(made[OF_GROUP]);
      if (made.granted === true && !caused.has(grantKey({ groupId, link }))) await store.delete(link, made.id);
    }
  }
}

/**
 * Ends an assignment at `at`: `Expired`, what it alone granted taken back. Its status says the target was told, as
 * Graph's `ExpiredNotificationTriggered` does: the stub sends its notifications at once.
 */
export async function expire(store: TenantStore, assignment: StoredAssignment, at: Date): Promise<void> {
  await store.update(ASSIGNMENT, assignment.id, (current) => ({
    ...current,
    assignmentState: 'Expired',
    assignmentStatus: 'ExpiredNotificationTriggered',
    expiredDateTime: graphTimestamp(at),
  }));
  const userId = assignment[TARGET_OBJECT];
  if (userId) await revokeUncaused(store, userId);
}
