import { GraphTimeoutError } from './errors.js';
import type {
  AccessPackage,
  AccessPackageAssignment,
  AccessPackageAssignmentPolicy,
  AccessPackageAssignmentPolicyCreate,
  AccessPackageAssignmentPolicyUpdate,
  AccessPackageAssignmentRequest,
  AccessPackageAssignmentRequestCreate,
  AccessPackageAssignmentRequestRequirements,
  AccessPackageCatalog,
  AccessPackageCatalogCreate,
  AccessPackageCatalogUpdate,
  AccessPackageCreate,
  AccessPackageResource,
  AccessPackageResourceRequest,
  AccessPackageResourceRequestCreate,
  AccessPackageResourceRole,
  AccessPackageResourceRoleScope,
  AccessPackageResourceRoleScopeCreate,
  AccessPackageUpdate,
  AddGroupMemberData,
  AddGroupOwnerData,
  AddIncompatibleAccessPackageData,
  AddIncompatibleGroupData,
  Approval,
  ApprovalStep,
  ApprovalStepUpdate,
  CancelAssignmentRequestData,
  CreateAccessPackageAssignmentPolicyData,
  CreateAccessPackageCatalogData,
  CreateAccessPackageData,
  CreateAccessPackageFromAccessPackagesData,
  CreateAccessPackageResourceRequestData,
  CreateAccessPackageResourceRoleScopeData,
  CreateAssignmentRequestData,
  CreateGroupData,
  CreateUserData,
  DeleteAccessPackageAssignmentPolicyData,
  DeleteAccessPackageCatalogData,
  DeleteAccessPackageData,
  DeleteAccessPackageResourceRoleScopeData,
  DeleteAssignmentRequestData,
  DeleteGroupData,
  DeleteUserData,
  FilterAccessPackagesByCurrentUserData,
  GetAccessPackageApplicablePolicyRequirementsData,
  GetAccessPackageAssignmentApprovalData,
  GetAccessPackageAssignmentApprovalStepData,
  GetAccessPackageAssignmentData,
  GetAccessPackageAssignmentPolicyData,
  GetAccessPackageCatalogData,
  GetAccessPackageData,
  GetAssignmentRequestData,
  GetGroupData,
  GetUserData,
  Group,
  GroupCreate,
  ListAccessPackageAssignmentApprovalStepsData,
  ListAccessPackageAssignmentApprovalsFilteredByCurrentUserApproverData,
  ListAccessPackageAssignmentPoliciesData,
  ListAccessPackageAssignmentsAdditionalAccessData,
  ListAccessPackageAssignmentsData,
  ListAccessPackageAssignmentsFilteredByCurrentUserCreatedByData,
  ListAccessPackageAssignmentsFilteredByCurrentUserTargetData,
  ListAccessPackageCatalogResourceRolesData,
  ListAccessPackageCatalogResourcesData,
  ListAccessPackageCatalogsData,
  ListAccessPackageResourceRequestsData,
  ListAccessPackagesData,
  ListAccessPackagesIncompatibleWithData,
  ListAssignmentRequestsData,
  ListAssignmentRequestsFilteredByCurrentUserApproverData,
  ListAssignmentRequestsFilteredByCurrentUserCreatedByData,
  ListAssignmentRequestsFilteredByCurrentUserTargetData,
  ListGroupMembersData,
  ListGroupOwnersData,
  ListGroupsData,
  ListIncompatibleAccessPackagesData,
  ListIncompatibleGroupsData,
  ListUsersData,
  MoveAccessPackageToCatalogData,
  RemoveGroupMemberData,
  RemoveGroupOwnerData,
  RemoveIncompatibleAccessPackageData,
  RemoveIncompatibleGroupData,
  ReprocessAccessPackageAssignmentData,
  ReprocessAssignmentRequestData,
  UpdateAccessPackageAssignmentApprovalStepData,
  UpdateAccessPackageAssignmentPolicyData,
  UpdateAccessPackageCatalogData,
  UpdateAccessPackageData,
  User,
  UserCreate,
} from './gen/types.gen.js';
import {
  type AccessPackageExpand,
  type AccessPackageOrderable,
  type AccessPackageProperty,
  type ApprovalProperty,
  type AssignmentExpand,
  type AssignmentOrderable,
  type AssignmentProperty,
  type AssignmentRequestExpand,
  type AssignmentRequestOrderable,
  type AssignmentRequestProperty,
  type CallOptions,
  type CatalogExpand,
  type CatalogOrderable,
  type CatalogProperty,
  type CatalogResourceExpand,
  type CatalogResourceOrderable,
  type CatalogResourceProperty,
  type GetOptions,
  type GroupOrderable,
  type GroupProperty,
  type ListOptions,
  type PageOptions,
  type PolicyExpand,
  type PolicyOrderable,
  type PolicyProperty,
  type ResourceRequestProperty,
  type ResourceRoleExpand,
  type ResourceRoleOrderable,
  type ResourceRoleProperty,
  type Selected,
  toQuery,
  type UserOrderable,
  type UserProperty,
} from './odata-options.js';
import type { GraphRequest, GraphTransport, Page } from './request.js';

