import type { RequestHandler } from 'express';
import { GraphHttpError } from '../graph/http-error.js';
import { systemOptionName } from './query-options.js';

function badRequest(message: string): GraphHttpError {
  return new GraphHttpError(400, 'BadRequest', message);
}

const quote = (text: string) => `'${text.length > 64 ? `${text.slice(0, 63)}…` : text}'`;

/**
 * What the query string may look like before anything reads it. Option names are plain: a bracket
 * (`$filter[x]=`, `foo[__proto__]=`) would ask some parser to build an object, so it is refused
 * rather than parsed or dropped. An option other than OData's may appear once (OData's own may
 * repeat with the same value; optionalDollar checks that). `$top` is digits only (`0x10`, `+5`,
 * ` 5` are refused, not read as numbers) and `$count` is `true` or `false`.
 */
export const queryRules: RequestHandler = (req, _res, next) => {
  const at = req.url.indexOf('?');
  if (at < 0) return next();
  const others = new Set<string>();
  for (const [key, value] of new URLSearchParams(req.url.slice(at + 1))) {
    if (/[[\]]/.test(key)) {
      return next(
        badRequest(
          `The query option name ${quote(key)} holds a bracket. Query options are plain names such as $filter or $top; nothing is nested.`,
        ),
      );
    }
    const name = systemOptionName(key);
    if (name === undefined) {
      if (others.has(key))
        return next(badRequest(`The query option ${quote(key)} is given more than once. Give it once.`));
      others.add(key);
    } else if (name === 'top' && !/^[0-9]+$/.test(value)) {
      return next(
        badRequest(
          `The query option ${quote(key)} must be a whole number from 1 to 999 written in digits, but was ${quote(value)}.`,
        ),
      );
    } else if (name === 'count' && value !== 'true' && value !== 'false') {
      return next(badRequest(`The query option ${quote(key)} must be true or false, but was ${quote(value)}.`));
    }
  }
  next();
};
