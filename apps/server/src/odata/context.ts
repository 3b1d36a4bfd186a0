/**
 * `@odata.context` of a collection, e.g. `.../$metadata#identityGovernance/entitlementManagement/accessPackages`.
 * `serviceRoot` is the OData service root, e.g. `http://127.0.0.1:4010/beta`: Graph writes its own host
 * there, and the stub its own (its public URL or the address it was reached at, never a Host header's),
 * so a client that follows links stays on the stub.
 */
export function collectionContext(serviceRoot: string, entitySet: string): string {
  return `${serviceRoot}/$metadata#${entitySet}`;
}

/** `@odata.context` of one entity, as https://learn.microsoft.com/graph/tutorial-access-package-api shows it: the entity set followed by `/$entity`. */
export function entityContext(serviceRoot: string, entitySet: string): string {
  return `${collectionContext(serviceRoot, entitySet)}/$entity`;
}