// Every call of the client as a function of its own, named by the contract's operationId (as `sdk`'s are), taking
// a transport first: `await createAccessPackage(graph, body)`. A bundler keeps only the functions an app imports;
// `createAccessPackageClient` groups them all into one object. Each request is checked against the generated
// types of its operation (`satisfies Operation<...Data>`), so a path, parameter or body that drifts from the
// contract fails the build.

/** A request as the generated types of its operation allow it: the contract's path template, parameters and body. */
type Operation<D extends { url: string; path?: unknown; body?: unknown }> = Omit<
  GraphRequest,
  'url' | 'path' | 'body'
> & {
  url: D['url'];
  path?: D['path'];
  body?: D['body'];
};

/** The URL an OData `$ref` body names an access package by, as Graph's own examples write it. */
export const accessPackageUrl = (id: string): string =>
  `https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages/${encodeURIComponent(id)}`;

/** The URL an OData `$ref` body names a user or group by, as Graph's own examples write it. */
export const directoryObjectUrl = (id: string): string =>
  `https://graph.microsoft.com/v1.0/directoryObjects/${encodeURIComponent(id)}`;

/** Fetches the page an `@odata.nextLink` points at, verbatim, as Graph asks. */
export function nextPage<T, Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  nextLink: string,
  callOptions?: CallOptions,
) {
  return graph.send<Page<T>>({ method: 'GET', url: nextLink }, callOptions);
}

/**
 * Every item of the list `first` fetches, page after page, following `@odata.nextLink` verbatim; lazy, like any
 * generator: `for await (const p of listAll(graph, () => listAccessPackages(graph, options), options))`.
 * `callOptions` may be the list's own options: the next links carry the query, so only `signal`, `timeoutMs` and
 * `headers` count (typed as list options so that such an object is accepted as it is).
 */
export async function* listAll<T>(
  graph: GraphTransport,
  first: () => Promise<Page<T>>,
  callOptions?: ListOptions<string, string, string>,
): AsyncGenerator<T, void, undefined> {
  let page = await first();
  yield* page.value;
  while (page['@odata.nextLink']) {
    page = await nextPage<T>(graph, page['@odata.nextLink'], callOptions);
    yield* page.value;
  }
}

// Access packages

/** Creates an access package in the catalog `catalogId` names (201 Created). */
export function createAccessPackage<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  body: AccessPackageCreate,
  callOptions?: CallOptions,
) {
  return graph.send<AccessPackage>(
    {
      method: 'POST',
      url: '/identityGovernance/entitlementManagement/accessPackages',
      body,
    } satisfies Operation<CreateAccessPackageData>,
    callOptions,
  );
}

/** The seed page's original path, `POST /accessPackages`; same result as `createAccessPackage`. */
export function createAccessPackageFromAccessPackages<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  body: AccessPackageCreate,
  callOptions?: CallOptions,
) {
  return graph.send<AccessPackage>(
    { method: 'POST', url: '/accessPackages', body } satisfies Operation<CreateAccessPackageFromAccessPackagesData>,
    callOptions,
  );
}

/** One page of access packages; follow `@odata.nextLink` with `listAll` or `nextPage`. */
export function listAccessPackages<
  P extends AccessPackageProperty = AccessPackageProperty,
  E extends AccessPackageExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, listOptions?: ListOptions<P, E, AccessPackageOrderable>) {
  return graph.send<Page<Selected<AccessPackage, P, E>>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackages',
      query: toQuery(listOptions),
    } satisfies Operation<ListAccessPackagesData>,
    listOptions,
  );
}

export function getAccessPackage<
  P extends AccessPackageProperty = AccessPackageProperty,
  E extends AccessPackageExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, accessPackageId: string, getOptions?: GetOptions<P, E>) {
  return graph.send<Selected<AccessPackage, P, E>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}',
      path: { accessPackageId },
      query: toQuery(getOptions),
    } satisfies Operation<GetAccessPackageData>,
    getOptions,
  );
}

/** Changes only the properties given (204 No Content). */
export function updateAccessPackage<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  body: AccessPackageUpdate,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'PATCH',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}',
      path: { accessPackageId },
      body,
      empty: true,
    } satisfies Operation<UpdateAccessPackageData>,
    callOptions,
  );
}

export function deleteAccessPackage<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'DELETE',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}',
      path: { accessPackageId },
      empty: true,
    } satisfies Operation<DeleteAccessPackageData>,
    callOptions,
  );
}

/** Moves the package to another catalog, which must hold the resources it grants roles of (200, no body). */
export function moveAccessPackageToCatalog<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  catalogId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'POST',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/moveToCatalog',
      path: { accessPackageId },
      body: { catalogId },
      empty: true,
    } satisfies Operation<MoveAccessPackageToCatalogData>,
    callOptions,
  );
}

/**
 * The policies the signed-in user (or, for an administrator, the user `subjectObjectId` names) may request the
 * package under, with their questions and approval needs.
 */
export function getAccessPackageApplicablePolicyRequirements<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  subjectObjectId?: string,
  callOptions?: CallOptions,
) {
  return graph.send<{ value: AccessPackageAssignmentRequestRequirements[] }>(
    {
      method: 'POST',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/getApplicablePolicyRequirements',
      path: { accessPackageId },
      ...(subjectObjectId === undefined ? {} : { body: { subject: { objectId: subjectObjectId } } }),
    } satisfies Operation<GetAccessPackageApplicablePolicyRequirementsData>,
    callOptions,
  );
}

