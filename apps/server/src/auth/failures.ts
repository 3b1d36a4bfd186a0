import type { ErrorDetails } from '@accesspackage/types';
import { GraphHttpError } from '../graph/http-error.js';

/** Graph's challenge on every 401, so OAuth-aware clients know where to get a token. */
export const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Graph's own wording for a token it parsed but would not accept; our explanation follows it. */
export const VALIDATION_FAILURE = 'Access token validation failure.';

/** A 401 `InvalidAuthenticationToken` carrying Graph's challenge header. */
export function unauthenticated(message: string): GraphHttpError {
  return new GraphHttpError(401, 'InvalidAuthenticationToken', message, undefined, {
    'WWW-Authenticate': WWW_AUTHENTICATE,
  });
}

/** A 401 for a JWT that failed validation: Graph's prefix, then what was wrong, for a person. */
export function invalidToken(reason: string): GraphHttpError {
  return unauthenticated(`${VALIDATION_FAILURE} ${reason}`);
}

/** A 403 `UnAuthorized`, the code (with Graph's odd capital A) that Entitlement Management answers with. */
export function forbidden(message: string, details?: ErrorDetails[]): GraphHttpError {
  return new GraphHttpError(403, 'UnAuthorized', message, details);
}
