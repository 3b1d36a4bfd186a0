import type { RequestHandler } from 'express';
import { GraphError } from './graph-error.js';

/** Graph answers JSON only; an Accept header that rules JSON out gets 406, as ERR lists. */
export const requireJsonAccept: RequestHandler = (req, _res, next) => {
  const accept = req.get('accept');
  if (accept && !req.accepts('application/json')) {
    next(new GraphError(406, 'NotAcceptable', `The Accept header '${accept}' allows no JSON response. Send Accept: application/json.`));
    return;
  }
  next();
};
