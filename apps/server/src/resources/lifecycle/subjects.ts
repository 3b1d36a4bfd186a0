import type { Caller } from '../../auth/caller.js';
import { callerObjectId } from '../../auth/identity.js';
import type { StoredEntity, TenantStore } from '../../store/store.js';
import { SUBJECT } from './keys.js';

/**
 * The subject of a directory user (created on first use, as Graph does on an add) or, for someone the
 * directory does not hold, of an email address. Its id is its own, not the user's.
 */
export async function subjectFor(
  store: TenantStore,
  who: { objectId?: string; email?: string; displayName?: string | null },
): Promise<StoredEntity> {
  const [existing] = who.objectId
    ? await store.where(SUBJECT, 'objectId', who.objectId)
    : await store.where(SUBJECT, 'email', who.email ?? '');
  if (existing) return existing;
  const user = who.objectId ? await store.get('user', who.objectId) : undefined;
  const subject: StoredEntity = {
    id: globalThis.crypto.randomUUID(),
    objectId: who.objectId ?? null,
    displayName: (user?.displayName as string | undefined) ?? who.displayName ?? null,
    email: (user?.mail as string | null | undefined) ?? who.email ?? null,
    principalName: (user?.userPrincipalName as string | undefined) ?? null,
    type: 'User',
    connectedOrganizationId: null,
    onPremisesSecurityIdentifier: null,
  };
  await store.insert(SUBJECT, subject);
  return subject;
}

/** The subject of whoever calls: a directory user by `oid`, or an application by its name. */
export async function requestorFor(store: TenantStore, caller: Caller): Promise<StoredEntity> {
  const oid = callerObjectId(caller);
  if (oid && caller.kind === 'delegated') {
    return subjectFor(store, { objectId: oid, displayName: caller.name });
  }
  const [existing] = await store.where(SUBJECT, 'principalName', caller.name);
  if (existing) return existing;
  const subject: StoredEntity = {
    id: globalThis.crypto.randomUUID(),
    objectId: oid ?? null,
    displayName: caller.name,
    email: null,
    principalName: caller.name,
    type: caller.kind === 'application' ? 'ServicePrincipal' : 'User',
    connectedOrganizationId: null,
    onPremisesSecurityIdentifier: null,
  };
  await store.insert(SUBJECT, subject);
  return subject;
}
