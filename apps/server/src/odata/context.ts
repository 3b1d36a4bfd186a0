import type { Request } from 'express';

/**
 * The OData service root the caller used, e.g. `http://127.0.0.1:4010/beta`. Graph writes its own
 * host into `@odata.context` and `@odata.nextLink`; the stub writes the one it was reached at, so
 * a client that follows links stays on the stub.
 */
export function serviceRoot(req: Request): string {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}`;
}

/** `@odata.context` of a collection, e.g. `.../$metadata#identityGovernance/entitlementManagement/accessPackages`. */
export function collectionContext(req: Request, entitySet: string): string {
  return `${serviceRoot(req)}/$metadata#${entitySet}`;
}

/** `@odata.context` of one entity, as https://learn.microsoft.com/graph/tutorial-access-package-api shows it: the entity set followed by `/$entity`. */
export function entityContext(req: Request, entitySet: string): string {
  return `${collectionContext(req, entitySet)}/$entity`;
}
