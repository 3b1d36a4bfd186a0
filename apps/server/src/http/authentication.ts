import type { RequestHandler, Response } from 'express';
import type { Authenticator, Caller } from '../auth/index.js';
import { localsOf } from './locals.js';

/**
 * Authenticates, then authorizes by method: reads (GET) need a read permission, everything else a
 * write permission, which is the split every operation of the contract follows.
 */
export function authMiddleware(authenticator: Authenticator): RequestHandler {
  return (req, res, next) => {
    const caller = authenticator(req.get('authorization'));
    authenticator.authorize(caller, req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write');
    localsOf(res).caller = caller;
    next();
  };
}

export function callerOf(res: Response): Caller {
  return localsOf(res).caller;
}
