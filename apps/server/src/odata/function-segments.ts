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

// OData's canonical key syntax in one segment: `accessPackages('{id}')`, `accessPackages(id='{id}')`, or a GUID
// unquoted, `accessPackages({id})`, as Graph takes it. A function call has named parameters other than `id`, so
// `filterByCurrentUser(on='target')` and `additionalAccess(accessPackageId='…',…)` never match.
const KEY_SEGMENT =
  /^([A-Za-z_][A-Za-z0-9_.]*)\((?:(?:id=)?'((?:[^']|'')*)'|([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}))\)$/;

function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * A path with each key in parentheses written as a segment of its own: `/accessPackages('a')/accessPackageResourceRoleScopes`
 * -> `/accessPackages/a/accessPackageResourceRoleScopes`, the one form routes are declared in, so both forms address the
 * same object on every entity set and navigation. A quote inside a quoted key is doubled, as OData writes it.
 */
export function keysAsSegments(path: string): string {
  if (!/\(|%28/i.test(path)) return path;
  return path
    .split('/')
    .map((segment) => {
      const match = KEY_SEGMENT.exec(decodedSegment(segment) ?? '');
      if (!match) return segment;
      const [, name, quoted, guid] = match;
      const key = quoted === undefined ? (guid ?? '') : quoted.replace(/''/g, "'");
      return `${name}/${encodeURIComponent(key)}`;
    })
    .join('/');
}

// `url` with its keys as segments and its path in the routeable spelling, its query as it was.
function routeableUrl(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  return routeablePath(keysAsSegments(path)) + (queryStart < 0 ? '' : url.slice(queryStart));
}

/**
 * Rewrites a request's path into its routeable spelling before routing. `req.originalUrl` changes with it,
 * since express-openapi-validator matches routes on it; links built from it name the same function call.
 */
export const encodeFunctionSegments: RequestHandler = (req, _res, next) => {
  if (/[()'=]|%2[789]|%3d/i.test(req.url.split('?')[0] ?? '')) {
    req.url = routeableUrl(req.url);
    req.originalUrl = routeableUrl(req.originalUrl);
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
