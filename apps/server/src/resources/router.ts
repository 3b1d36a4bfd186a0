import { type Contract, readODataEntities, readOperations } from '@accesspackage/openapi';
import { type Response, Router } from 'express';
import { DEV_TENANT_ID } from '../auth/dev-token.js';
import type { Caller } from '../auth/index.js';
import { callerOf } from '../http/authentication.js';
import type { UntypedReply } from './operation.js';
import type { Resource, ResourceContext } from './resource.js';

// `/accessPackages/{accessPackageId}` -> `/accessPackages/:accessPackageId`
const expressPath = (template: string) => template.replace(/\{([^}]+)\}/g, ':$1');

const reply = (status: number, ...body: unknown[]): UntypedReply =>
  body.length > 0 ? { status, body: body[0] } : { status };

/**
 * The tenant whose data a request sees: the token's `tid`. Tokens without one (authentication off,
 * hand-made tokens) see the `token` command's tenant, so that a stub used without tokens still works.
 */
function tenantOf(caller: Caller): string {
  const tid = caller.claims.tid;
  return typeof tid === 'string' && tid !== '' ? tid.toLowerCase() : DEV_TENANT_ID;
}

function send(res: Response, reply: UntypedReply): void {
  if ('body' in reply) res.status(reply.status).json(reply.body);
  else res.status(reply.status).end();
}

/**
 * Routes every operation of the contract to the handler a resource declares for it, by
 * operationId, at the method and path the contract gives it. Start-up fails, saying what is
 * missing, when a handler names no operation or an operation served under the API's base URL has
 * no handler: contract and code cannot drift apart silently. Requests reaching a handler were
 * validated against the contract by express-openapi-validator.
 */
export function resourceRouter(
  contract: Contract,
  resources: readonly Resource[],
  context: Omit<ResourceContext, 'entities'>,
): Router {
  const operations = readOperations(contract);
  const entities = readODataEntities(contract);
  const router = Router();
  const served = new Set<string>();
  for (const resource of resources) {
    for (const [operationId, handler] of Object.entries(resource.build({ ...context, entities }))) {
      const operation = operations[operationId];
      if (!operation) {
        throw new Error(
          `The resource '${resource.entity}' declares a handler for '${operationId}', which is no operationId of the contract.`,
        );
      }
      if (served.has(operationId)) throw new Error(`Two resources declare a handler for '${operationId}'.`);
      served.add(operationId);
      router[operation.method](expressPath(operation.path), async (req, res) => {
        const caller = callerOf(res);
        const store = await context.store.tenant(tenantOf(caller));
        const path = req.params as Record<string, string>;
        send(res, await handler({ body: req.body, path, caller, store, req, reply }));
      });
    }
  }
  // Operations with servers of their own (the stub's admin routes) live outside the API's base URL.
  const paths = (contract.paths ?? {}) as Record<string, { servers?: unknown }>;
  const missing = Object.entries(operations).filter(([id, op]) => !served.has(id) && !paths[op.path]?.servers);
  if (missing.length > 0) {
    throw new Error(
      `No resource handles ${missing.map(([id, op]) => `${id} (${op.method.toUpperCase()} ${op.path})`).join(', ')}. Declare a handler for each.`,
    );
  }
  return router;
}