/** One page of the packages the signed-in user may request (`filterByCurrentUser(on='allowedRequestor')`). */
export function filterAccessPackagesByCurrentUser<
  P extends AccessPackageProperty = AccessPackageProperty,
  E extends AccessPackageExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, listOptions?: ListOptions<P, E, AccessPackageOrderable>) {
  return graph.send<Page<Selected<AccessPackage, P, E>>>(
    {
      method: 'GET',
      url: "/identityGovernance/entitlementManagement/accessPackages/filterByCurrentUser(on='allowedRequestor')",
      query: toQuery(listOptions),
    } satisfies Operation<FilterAccessPackagesByCurrentUserData>,
    listOptions,
  );
}

/** One page of the packages marked incompatible with this one. */
export function listIncompatibleAccessPackages<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  pageOptions?: PageOptions,
) {
  return graph.send<Page<AccessPackage>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/incompatibleAccessPackages',
      path: { accessPackageId },
      query: toQuery(pageOptions),
    } satisfies Operation<ListIncompatibleAccessPackagesData>,
    pageOptions,
  );
}

/** Marks `otherAccessPackageId` incompatible with the package (204). */
export function addIncompatibleAccessPackage<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  otherAccessPackageId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'POST',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/incompatibleAccessPackages/$ref',
      path: { accessPackageId },
      body: { '@odata.id': accessPackageUrl(otherAccessPackageId) },
      empty: true,
    } satisfies Operation<AddIncompatibleAccessPackageData>,
    callOptions,
  );
}

export function removeIncompatibleAccessPackage<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  otherAccessPackageId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'DELETE',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/incompatibleAccessPackages/{incompatibleAccessPackageId}/$ref',
      path: { accessPackageId, incompatibleAccessPackageId: otherAccessPackageId },
      empty: true,
    } satisfies Operation<RemoveIncompatibleAccessPackageData>,
    callOptions,
  );
}

/** One page of the packages that list this one as incompatible. */
export function listAccessPackagesIncompatibleWith<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  pageOptions?: PageOptions,
) {
  return graph.send<Page<AccessPackage>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/accessPackagesIncompatibleWith',
      path: { accessPackageId },
      query: toQuery(pageOptions),
    } satisfies Operation<ListAccessPackagesIncompatibleWithData>,
    pageOptions,
  );
}

/** One page of the groups marked incompatible with the package. */
export function listIncompatibleGroups<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  pageOptions?: PageOptions,
) {
  return graph.send<Page<Group>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/incompatibleGroups',
      path: { accessPackageId },
      query: toQuery(pageOptions),
    } satisfies Operation<ListIncompatibleGroupsData>,
    pageOptions,
  );
}

/** Marks the group incompatible with the package: its members cannot be assigned it (204). */
export function addIncompatibleGroup<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  groupId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'POST',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/incompatibleGroups/$ref',
      path: { accessPackageId },
      body: { '@odata.id': `https://graph.microsoft.com/beta/groups/${encodeURIComponent(groupId)}` },
      empty: true,
    } satisfies Operation<AddIncompatibleGroupData>,
    callOptions,
  );
}

export function removeIncompatibleGroup<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  groupId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'DELETE',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/incompatibleGroups/{groupId}/$ref',
      path: { accessPackageId, groupId },
      empty: true,
    } satisfies Operation<RemoveIncompatibleGroupData>,
    callOptions,
  );
}

/**
 * Gives the package a role of a resource in its catalog (201; id `{roleId}_{scopeId}`). List them with
 * `expand: 'accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope)'`.
 */
export function createAccessPackageResourceRoleScope<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  body: AccessPackageResourceRoleScopeCreate,
  callOptions?: CallOptions,
) {
  return graph.send<AccessPackageResourceRoleScope>(
    {
      method: 'POST',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/accessPackageResourceRoleScopes',
      path: { accessPackageId },
      body,
    } satisfies Operation<CreateAccessPackageResourceRoleScopeData>,
    callOptions,
  );
}

export function deleteAccessPackageResourceRoleScope<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  accessPackageResourceRoleScopeId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'DELETE',
      url: '/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/accessPackageResourceRoleScopes/{accessPackageResourceRoleScopeId}',
      path: { accessPackageId, accessPackageResourceRoleScopeId },
      empty: true,
    } satisfies Operation<DeleteAccessPackageResourceRoleScopeData>,
    callOptions,
  );
}

// Catalogs

export function createAccessPackageCatalog<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  body: AccessPackageCatalogCreate,
  callOptions?: CallOptions,
) {
  return graph.send<AccessPackageCatalog>(
    {
      method: 'POST',
      url: '/identityGovernance/entitlementManagement/accessPackageCatalogs',
      body,
    } satisfies Operation<CreateAccessPackageCatalogData>,
    callOptions,
  );
}

