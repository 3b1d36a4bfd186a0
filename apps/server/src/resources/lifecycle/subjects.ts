import type { IdentitySource } from '@accesspackage/types';
import type { Caller } from '../../auth/caller.js';
import { callerObjectId } from '../../auth/identity.js';
import type { StoredConnectedOrganization } from '../../store/entities.js';
import { everyItem, type StoredEntity, type TenantStore } from '../../store/store.js';
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
    // Someone the directory does not hold belongs to the connected organization whose domain their address is in.
    // Stryker disable next-line LogicalOperator: a subject is asked for by its object id or by its address, never both.
    connectedOrganizationId: !who.objectId && who.email ? await connectedOrganizationOf(store, who.email) : null,
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

/** The domains an organization's identity sources name (a domain, or a federated domain), in lower case. */
function domainsOf(organization: StoredConnectedOrganization): string[] {
  const domains: string[] = [];
  for (const { domainName } of (organization.identitySources ?? []) as IdentitySource[]) {
    // A source naming no domain (a tenant, or an empty name) matches no address.
    if (domainName) domains.push(domainName.toLowerCase());
  }
  return domains;
}

/** The connected organization whose domain the address is in, if one is. */
export async function connectedOrganizationOf(store: TenantStore, email: string): Promise<string | null> {
  if (!email.includes('@')) return null;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  // Stryker disable next-line StringLiteral: the fingerprint only ties this loop's skip tokens to its own query.
  const organizations = await everyItem(store, 'connectedOrganization', 'connected organizations by domain');
  return organizations.find((organization) => domainsOf(organization).includes(domain))?.id ?? null;
}
