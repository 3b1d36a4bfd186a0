import { type Contract, type OperationInfo, readOperations } from '@accesspackage/openapi';
import type { Request } from 'express';
import { isParameterSegment, templatePattern } from '../odata/index.js';

/** The operation of the contract a request names, with its path parameters as sent (percent-encoded). */
export interface NamedOperation {
  operationId: string;
  operation: OperationInfo;
  /** The API version the request was sent to, e.g. `/beta`. */
  server: string;
  rawParams: Record<string, string>;
}

interface Route {
  operationId: string;
  operation: OperationInfo;
  pattern: RegExp;
  names: string[];
}

// Segments with literal text before segments that are only a parameter, segment by segment, so
// `/accessPackages/filterByCurrentUser(...)` and `.../additionalAccess(accessPackageId='{accessPackageId}',...)` are
// matched before `/accessPackages/{accessPackageId}`.
function bySpecificity(a: Route, b: Route): number {
  const left = a.operation.path.split('/');
  const right = b.operation.path.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const literalLeft = !isParameterSegment(left[i]);
    const literalRight = !isParameterSegment(right[i]);
    if (literalLeft !== literalRight) return literalLeft ? -1 : 1;
  }
  return 0;
}

/** Where an operation is served by the API: its servers' paths, other than the origin (the admin routes'). */
export const apiServersOf = (operation: OperationInfo) => operation.servers.filter((server) => server !== '');

/**
 * Which operation of the contract a request names, for everything that acts on it before or instead of express's
 * routing: the permissions it needs, whether its body is optional, the handler that answers it. Found once per request
 * (the middleware asking later get the same answer), from a table by version and method, most specific first.
 */
export function operationRoutes(contract: Contract): (req: Request) => NamedOperation | undefined {
  let named = matchers.get(contract);
  if (!named) {
    named = buildMatcher(contract);
    matchers.set(contract, named);
  }
  return named;
}

// One per contract, so the middleware and the dispatch of one app (and the apps of one process) share the answers.
const matchers = new WeakMap<Contract, (req: Request) => NamedOperation | undefined>();

function buildMatcher(contract: Contract): (req: Request) => NamedOperation | undefined {
  const table = new Map<string, Map<string, Route[]>>();
  for (const [operationId, operation] of Object.entries(readOperations(contract))) {
    for (const server of apiServersOf(operation)) {
      const byMethod = table.get(server) ?? new Map<string, Route[]>();
      table.set(server, byMethod);
      const method = operation.method.toUpperCase();
      byMethod.set(method, [
        ...(byMethod.get(method) ?? []),
        { operationId, operation, ...templatePattern(operation.path) },
      ]);
    }
  }
  for (const byMethod of table.values()) for (const routes of byMethod.values()) routes.sort(bySpecificity);

  const found = new WeakMap<Request, { key: string; named: NamedOperation | undefined }>();
  const find = (method: string, fullPath: string): NamedOperation | undefined => {
    for (const [server, byMethod] of table) {
      if (fullPath !== server && !fullPath.startsWith(`${server}/`)) continue;
      const path = fullPath.slice(server.length) || '/';
      for (const route of byMethod.get(method) ?? []) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        const rawParams = Object.fromEntries(route.names.map((name, i) => [name, match[i + 1] ?? '']));
        return { operationId: route.operationId, operation: route.operation, server, rawParams };
      }
      return undefined;
    }
    return undefined;
  };
  return (req) => {
    // The same request is asked about by the middleware mounted at its version and by the app's resource dispatch.
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const key = `${method} ${req.baseUrl}${req.path}`;
    const known = found.get(req);
    if (known?.key === key) return known.named;
    const named = find(method, `${req.baseUrl}${req.path}`);
    found.set(req, { key, named });
    return named;
  };
}
