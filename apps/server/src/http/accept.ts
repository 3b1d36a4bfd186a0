import type { RequestHandler } from 'express';
import { GraphHttpError } from '../graph/http-error.js';

/** Graph answers JSON only; an Accept header that rules JSON out gets 406, as Graph's error table lists (https://learn.microsoft.com/graph/errors). */
export const requireJsonAccept: RequestHandler = (req, _res, next) => {
  const accept = req.headers.accept;
  // What nearly every client sends needs no negotiation.
  if (accept === undefined || accept === '' || accept === 'application/json' || accept === '*/*') return next();
  if (!req.accepts('application/json')) {
    next(
      new GraphHttpError(
        406,
        'NotAcceptable',
        `The Accept header '${accept}' allows no JSON response. Send Accept: application/json.`,
      ),
    );
    return;
  }
  next();
};
