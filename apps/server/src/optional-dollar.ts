import type { RequestHandler } from 'express';
import { GraphError } from './graph-error.js';

const SYSTEM_QUERY_OPTIONS = new Set(['select', 'filter', 'orderby', 'top', 'skip', 'skiptoken', 'count', 'expand', 'search', 'format']);

/**
 * On beta the `$` of a system query option is optional (QP): `filter=` means `$filter=`. The
 * contract declares each option once, with its `$`, so the URL is rewritten before validation.
 * `req.originalUrl` keeps what the caller wrote, which is what `@odata.nextLink` repeats.
 */
export const optionalDollar: RequestHandler = (req, _res, next) => {
  const queryStart = req.url.indexOf('?');
  if (queryStart < 0) return next();
  const params = new URLSearchParams(req.url.slice(queryStart + 1));
  const rewritten = new URLSearchParams();
  let changed = false;
  for (const [key, value] of params) {
    const bare = key.toLowerCase();
    if (SYSTEM_QUERY_OPTIONS.has(bare)) {
      const dollarKey = `$${bare}`;
      if (params.has(dollarKey) && params.get(dollarKey) !== value) {
        return next(
          new GraphError(400, 'BadRequest', `The query option '${dollarKey}' is given twice, as '${key}' and '${dollarKey}'. Give it once.`),
        );
      }
      if (params.has(dollarKey)) continue;
      rewritten.append(dollarKey, value);
      changed = true;
    } else {
      rewritten.append(key, value);
    }
  }
  if (changed) req.url = `${req.url.slice(0, queryStart)}?${rewritten.toString()}`;
  next();
};
