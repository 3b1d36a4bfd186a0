import { clip } from '../graph/http-error.js';

/** Who is calling, as the routes and authorize() see it. */
export interface Caller {
  /**
   * `delegated`: a user signed in (the token has `scp`). `application`: an app calling as itself
   * (`roles`, no `scp`). `anonymous`: authentication is off, so nothing about the caller was checked.
   */
  kind: 'delegated' | 'application' | 'anonymous';
  /** The name Graph records in createdBy / modifiedBy. */
  name: string;
  /** The Graph permissions the token grants: `scp` split for delegated tokens, `roles` for application tokens. */
  permissions: string[];
  /** The token's payload; empty when there was no readable token. */
  claims: Record<string, unknown>;
}

// Graph fills createdBy with the user's UPN for delegated calls and the app's name (or id) for app-only calls.
const NAME_CLAIMS = ['upn', 'preferred_username', 'unique_name', 'app_displayname', 'appid'] as const;

/** The contract's maxLength of createdBy and modifiedBy. */
const MAX_NAME = 256;

/** The first naming claim the token has (its first 256 characters, as createdBy holds no more), or `fallback`. */
export function callerName(claims: Record<string, unknown>, fallback = 'unknown'): string {
  for (const claim of NAME_CLAIMS) {
    const value = Object.hasOwn(claims, claim) ? claims[claim] : undefined;
    if (typeof value === 'string' && value.length > 0) return clip(value, MAX_NAME);
  }
  return fallback;
}

const scopesOf = (scp: string) => scp.split(/\s+/).filter((scope) => scope.length > 0);
const rolesOf = (roles: unknown) =>
  Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [];

/**
 * Reads who is calling from a token's claims. `scp` makes a token delegated even when it also has
 * `roles`, because a user's token carries their app-role assignments there, not Graph permissions.
 */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const name = callerName(claims);
  if (typeof claims.scp === 'string') {
    return { kind: 'delegated', name, permissions: scopesOf(claims.scp), claims };
  }
  if (claims.roles !== undefined || claims.idtyp === 'app') {
    return { kind: 'application', name, permissions: rolesOf(claims.roles), claims };
  }
  // Neither claim: a hand-made token; treat it as a user's with no permissions so the 403 explains.
  return { kind: 'delegated', name, permissions: [], claims };
}
