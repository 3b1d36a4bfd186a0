import type { Caller } from './caller.js';

/** The caller's directory user id: the token's `oid`. */
export function callerObjectId(caller: Caller): string | undefined {
  const oid = caller.claims.oid;
  return typeof oid === 'string' && oid !== '' ? oid.toLowerCase() : undefined;
}

/** Who made a request, for `filterByCurrentUser(on='createdBy')`. */
export function createdByOf(caller: Caller): string {
  return callerObjectId(caller) ?? caller.name;
}