export function listAccessPackageCatalogs<
  P extends CatalogProperty = CatalogProperty,
  E extends CatalogExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, listOptions?: ListOptions<P, E, CatalogOrderable>) {
  return graph.send<Page<Selected<AccessPackageCatalog, P, E>>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackageCatalogs',
      query: toQuery(listOptions),
    } satisfies Operation<ListAccessPackageCatalogsData>,
    listOptions,
  );
}

export function getAccessPackageCatalog<
  P extends CatalogProperty = CatalogProperty,
  E extends CatalogExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, accessPackageCatalogId: string, getOptions?: GetOptions<P, E>) {
  return graph.send<Selected<AccessPackageCatalog, P, E>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackageCatalogs/{accessPackageCatalogId}',
      path: { accessPackageCatalogId },
      query: toQuery(getOptions),
    } satisfies Operation<GetAccessPackageCatalogData>,
    getOptions,
  );
}

export function updateAccessPackageCatalog<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageCatalogId: string,
  body: AccessPackageCatalogUpdate,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'PATCH',
      url: '/identityGovernance/entitlementManagement/accessPackageCatalogs/{accessPackageCatalogId}',
      path: { accessPackageCatalogId },
      body,
      empty: true,
    } satisfies Operation<UpdateAccessPackageCatalogData>,
    callOptions,
  );
}

export function deleteAccessPackageCatalog<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageCatalogId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'DELETE',
      url: '/identityGovernance/entitlementManagement/accessPackageCatalogs/{accessPackageCatalogId}',
      path: { accessPackageCatalogId },
      empty: true,
    } satisfies Operation<DeleteAccessPackageCatalogData>,
    callOptions,
  );
}

/**
 * One page of the resources the catalog holds; find one added by a request with `filter: "originId eq '<groupId>'"`
 * (its id is not the group's).
 */
export function listAccessPackageCatalogResources<
  P extends CatalogResourceProperty = CatalogResourceProperty,
  E extends CatalogResourceExpand = never,
  Raw extends boolean = false,
>(
  graph: GraphTransport<Raw>,
  accessPackageCatalogId: string,
  listOptions?: ListOptions<P, E, CatalogResourceOrderable>,
) {
  return graph.send<Page<Selected<AccessPackageResource, P, E>>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackageCatalogs/{accessPackageCatalogId}/accessPackageResources',
      path: { accessPackageCatalogId },
      query: toQuery(listOptions),
    } satisfies Operation<ListAccessPackageCatalogResourcesData>,
    listOptions,
  );
}

/**
 * One page of the roles of the catalog's resources. As on Graph, `filter` must require an origin system:
 * `(originSystem eq 'AadGroup' and accessPackageResource/id eq '<id>')`.
 */
export function listAccessPackageCatalogResourceRoles<
  P extends ResourceRoleProperty = ResourceRoleProperty,
  E extends ResourceRoleExpand = never,
  Raw extends boolean = false,
>(
  graph: GraphTransport<Raw>,
  accessPackageCatalogId: string,
  listOptions: ListOptions<P, E, ResourceRoleOrderable> & { filter: string },
) {
  return graph.send<Page<Selected<AccessPackageResourceRole, P, E>>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackageCatalogs/{accessPackageCatalogId}/accessPackageResourceRoles',
      path: { accessPackageCatalogId },
      query: { ...toQuery(listOptions), $filter: listOptions.filter },
    } satisfies Operation<ListAccessPackageCatalogResourceRolesData>,
    listOptions,
  );
}

// Assignment policies

/** Creates an assignment policy for the package `accessPackageId` names (201, with Graph's defaults). */
export function createAccessPackageAssignmentPolicy<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  body: AccessPackageAssignmentPolicyCreate,
  callOptions?: CallOptions,
) {
  return graph.send<AccessPackageAssignmentPolicy>(
    {
      method: 'POST',
      url: '/identityGovernance/entitlementManagement/accessPackageAssignmentPolicies',
      body,
    } satisfies Operation<CreateAccessPackageAssignmentPolicyData>,
    callOptions,
  );
}

export function listAccessPackageAssignmentPolicies<
  P extends PolicyProperty = PolicyProperty,
  E extends PolicyExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, listOptions?: ListOptions<P, E, PolicyOrderable>) {
  return graph.send<Page<Selected<AccessPackageAssignmentPolicy, P, E>>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackageAssignmentPolicies',
      query: toQuery(listOptions),
    } satisfies Operation<ListAccessPackageAssignmentPoliciesData>,
    listOptions,
  );
}

export function getAccessPackageAssignmentPolicy<
  P extends PolicyProperty = PolicyProperty,
  E extends PolicyExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, accessPackageAssignmentPolicyId: string, getOptions?: GetOptions<P, E>) {
  return graph.send<Selected<AccessPackageAssignmentPolicy, P, E>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackageAssignmentPolicies/{accessPackageAssignmentPolicyId}',
      path: { accessPackageAssignmentPolicyId },
      query: toQuery(getOptions),
    } satisfies Operation<GetAccessPackageAssignmentPolicyData>,
    getOptions,
  );
}

