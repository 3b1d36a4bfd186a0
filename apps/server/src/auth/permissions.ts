import type { GraphHttpError } from '../graph/http-error.js';
import type { Caller } from './caller.js';
import { forbidden } from './failures.js';

export const READ = 'EntitlementManagement.Read.All';
export const READ_WRITE = 'EntitlementManagement.ReadWrite.All';
/** The tenant every personal Microsoft account (outlook.com, hotmail.com, ...) signs in through. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export type Need = 'read' | 'write';

/**
 * What one operation needs, from its `security` in the contract: the permissions of each alternative
 * (any one alternative suffices). Without one, Entitlement Management's split applies (reads need
 * READ or READ_WRITE, writes READ_WRITE).
 */
export interface Requirement {
  alternatives: readonly (readonly string[])[];
  /** What the operation reads or changes, for the 403's explanation: `users`, `access packages`. */
  subject: string;
  /**
   * Whether application tokens may call it. Graph's directory accepts them; Entitlement Management's beta
   * pages say it does not (unless the stub allows app tokens).
   */
  applicationPermissions: boolean;
}

export interface AuthorizeOptions {
  /** Accept app-only tokens; the beta API documents application permissions as not supported. */
  allowAppTokens?: boolean;
}

// Graph's own text, which names no permission; the details entry does that for a person.
const NOT_AUTHORIZED = 'User is not authorized to perform the operation. Reason: The caller is not authorized.';

const ACCEPTED: Record<Need, readonly string[]> = { read: [READ, READ_WRITE], write: [READ_WRITE] };

/** Entitlement Management's own requirement, for requests that name no operation of the contract. */
function entitlementManagement(need: Need): Requirement {
  return {
    alternatives: ACCEPTED[need].map((permission) => [permission]),
    subject: 'access packages',
    applicationPermissions: false,
  };
}

function missingPermission(caller: Caller, need: Need, requirement: Requirement): GraphHttpError {
  const accepted = requirement.alternatives.map((alternative) => alternative.join(' and '));
  const claim = caller.kind === 'application' ? 'roles' : 'scp';
  const kind = caller.kind === 'application' ? 'application permission' : 'delegated permission';
  const has = caller.permissions.length > 0 ? caller.permissions.join(', ') : 'none';
  const message = `${need === 'read' ? 'Reading' : 'Changing'} ${requirement.subject} needs the ${kind} ${accepted.join(' or ')} in the token's ${claim} claim; the token has: ${has}.`;
  return forbidden(NOT_AUTHORIZED, [{ code: 'UnAuthorized', message, target: claim }]);
}

const text = (claims: Record<string, unknown>, name: string): string | undefined => {
  const value = Object.hasOwn(claims, name) ? claims[name] : undefined;
  return typeof value === 'string' ? value.toLowerCase() : undefined;
};

/**
 * Which claim shows a token to be a personal Microsoft account's: the consumers tenant as `tid`
 * (in any case), or an issuer of that tenant or of login.live.com. Undefined for other tokens.
 */
export function personalAccountClaim(claims: Record<string, unknown>): 'tid' | 'iss' | undefined {
  if (text(claims, 'tid') === CONSUMER_TENANT_ID) return 'tid';
  const iss = text(claims, 'iss');
  if (iss !== undefined && (iss.includes(CONSUMER_TENANT_ID) || /^https:\/\/login\.live\.com(\/|$)/.test(iss)))
    return 'iss';
  return undefined;
}

// An authenticator keeps one caller per token, so what a caller holds is worked out once, not on each request.
const held = new WeakMap<Caller, ReadonlySet<string>>();

/** The permissions a caller's token grants: a ReadWrite permission grants the Read one of its family, as on Graph. */
function permissionsHeldBy(caller: Caller): ReadonlySet<string> {
  let permissions = held.get(caller);
  if (!permissions) {
    permissions = new Set(caller.permissions.flatMap((p) => [p, p.replace(/\.ReadWrite\./, '.Read.')]));
    held.set(caller, permissions);
  }
  return permissions;
}

/**
 * Throws Graph's 403 unless the caller may `need` what `requirement` guards (by default, access
 * packages). Anonymous callers only exist when authentication is off, so they are always let through.
 */
export function authorize(
  caller: Caller,
  need: Need,
  options: AuthorizeOptions = {},
  requirement: Requirement = entitlementManagement(need),
): void {
  const missing = missingPermissionOf(caller, need, options, requirement);
  if (missing) throw missing;
}

/**
 * As authorize, but the 403 of a token that lacks the permission is returned rather than thrown: an application may
 * still act in Entitlement Management through a role given to its service principal, which only the store knows.
 */
export function missingPermissionOf(
  caller: Caller,
  need: Need,
  options: AuthorizeOptions = {},
  requirement: Requirement = entitlementManagement(need),
): GraphHttpError | undefined {
  if (caller.kind === 'anonymous') return;
  const personal = personalAccountClaim(caller.claims);
  if (personal) {
    throw forbidden('Personal Microsoft accounts are not supported for this API.', [
      {
        code: 'UnAuthorized',
        message: `The token was issued to a personal Microsoft account (its ${personal} names the consumers tenant ${CONSUMER_TENANT_ID}); sign in with a work or school account.`,
        target: personal,
      },
    ]);
  }
  if (caller.kind === 'application' && !options.allowAppTokens && !requirement.applicationPermissions) {
    throw forbidden('Application permissions are not supported for this API.', [
      {
        code: 'UnAuthorized',
        message: `The token is an app-only token for "${caller.name}" (idtyp app, or roles without scp); use a delegated token for a signed-in user, or allow app tokens on the stub.`,
        target: 'roles',
      },
    ]);
  }
  const held = permissionsHeldBy(caller);
  const granted = requirement.alternatives.some((alternative) =>
    alternative.every((permission) => held.has(permission)),
  );
  return granted ? undefined : missingPermission(caller, need, requirement);
}
