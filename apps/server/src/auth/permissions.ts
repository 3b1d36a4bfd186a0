import type { Caller } from './caller.js';
import { forbidden } from './failures.js';

export const READ = 'EntitlementManagement.Read.All';
export const READ_WRITE = 'EntitlementManagement.ReadWrite.All';
/** The tenant every personal Microsoft account (outlook.com, hotmail.com, ...) signs in through. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export type Need = 'read' | 'write';

export interface AuthorizeOptions {
  /** Accept app-only tokens; the beta API documents application permissions as not supported. */
  allowAppTokens?: boolean;
}

// Graph's own text, which names no permission; the details entry does that for a person.
const NOT_AUTHORIZED = 'User is not authorized to perform the operation. Reason: The caller is not authorized.';

const ACCEPTED: Record<Need, readonly string[]> = { read: [READ, READ_WRITE], write: [READ_WRITE] };

function missingPermission(caller: Caller, need: Need): ReturnType<typeof forbidden> {
  const accepted = ACCEPTED[need];
  const claim = caller.kind === 'application' ? 'roles' : 'scp';
  const kind = caller.kind === 'application' ? 'application permission' : 'delegated permission';
  const has = caller.permissions.length > 0 ? caller.permissions.join(', ') : 'none';
  const message = `${need === 'read' ? 'Reading' : 'Changing'} access packages needs the ${kind} ${accepted.join(' or ')} in the token's ${claim} claim; the token has: ${has}.`;
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

/**
 * Throws Graph's 403 unless the caller may `need` access packages. Anonymous callers only exist
 * when authentication is off, so they are always let through.
 */
export function authorize(caller: Caller, need: Need, options: AuthorizeOptions = {}): void {
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
  if (caller.kind === 'application' && !options.allowAppTokens) {
    throw forbidden('Application permissions are not supported for this API.', [
      {
        code: 'UnAuthorized',
        message: `The token is an app-only token for "${caller.name}" (idtyp app, or roles without scp); use a delegated token for a signed-in user, or allow app tokens on the stub.`,
        target: 'roles',
      },
    ]);
  }
  if (!caller.permissions.some((permission) => ACCEPTED[need].includes(permission))) {
    throw missingPermission(caller, need);
  }
}
