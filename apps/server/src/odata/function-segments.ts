import type { RequestHandler } from 'express';

// The characters of an OData function call in a path segment, `filterByCurrentUser(on='allowedRequestor')`.
const FUNCTION_CHARACTERS = /[()'=]/g;

/**
 * A path with its OData function calls percent-encoded (`filterByCurrentUser%28on%3D%27allowedRequestor%27%29`),
 * the one spelling routes are declared and matched in: express and express-openapi-validator read `(` and `)` in a
 * route as their own syntax, and clients send the call both raw and encoded.
 */
export function routeablePath(path: string): string {
  return path
    .replace(FUNCTION_CHARACTERS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2[789]|%3d/gi, (sequence) => sequence.toUpperCase());
}

// `url` with its path in the routeable spelling, its query as it was.
function encoded(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  return routeablePath(path) + (queryStart < 0 ? '' : url.slice(queryStart));
}

/**
 * Rewrites a request's path into its routeable spelling before routing. `req.originalUrl` changes with it,
 * since express-openapi-validator matches routes on it; links built from it name the same function call.
 */
export const encodeFunctionSegments: RequestHandler = (req, _res, next) => {
  if (/[()'=]|%2[789]|%3d/i.test(req.url.split('?')[0] ?? '')) {
    req.url = encoded(req.url);
    req.originalUrl = encoded(req.originalUrl);
  }
  next();
};

/**
 * Whether a segment of a path template is only a parameter (`{accessPackageId}`), which matches any segment: a
 * segment with literal text (`filterByCurrentUser(on='target')`, `additionalAccess(accessPackageId='{id}',...)`) is
 * more specific, and is matched first.
 */
export const isParameterSegment = (segment: string | undefined): boolean =>
  segment !== undefined && /^\{[^}]+\}$/.test(segment);

/**
 * A contract path template as a pattern over request paths in their routeable spelling, as express matched routes:
 * regardless of case, with or without a trailing slash. `/accessPackages/{accessPackageId}` ->
 * /^\/accessPackages\/([^/]+?)\/?$/i, with `names` the parameters of its groups, in order.
 */
export function templatePattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = routeablePath(template)
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const parameter = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (parameter === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(parameter);
      return '([^/]+?)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}/?$`, 'i'), names };
}
