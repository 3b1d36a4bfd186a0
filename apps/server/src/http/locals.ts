import type { Response } from 'express';
import type { Caller } from '../auth/index.js';
import type { GraphHttpError, RequestIds } from '../graph/http-error.js';

/** What the middleware chain learns about a request, in the order it learns it. */
export interface StubLocals {
  /** Set first, by requestIds, so that every answer (errors included) can carry them. */
  ids: RequestIds;
  /** Set by authentication, under the API's versions (`/beta`, `/v1.0`) only. */
  caller: Caller;
  /**
   * An application token without the permission the operation needs, in Entitlement Management: the role check then
   * looks for a role given to its service principal, and answers this 403 where no role can stand in.
   */
  missingPermission?: GraphHttpError;
  /** The Graph error code graphErrorHandler answered with, for the request's log line. */
  errorCode?: string;
  /** Its message, for the log line of a refusal and the request journal. */
  errorMessage?: string;
}

/** The one place res.locals is typed: express types it as a bag of anything. */
export function localsOf(res: Response): StubLocals {
  return res.locals as StubLocals;
}
