import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { RequestIds } from '../graph/http-error.js';
import { localsOf } from './locals.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every Graph response carries `request-id` (fresh per request) and `client-request-id`: the
 * caller's own id when it sent a GUID, otherwise the same value as `request-id` (as seen in
 * captured Graph responses).
 */
export function requestIds(req: Request, res: Response, next: NextFunction): void {
  const requestId = randomUUID();
  const sent = req.headers['client-request-id'];
  const ids: RequestIds = {
    requestId,
    clientRequestId: typeof sent === 'string' && GUID.test(sent) ? sent : requestId,
  };
  localsOf(res).ids = ids;
  res.setHeader('request-id', ids.requestId);
  res.setHeader('client-request-id', ids.clientRequestId);
  next();
}

export function idsOf(res: Response): RequestIds {
  return localsOf(res).ids;
}