/** Replaces the whole policy (Graph's PUT; there is no PATCH) and resolves to it (200). */
export function updateAccessPackageAssignmentPolicy<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageAssignmentPolicyId: string,
  body: AccessPackageAssignmentPolicyUpdate,
  callOptions?: CallOptions,
) {
  return graph.send<AccessPackageAssignmentPolicy>(
    {
      method: 'PUT',
      url: '/identityGovernance/entitlementManagement/accessPackageAssignmentPolicies/{accessPackageAssignmentPolicyId}',
      path: { accessPackageAssignmentPolicyId },
      body,
    } satisfies Operation<UpdateAccessPackageAssignmentPolicyData>,
    callOptions,
  );
}

export function deleteAccessPackageAssignmentPolicy<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageAssignmentPolicyId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'DELETE',
      url: '/identityGovernance/entitlementManagement/accessPackageAssignmentPolicies/{accessPackageAssignmentPolicyId}',
      path: { accessPackageAssignmentPolicyId },
      empty: true,
    } satisfies Operation<DeleteAccessPackageAssignmentPolicyData>,
    callOptions,
  );
}

// Resource requests

/**
 * Adds a resource to a catalog (`AdminAdd`, by `originId` and `originSystem`) or removes one (`AdminRemove`); 201
 * with the request, already `Delivered`, without the resource's id.
 */
export function createAccessPackageResourceRequest<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  body: AccessPackageResourceRequestCreate,
  callOptions?: CallOptions,
) {
  return graph.send<AccessPackageResourceRequest>(
    {
      method: 'POST',
      url: '/identityGovernance/entitlementManagement/accessPackageResourceRequests',
      body,
    } satisfies Operation<CreateAccessPackageResourceRequestData>,
    callOptions,
  );
}

export function listAccessPackageResourceRequests<
  P extends ResourceRequestProperty = ResourceRequestProperty,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, listOptions?: ListOptions<P, never, never>) {
  return graph.send<Page<Selected<AccessPackageResourceRequest, P, never>>>(
    {
      method: 'GET',
      url: '/identityGovernance/entitlementManagement/accessPackageResourceRequests',
      query: toQuery(listOptions),
    } satisfies Operation<ListAccessPackageResourceRequestsData>,
    listOptions,
  );
}

// Users

/** Creates a user (201 Created); `passwordProfile` is required and never returned. */
export function createUser<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  body: UserCreate,
  callOptions?: CallOptions,
) {
  return graph.send<User>({ method: 'POST', url: '/users', body } satisfies Operation<CreateUserData>, callOptions);
}

export function listUsers<P extends UserProperty = UserProperty, Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  listOptions?: ListOptions<P, never, UserOrderable>,
) {
  return graph.send<Page<Selected<User, P, never>>>(
    { method: 'GET', url: '/users', query: toQuery(listOptions) } satisfies Operation<ListUsersData>,
    listOptions,
  );
}

export function getUser<P extends UserProperty = UserProperty, Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  userId: string,
  getOptions?: GetOptions<P, never>,
) {
  return graph.send<Selected<User, P, never>>(
    {
      method: 'GET',
      url: '/users/{userId}',
      path: { userId },
      query: toQuery(getOptions),
    } satisfies Operation<GetUserData>,
    getOptions,
  );
}

export function deleteUser<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  userId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    { method: 'DELETE', url: '/users/{userId}', path: { userId }, empty: true } satisfies Operation<DeleteUserData>,
    callOptions,
  );
}

// Groups

/** Creates a group (201 Created); `groupTypes: ['Unified']` makes a Microsoft 365 group. */
export function createGroup<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  body: GroupCreate,
  callOptions?: CallOptions,
) {
  return graph.send<Group>({ method: 'POST', url: '/groups', body } satisfies Operation<CreateGroupData>, callOptions);
}

export function listGroups<P extends GroupProperty = GroupProperty, Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  listOptions?: ListOptions<P, never, GroupOrderable>,
) {
  return graph.send<Page<Selected<Group, P, never>>>(
    { method: 'GET', url: '/groups', query: toQuery(listOptions) } satisfies Operation<ListGroupsData>,
    listOptions,
  );
}

export function getGroup<P extends GroupProperty = GroupProperty, Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  groupId: string,
  getOptions?: GetOptions<P, never>,
) {
  return graph.send<Selected<Group, P, never>>(
    {
      method: 'GET',
      url: '/groups/{groupId}',
      path: { groupId },
      query: toQuery(getOptions),
    } satisfies Operation<GetGroupData>,
    getOptions,
  );
}

export function deleteGroup<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  groupId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    { method: 'DELETE', url: '/groups/{groupId}', path: { groupId }, empty: true } satisfies Operation<DeleteGroupData>,
    callOptions,
  );
}

/** One page of the group's direct members, users and groups, each with its `@odata.type`. */
export function listGroupMembers<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  groupId: string,
  pageOptions?: PageOptions,
) {
  return graph.send<Page<User | Group>>(
    {
      method: 'GET',
      url: '/groups/{groupId}/members',
      path: { groupId },
      query: toQuery(pageOptions),
    } satisfies Operation<ListGroupMembersData>,
    pageOptions,
  );
}

/** Adds the user or group `memberId` names (204 No Content); Graph refuses a member added twice. */
export function addGroupMember<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  groupId: string,
  memberId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'POST',
      url: '/groups/{groupId}/members/$ref',
      path: { groupId },
      body: { '@odata.id': directoryObjectUrl(memberId) },
      empty: true,
    } satisfies Operation<AddGroupMemberData>,
    callOptions,
  );
}

