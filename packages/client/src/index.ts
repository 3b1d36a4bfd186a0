export {
  decideAccessPackageAssignmentApproval,
  SETTLED_REQUEST_STATES,
  type WaitOptions,
  waitForAssignmentRequest,
} from './assignment-flow.js';
export { type AccessToken, type AuthOption, GRAPH_DEFAULT_SCOPES, type TokenCredential } from './auth.js';
export {
  type AccessPackageClient,
  type AccessPackageClientOptions,
  type AccessPackageRawClient,
  createAccessPackageClient,
} from './client.js';
export { GraphError, GraphTimeoutError, GraphTransportError, isODataError } from './errors.js';
/**
 * Every call of the facade as a function of its own, named by operationId, taking a transport first; with
 * `createGraphTransport`, the tree-shakeable way in: `await createAccessPackage(graph, body)`.
 */
export * from './gen/calls.gen.js';
export type * from './gen/types.gen.js';
export type {
  AccessPackageExpand,
  AccessPackageOrderable,
  AccessPackageProperty,
  AssignmentExpand,
  AssignmentOrderable,
  AssignmentProperty,
  AssignmentRequestExpand,
  AssignmentRequestOrderable,
  AssignmentRequestProperty,
  CallOptions,
  CatalogExpand,
  CatalogOrderable,
  CatalogProperty,
  CatalogResourceExpand,
  CatalogResourceOrderable,
  CatalogResourceProperty,
  Expand,
  ExpandOption,
  GetOptions,
  GroupOrderable,
  GroupProperty,
  ListOptions,
  Orderable,
  OrderableProperty,
  OrderBy,
  PageOptions,
  PolicyExpand,
  PolicyOrderable,
  PolicyProperty,
  Property,
  ResourceRequestProperty,
  ResourceRoleExpand,
  ResourceRoleOrderable,
  ResourceRoleProperty,
  Selected,
  UserOrderable,
  UserProperty,
} from './odata-options.js';
export { listAll, nextPage } from './paging.js';
export { accessPackageUrl, directoryObjectUrl, groupUrl } from './references.js';
export {
  createGraphTransport,
  GRAPH_BETA_URL,
  type GraphAnswer,
  type GraphRequest,
  type GraphResponse,
  type GraphTransport,
  type GraphTransportOptions,
  type Page,
} from './request.js';
export { parseRetryAfter, type RetryInfo, type RetryOptions } from './retry.js';
export type { AttemptInfo, Middleware } from './transport.js';
