import type { Caller } from './caller.js';
import { DEV_TENANT_ID } from './dev-token.js';

/** The caller's directory user id: the token's `oid`. */
export function callerObjectId(caller: Caller): string | undefined {
  const oid = caller.claims.oid;
  return typeof oid === 'string' && oid !== '' ? oid.toLowerCase() : undefined;
}

/** Who made a request, for `filterByCurrentUser(on='createdBy')`. */
export function createdByOf(caller: Caller): string {
  return callerObjectId(caller) ?? caller.name;
}

/**
 * The tenant whose data a request sees: the token's `tid`. Tokens without one (authentication off,
 * hand-made tokens) see the `token` command's tenant, so that a stub used without tokens still works.
 */
export function tenantOf(caller: Caller): string {
  const tid = caller.claims.tid;
  return typeof tid === 'string' && tid !== '' ? tid.toLowerCase() : DEV_TENANT_ID;
}
