import { type Contract, readODataEntities, readOperations, readRoles } from '@accesspackage/openapi';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { tenantOf } from '../auth/identity.js';
import { createClock, createTenantClocks } from '../graph/clock.js';
import { callerOf } from '../http/authentication.js';
import { localsOf } from '../http/locals.js';
import { createRoleCheck } from './access.js';
import { createSettler } from './lifecycle/settling.js';
import type { UntypedHandlers, UntypedReply } from './operation.js';
import { apiServersOf, operationRoutes } from './operation-routes.js';
import type { Resource, ResourceContext } from './resource.js';
import { createTurns } from './turns.js';

/** How long an assignment request waits before it is processed, unless the stub is told otherwise. */
export const DEFAULT_DELIVERY_DELAY_MS = 300;

// A parameter as express gave it: percent-decoded; one that does not decode is the client's mistake (400).
function decodeParam(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw Object.assign(new URIError(`Failed to decode param '${value}'`), { status: 400, statusCode: 400 });
  }
}

const reply = (status: number, ...body: unknown[]): UntypedReply =>
  body.length > 0 ? { status, body: body[0] } : { status };

function send(res: Response, reply: UntypedReply): void {
  if ('body' in reply) res.status(reply.status).json(reply.body);
  else res.status(reply.status).end();
}

/**
 * Routes every operation of the contract to the handler a resource declares for it, by
 * operationId, at the method and path the contract gives it, under each version its servers name
 * (`/beta`, and `/v1.0` for the directory objects). Start-up fails, saying what is missing, when a
 * handler names no operation or an operation served under the API's versions has no handler:
 * contract and code cannot drift apart silently. Requests reaching a handler were validated against
 * the contract by express-openapi-validator.
 */
export function resourceRouter(
  contract: Contract,
  resources: readonly Resource[],
  given: Omit<ResourceContext, 'entities' | 'shapes' | 'clocks' | 'deliveryDelayMs' | 'settler' | 'roles'> &
    Partial<Pick<ResourceContext, 'clocks' | 'deliveryDelayMs'>> & { logger?: Logger },
): RequestHandler {
  const clocks = given.clocks ?? createTenantClocks(createClock());
  // Stubs sharing a PostgreSQL database deliver each other's requests: each reads the next due time from the store.
  const deliveryDelayMs = given.deliveryDelayMs ?? DEFAULT_DELIVERY_DELAY_MS;
  const settler = createSettler(clocks, {
    shared: given.store.engine === 'postgres',
    notifyAfterMs: deliveryDelayMs,
    ...(given.logger ? { logger: given.logger } : {}),
  });
  const context = { ...given, clocks, settler, deliveryDelayMs };
  const operations = readOperations(contract);
  const entities = readODataEntities(contract);
  const roles = readRoles(contract);
  const checkRoles = createRoleCheck(roles);
  const shapes: ResourceContext['shapes'] = new Map();
  const handlers = new Map<string, UntypedHandlers[string]>();
  for (const resource of resources) {
    for (const [operationId, handler] of Object.entries(resource.build({ ...context, entities, shapes, roles }))) {
      if (!operations[operationId]) {
        throw new Error(
          `The resource '${resource.entity}' declares a handler for '${operationId}', which is no operationId of the contract.`,
        );
      }
      if (handlers.has(operationId)) throw new Error(`Two resources declare a handler for '${operationId}'.`);
      handlers.set(operationId, handler);
    }
  }
  const named = operationRoutes(contract);
  // SQLite works one request at a time on the event loop: one per tenant keeps tenants from queueing behind each
  // other. PostgreSQL works on many at once off the loop: a tenant keeps its parallelism, bounded.
  const turns = createTurns(context.store.engine === 'sqlite' ? 1 : 8);
  const run = async (
    req: Request,
    res: Response,
    operationId: string,
    handler: UntypedHandlers[string],
    path: Record<string, string>,
  ) => {
    const caller = callerOf(res);
    const tenantId = tenantOf(caller);
    const done = await turns.enter(tenantId);
    try {
      const store = await context.store.tenant(tenantId, { maxTenants: context.maxTenants });
      await settler.settle(store);
      const { missingPermission } = localsOf(res);
      const { visible } = await checkRoles(operationId, { caller, store, path, body: req.body, missingPermission });
      send(res, await handler({ body: req.body, path, caller, store, req, reply, ...(visible ? { visible } : {}) }));
    } finally {
      done();
    }
  };
  const router: RequestHandler = (req, res, next) => {
    const found = named(req);
    const handler = found && handlers.get(found.operationId);
    if (!found || !handler) return next();
    let params: Record<string, string>;
    try {
      params = Object.fromEntries(Object.entries(found.rawParams).map(([name, value]) => [name, decodeParam(value)]));
    } catch (err) {
      return next(err);
    }
    // As a router mounted at the version would: handlers build links from the version's base URL and read params.
    const { baseUrl, url } = req;
    req.baseUrl = found.server;
    req.url = req.url.slice(found.server.length) || '/';
    req.params = params;
    run(req, res, found.operationId, handler, params).catch((err: unknown) => {
      req.baseUrl = baseUrl;
      req.url = url;
      next(err);
    });
  };
  // Operations served only at the origin (the stub's admin routes) have handlers of their own, outside the API.
  const missing = Object.entries(operations).filter(([id, op]) => !handlers.has(id) && apiServersOf(op).length > 0);
  if (missing.length > 0) {
    throw new Error(
      `No resource handles ${missing.map(([id, op]) => `${id} (${op.method.toUpperCase()} ${op.path})`).join(', ')}. Declare a handler for each.`,
    );
  }
  return router;
}
