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

const own = (claims: Record<string, unknown>, name: string): unknown =>
  Object.hasOwn(claims, name) ? claims[name] : undefined;

/**
 * Whether a token is an app-only one: Entra marks those `idtyp: app` (whatever else they carry),
 * and an app-only token has `roles` but no `scp`. A token with `idtyp: app` and an `scp` is still an
 * app's, so `scp` cannot smuggle it past the application-token rule.
 */
export function isAppToken(claims: Record<string, unknown>): boolean {
  const idtyp = own(claims, 'idtyp');
  if (typeof idtyp === 'string' && idtyp.toLowerCase() === 'app') return true;
  return own(claims, 'roles') !== undefined && own(claims, 'scp') === undefined;
}

/**
 * Reads who is calling from a token's claims. App-only tokens (see isAppToken) hold their permissions
 * in `roles`; a user's token in `scp`, even when it also has `roles`, because a user's token carries
 * their app-role assignments there, not Graph permissions.
 */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const name = callerName(claims);
  if (isAppToken(claims)) {
    return { kind: 'application', name, permissions: rolesOf(own(claims, 'roles')), claims };
  }
  const scp = own(claims, 'scp');
  if (typeof scp === 'string') return { kind: 'delegated', name, permissions: scopesOf(scp), claims };
  // Neither claim: a hand-made token; treat it as a user's with no permissions so the 403 explains.
  return { kind: 'delegated', name, permissions: [], claims };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// NUL and the other control characters: PostgreSQL cannot store NUL in text, and no id or name holds them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds.
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The longest tenant or object id the stub keys data by (`?tenantId=` takes no more). */
const MAX_ID = 64;

const shown = (value: unknown) =>
  typeof value === 'string'
    ? `'${clip(value, 64)}'`
    : value === null
      ? 'null'
      : Array.isArray(value)
        ? 'an array'
        : `a ${typeof value}`;

/**
 * What is wrong with the claims the stub keys data by or stores (`tid`, `oid`, the caller's name), or undefined: a
 * tenant id that is no string would land in another tenant, one too long could not be named in `?tenantId=`, and a
 * NUL cannot be stored. With `strict`, `tid` and `oid` must be GUIDs, as Entra's are.
 */
export function identityProblem(claims: Record<string, unknown>, strict: boolean): string | undefined {
  for (const claim of ['tid', 'oid']) {
    if (!Object.hasOwn(claims, claim)) continue;
    const value = claims[claim];
    if (typeof value !== 'string' || value.trim() === '') {
      return `Its '${claim}' claim must be a GUID string; it is ${value === '' ? 'empty' : shown(value)}.`;
    }
    if (value.length > MAX_ID) {
      return `Its '${claim}' claim is ${value.length} characters long; it must be a GUID (at most ${MAX_ID} characters).`;
    }
    if (CONTROL.test(value)) return `Its '${claim}' claim holds a control character (such as NUL).`;
    if (strict && !GUID.test(value)) return `Its '${claim}' claim must be a GUID; it is ${shown(value)}.`;
  }
  for (const claim of NAME_CLAIMS) {
    const value = own(claims, claim);
    if (typeof value === 'string' && CONTROL.test(value)) {
      return `Its '${claim}' claim holds a control character (such as NUL).`;
    }
  }
  return undefined;
}