export function removeGroupMember<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  groupId: string,
  memberId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'DELETE',
      url: '/groups/{groupId}/members/{directoryObjectId}/$ref',
      path: { groupId, directoryObjectId: memberId },
      empty: true,
    } satisfies Operation<RemoveGroupMemberData>,
    callOptions,
  );
}

/** One page of the group's owners (users). */
export function listGroupOwners<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  groupId: string,
  pageOptions?: PageOptions,
) {
  return graph.send<Page<User>>(
    {
      method: 'GET',
      url: '/groups/{groupId}/owners',
      path: { groupId },
      query: toQuery(pageOptions),
    } satisfies Operation<ListGroupOwnersData>,
    pageOptions,
  );
}

/** Makes the user `ownerId` names an owner of the group (204 No Content). */
export function addGroupOwner<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  groupId: string,
  ownerId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'POST',
      url: '/groups/{groupId}/owners/$ref',
      path: { groupId },
      body: { '@odata.id': directoryObjectUrl(ownerId) },
      empty: true,
    } satisfies Operation<AddGroupOwnerData>,
    callOptions,
  );
}

export function removeGroupOwner<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  groupId: string,
  ownerId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'DELETE',
      url: '/groups/{groupId}/owners/{directoryObjectId}/$ref',
      path: { groupId, directoryObjectId: ownerId },
      empty: true,
    } satisfies Operation<RemoveGroupOwnerData>,
    callOptions,
  );
}

// Assignment requests (at beta's current path, `assignmentRequests`) and assignments

const REQUESTS = '/identityGovernance/entitlementManagement/assignmentRequests';
const ASSIGNMENTS = '/identityGovernance/entitlementManagement/accessPackageAssignments';

/**
 * Asks for an access package to be assigned, extended or removed (201, `Submitted`): `UserAdd` for the caller,
 * `AdminAdd` for `targetId`, `AdminRemove` with the assignment's `id`. It is processed later: wait for it with
 * `waitForAssignmentRequest`.
 */
export function createAssignmentRequest<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  body: AccessPackageAssignmentRequestCreate,
  callOptions?: CallOptions,
) {
  return graph.send<AccessPackageAssignmentRequest>(
    { method: 'POST', url: REQUESTS, body } satisfies Operation<CreateAssignmentRequestData>,
    callOptions,
  );
}

export function listAssignmentRequests<
  P extends AssignmentRequestProperty = AssignmentRequestProperty,
  E extends AssignmentRequestExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, listOptions?: ListOptions<P, E, AssignmentRequestOrderable>) {
  return graph.send<Page<Selected<AccessPackageAssignmentRequest, P, E>>>(
    { method: 'GET', url: REQUESTS, query: toQuery(listOptions) } satisfies Operation<ListAssignmentRequestsData>,
    listOptions,
  );
}

/** The requests the caller is the target of, created, or may approve (`filterByCurrentUser(on='...')`). */
export function listAssignmentRequestsByCurrentUser<
  P extends AssignmentRequestProperty = AssignmentRequestProperty,
  E extends AssignmentRequestExpand = never,
  Raw extends boolean = false,
>(
  graph: GraphTransport<Raw>,
  on: 'target' | 'createdBy' | 'approver',
  listOptions?: ListOptions<P, E, AssignmentRequestOrderable>,
) {
  return graph.send<Page<Selected<AccessPackageAssignmentRequest, P, E>>>(
    {
      method: 'GET',
      url: `${REQUESTS}/filterByCurrentUser(on='${on}')` as const,
      query: toQuery(listOptions),
    } satisfies Operation<
      | ListAssignmentRequestsFilteredByCurrentUserTargetData
      | ListAssignmentRequestsFilteredByCurrentUserCreatedByData
      | ListAssignmentRequestsFilteredByCurrentUserApproverData
    >,
    listOptions,
  );
}

export function getAssignmentRequest<
  P extends AssignmentRequestProperty = AssignmentRequestProperty,
  E extends AssignmentRequestExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, accessPackageAssignmentRequestId: string, getOptions?: GetOptions<P, E>) {
  return graph.send<Selected<AccessPackageAssignmentRequest, P, E>>(
    {
      method: 'GET',
      url: `${REQUESTS}/{accessPackageAssignmentRequestId}`,
      path: { accessPackageAssignmentRequestId },
      query: toQuery(getOptions),
    } satisfies Operation<GetAssignmentRequestData>,
    getOptions,
  );
}

/** Deletes a denied, canceled or completed request (204). */
export function deleteAssignmentRequest<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageAssignmentRequestId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'DELETE',
      url: `${REQUESTS}/{accessPackageAssignmentRequestId}`,
      path: { accessPackageAssignmentRequestId },
      empty: true,
    } satisfies Operation<DeleteAssignmentRequestData>,
    callOptions,
  );
}

/** Cancels a request that is still open (200, no body). */
export function cancelAssignmentRequest<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageAssignmentRequestId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'POST',
      url: `${REQUESTS}/{accessPackageAssignmentRequestId}/cancel`,
      path: { accessPackageAssignmentRequestId },
      empty: true,
    } satisfies Operation<CancelAssignmentRequestData>,
    callOptions,
  );
}

