import type { RequestHandler } from 'express';
import { GraphHttpError } from '../graph/http-error.js';

/**
 * A NUL (`%00`) anywhere in the URL is refused before anything reads it, for every route: no id, name, `$filter`
 * or `tenantId` holds one, and PostgreSQL cannot store or even compare text holding it (SQLite can, so the engines
 * would answer differently). A raw NUL byte never gets this far: Node's HTTP parser refuses it.
 */
export const refuseNulInUrl: RequestHandler = (req, _res, next) => {
  if (!/%00/i.test(req.originalUrl)) return next();
  next(
    new GraphHttpError(
      400,
      'Request_BadRequest',
      'The request URL holds a NUL character (%00), which no id, name, query option or function argument may hold. Remove it.',
    ),
  );
};
