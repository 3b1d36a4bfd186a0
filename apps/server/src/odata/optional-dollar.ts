import type { RequestHandler } from 'express';
import { type Given, single, systemOptionName } from './query-options.js';

/**
 * On beta the `$` of a system query option is optional and its name case-insensitive
 * (https://learn.microsoft.com/graph/query-parameters): `filter=` means `$filter=`. The contract
 * declares each option once, as `$name`, so the URL is rewritten to that spelling before
 * validation, each option once. `req.originalUrl` keeps what the caller wrote, which is what
 * `@odata.nextLink` repeats.
 */
export const optionalDollar: RequestHandler = (req, _res, next) => {
  const queryStart = req.url.indexOf('?');
  if (queryStart < 0) return next();
  const rewritten = new URLSearchParams();
  const options = new Map<string, Given[]>();
  let changed = false;
  for (const [key, value] of new URLSearchParams(req.url.slice(queryStart + 1))) {
    const name = systemOptionName(key);
    if (name === undefined) {
      rewritten.append(key, value);
      continue;
    }
    options.set(name, [...(options.get(name) ?? []), { key, value }]);
    if (key !== `$${name}`) changed = true;
  }
  for (const [name, given] of options) {
    if (given.length > 1) changed = true;
    const chosen = single(name, given);
    if (chosen) rewritten.append(`$${name}`, String(chosen.value));
  }
  if (changed) req.url = `${req.url.slice(0, queryStart)}?${rewritten.toString()}`;
  next();
};