/** Delivers again a request whose delivery failed (202). */
export function reprocessAssignmentRequest<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageAssignmentRequestId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'POST',
      url: `${REQUESTS}/{accessPackageAssignmentRequestId}/reprocess`,
      path: { accessPackageAssignmentRequestId },
      empty: true,
    } satisfies Operation<ReprocessAssignmentRequestData>,
    callOptions,
  );
}

/** The states a request ends in, or waits in for someone else: what `waitForAssignmentRequest` stops at. */
export const SETTLED_REQUEST_STATES: readonly string[] = [
  'Delivered',
  'Denied',
  'Canceled',
  'DeliveryFailed',
  'PartiallyDelivered',
  'PendingApproval',
];

export interface WaitOptions extends CallOptions {
  /** How long to wait in all, in milliseconds (default 30000); then the promise rejects with a GraphTimeoutError. */
  waitMs?: number;
  /** How long between two reads (default 250 ms), as Graph's own guidance polls. */
  intervalMs?: number;
  /** The states to stop at. Default SETTLED_REQUEST_STATES. */
  until?: readonly string[];
}

/**
 * Reads a request until it reaches a final state (or waits for approval), as clients of Graph poll: resolves to
 * the request as read then. `signal` aborts the wait; past `waitMs` it rejects with a GraphTimeoutError.
 */
export async function waitForAssignmentRequest(
  graph: GraphTransport,
  accessPackageAssignmentRequestId: string,
  options: WaitOptions = {},
): Promise<AccessPackageAssignmentRequest> {
  const { waitMs = 30_000, intervalMs = 250, until = SETTLED_REQUEST_STATES, ...callOptions } = options;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const request = await getAssignmentRequest(graph, accessPackageAssignmentRequestId, callOptions);
    if (until.includes(request.requestState ?? '')) return request as AccessPackageAssignmentRequest;
    if (Date.now() + intervalMs > deadline) {
      throw new GraphTimeoutError(
        waitMs,
        undefined,
        `The assignment request ${accessPackageAssignmentRequestId} is still ${request.requestState} after ${waitMs} ms. Raise waitMs, or look at why it is not processed.`,
      );
    }
    callOptions.signal?.throwIfAborted();
    // The pause ends early when the wait is aborted; its abort listener goes with it, not one per read.
    await new Promise<void>((resolve, reject) => {
      const aborted = () => {
        clearTimeout(timer);
        reject(callOptions.signal?.reason);
      };
      const timer = setTimeout(() => {
        callOptions.signal?.removeEventListener('abort', aborted);
        resolve();
      }, intervalMs);
      callOptions.signal?.addEventListener('abort', aborted, { once: true });
    });
  }
}

export function listAccessPackageAssignments<
  P extends AssignmentProperty = AssignmentProperty,
  E extends AssignmentExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, listOptions?: ListOptions<P, E, AssignmentOrderable>) {
  return graph.send<Page<Selected<AccessPackageAssignment, P, E>>>(
    {
      method: 'GET',
      url: ASSIGNMENTS,
      query: toQuery(listOptions),
    } satisfies Operation<ListAccessPackageAssignmentsData>,
    listOptions,
  );
}

/** The assignments the caller holds (`target`) or requested (`createdBy`). */
export function listAccessPackageAssignmentsByCurrentUser<
  P extends AssignmentProperty = AssignmentProperty,
  E extends AssignmentExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, on: 'target' | 'createdBy', listOptions?: ListOptions<P, E, AssignmentOrderable>) {
  return graph.send<Page<Selected<AccessPackageAssignment, P, E>>>(
    {
      method: 'GET',
      url: `${ASSIGNMENTS}/filterByCurrentUser(on='${on}')` as const,
      query: toQuery(listOptions),
    } satisfies Operation<
      | ListAccessPackageAssignmentsFilteredByCurrentUserTargetData
      | ListAccessPackageAssignmentsFilteredByCurrentUserCreatedByData
    >,
    listOptions,
  );
}

/**
 * The assignments of `accessPackageId` whose targets also hold `incompatibleAccessPackageId`: the access to review
 * before (or after) marking the two incompatible.
 */
export function listAccessPackageAssignmentsAdditionalAccess<
  P extends AssignmentProperty = AssignmentProperty,
  E extends AssignmentExpand = never,
  Raw extends boolean = false,
>(
  graph: GraphTransport<Raw>,
  accessPackageId: string,
  incompatibleAccessPackageId: string,
  listOptions?: ListOptions<P, E, AssignmentOrderable>,
) {
  return graph.send<Page<Selected<AccessPackageAssignment, P, E>>>(
    {
      method: 'GET',
      url: `${ASSIGNMENTS}/additionalAccess(accessPackageId='{accessPackageId}',incompatibleAccessPackageId='{incompatibleAccessPackageId}')`,
      path: { accessPackageId, incompatibleAccessPackageId },
      query: toQuery(listOptions),
    } satisfies Operation<ListAccessPackageAssignmentsAdditionalAccessData>,
    listOptions,
  );
}

