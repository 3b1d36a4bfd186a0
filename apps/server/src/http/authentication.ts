import type { Request, RequestHandler, Response } from 'express';
import type { Authenticator, Caller, Requirement } from '../auth/index.js';
import { localsOf } from './locals.js';

/**
 * Authenticates, then authorizes: with what the operation the request names requires (its `security`
 * in the contract, found by `requirementOf`), else by method as Entitlement Management does: reads
 * (GET) need a read permission, everything else a write permission.
 */
export function authMiddleware(
  authenticator: Authenticator,
  requirementOf: (req: Request) => Requirement | undefined = () => undefined,
): RequestHandler {
  return (req, res, next) => {
    const caller = authenticator(req.headers.authorization);
    const need = req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write';
    const requirement = requirementOf(req);
    const missing = authenticator.missingPermissionOf(caller, need, requirement);
    // An app may hold an Entitlement Management role instead of the permission (resources/access.ts decides).
    if (missing && !(caller.kind === 'application' && requirement?.applicationPermissions === false)) throw missing;
    localsOf(res).caller = caller;
    if (missing) localsOf(res).missingPermission = missing;
    next();
  };
}

export function callerOf(res: Response): Caller {
  return localsOf(res).caller;
}
