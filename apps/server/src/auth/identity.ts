import type { Caller } from './caller.js';
import { GLOBAL_ADMINISTRATOR, IDENTITY_GOVERNANCE_ADMINISTRATOR } from './directory-roles.js';

/** The caller's directory user id: the token's `oid`. */
export function callerObjectId(caller: Caller): string | undefined {
  const oid = caller.claims.oid;
  return typeof oid === 'string' && oid !== '' ? oid.toLowerCase() : undefined;
}

/**
 * Whether the caller may make `Admin*` requests: a delegated token whose `wids` holds Identity Governance
 * Administrator or Global Administrator, an application token (which authentication lets in only where app
 * tokens are allowed), or any caller when authentication is off.
 */
export function isAdministrator(caller: Caller): boolean {
  if (caller.kind !== 'delegated') return true;
  const wids = caller.claims.wids;
  return (
    Array.isArray(wids) &&
    wids.some((id) => typeof id === 'string' && [IDENTITY_GOVERNANCE_ADMINISTRATOR, GLOBAL_ADMINISTRATOR].includes(id))
  );
}

/** Who made a request, for `filterByCurrentUser(on='createdBy')`. */
export function createdByOf(caller: Caller): string {
  return callerObjectId(caller) ?? caller.name;
}