export function getAccessPackageAssignment<
  P extends AssignmentProperty = AssignmentProperty,
  E extends AssignmentExpand = never,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, accessPackageAssignmentId: string, getOptions?: GetOptions<P, E>) {
  return graph.send<Selected<AccessPackageAssignment, P, E>>(
    {
      method: 'GET',
      url: `${ASSIGNMENTS}/{accessPackageAssignmentId}`,
      path: { accessPackageAssignmentId },
      query: toQuery(getOptions),
    } satisfies Operation<GetAccessPackageAssignmentData>,
    getOptions,
  );
}

/** Delivers a delivered assignment's resource roles again (202). */
export function reprocessAccessPackageAssignment<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageAssignmentId: string,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'POST',
      url: `${ASSIGNMENTS}/{accessPackageAssignmentId}/reprocess`,
      path: { accessPackageAssignmentId },
      empty: true,
    } satisfies Operation<ReprocessAccessPackageAssignmentData>,
    callOptions,
  );
}

const APPROVALS = '/identityGovernance/entitlementManagement/accessPackageAssignmentApprovals';

/** The approvals waiting for the caller's decision (the caller is the token's user). */
export function listAccessPackageAssignmentApprovalsByCurrentUser<
  P extends ApprovalProperty = ApprovalProperty,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, listOptions?: PageOptions & { select?: readonly P[] }) {
  return graph.send<Page<Selected<Approval, P, never>>>(
    {
      method: 'GET',
      url: `${APPROVALS}/filterByCurrentUser(on='approver')`,
      query: toQuery(listOptions),
    } satisfies Operation<ListAccessPackageAssignmentApprovalsFilteredByCurrentUserApproverData>,
    listOptions,
  );
}

/** The approval of an assignment request, by the request's id, with its steps. */
export function getAccessPackageAssignmentApproval<
  P extends ApprovalProperty = ApprovalProperty,
  Raw extends boolean = false,
>(graph: GraphTransport<Raw>, accessPackageAssignmentApprovalId: string, getOptions?: GetOptions<P, never>) {
  return graph.send<Selected<Approval, P, never>>(
    {
      method: 'GET',
      url: `${APPROVALS}/{accessPackageAssignmentApprovalId}`,
      path: { accessPackageAssignmentApprovalId },
      query: toQuery(getOptions),
    } satisfies Operation<GetAccessPackageAssignmentApprovalData>,
    getOptions,
  );
}

export function listAccessPackageAssignmentApprovalSteps<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageAssignmentApprovalId: string,
  callOptions?: CallOptions,
) {
  return graph.send<Page<ApprovalStep>>(
    {
      method: 'GET',
      url: `${APPROVALS}/{accessPackageAssignmentApprovalId}/steps`,
      path: { accessPackageAssignmentApprovalId },
    } satisfies Operation<ListAccessPackageAssignmentApprovalStepsData>,
    callOptions,
  );
}

export function getAccessPackageAssignmentApprovalStep<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageAssignmentApprovalId: string,
  approvalStepId: string,
  callOptions?: CallOptions,
) {
  return graph.send<ApprovalStep>(
    {
      method: 'GET',
      url: `${APPROVALS}/{accessPackageAssignmentApprovalId}/steps/{approvalStepId}`,
      path: { accessPackageAssignmentApprovalId, approvalStepId },
    } satisfies Operation<GetAccessPackageAssignmentApprovalStepData>,
    callOptions,
  );
}

/** An approver's decision on a step in progress (204): `Approve` or `Deny`, with a justification. */
export function updateAccessPackageAssignmentApprovalStep<Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  accessPackageAssignmentApprovalId: string,
  approvalStepId: string,
  body: ApprovalStepUpdate,
  callOptions?: CallOptions,
) {
  return graph.send<void>(
    {
      method: 'PATCH',
      url: `${APPROVALS}/{accessPackageAssignmentApprovalId}/steps/{approvalStepId}`,
      path: { accessPackageAssignmentApprovalId, approvalStepId },
      body,
      empty: true,
    } satisfies Operation<UpdateAccessPackageAssignmentApprovalStepData>,
    callOptions,
  );
}

/**
 * Decides the approval's step that is in progress and assigned to the caller: reads the approval, then sends the
 * decision. Fails with an Error naming the approval when no such step waits for the caller.
 */
export async function decideAccessPackageAssignmentApproval(
  graph: GraphTransport,
  accessPackageAssignmentApprovalId: string,
  reviewResult: ApprovalStepUpdate['reviewResult'],
  justification?: string,
  callOptions?: CallOptions,
): Promise<void> {
  const approval = await getAccessPackageAssignmentApproval(graph, accessPackageAssignmentApprovalId, callOptions);
  const step = approval.steps?.find((s) => s.status === 'InProgress' && s.assignedToMe === true);
  if (!step) {
    throw new Error(
      `The approval ${accessPackageAssignmentApprovalId} has no step in progress assigned to the caller (its steps: ${
        approval.steps?.map((s) => `${s.status}/${s.reviewResult}`).join(', ') || 'none'
      }).`,
    );
  }
  await updateAccessPackageAssignmentApprovalStep(
    graph,
    accessPackageAssignmentApprovalId,
    step.id,
    { reviewResult, ...(justification === undefined ? {} : { justification }) },
    callOptions,
  );
}
