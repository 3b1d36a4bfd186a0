import { type Client, createClient, createConfig } from './gen/client/index.js';
import type {
  AccessPackage,
  AccessPackageAssignment,
  AccessPackageAssignmentPolicy,
  AccessPackageAssignmentPolicyCreate,
  AccessPackageAssignmentPolicyUpdate,
  AccessPackageAssignmentRequest,
  AccessPackageAssignmentRequestCreate,
  AccessPackageCatalog,
  AccessPackageCatalogCreate,
  AccessPackageCatalogUpdate,
  AccessPackageCreate,
  AccessPackageResource,
  AccessPackageResourceRequest,
  AccessPackageResourceRequestCreate,
  AccessPackageResourceRole,
  AccessPackageResourceRoleScopeCreate,
  AccessPackageUpdate,
  ApprovalStepUpdate,
  Group,
  GroupCreate,
  User,
  UserCreate,
} from './gen/types.gen.js';
import type {
  AccessPackageExpand,
  AccessPackageOrderable,
  AccessPackageProperty,
  ApprovalProperty,
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
  GetOptions,
  GroupOrderable,
  GroupProperty,
  ListOptions,
  PageOptions,
  PolicyExpand,
  PolicyOrderable,
  PolicyProperty,
  ResourceRequestProperty,
  ResourceRoleExpand,
  ResourceRoleOrderable,
  ResourceRoleProperty,
  Selected,
  UserOrderable,
  UserProperty,
} from './odata-options.js';
import * as op from './operations.js';
import { createGraphTransport, type GraphTransport, type GraphTransportOptions, type Page } from './request.js';

/** The options of `createAccessPackageClient`: those of its transport. */
export type AccessPackageClientOptions = GraphTransportOptions;

/**
 * A typed client for the Graph beta accessPackage API, generated from openapi/accesspackage.yaml: every operation
 * of `operations.ts`, grouped by resource, over one transport (auth, retries, time limits, middleware, errors).
 * One object, which a bundler keeps whole; size-conscious apps call the operations directly (see the README).
 */
export function createAccessPackageClient(options: AccessPackageClientOptions = {}) {
  const transport = createGraphTransport(options);
  // hey-api's generated client, for calls the facade does not cover; it sends through the same fetch, so it gets the
  // same auth, retries, client-request-ids and middleware. The facade's own calls do not go through it.
  const client: Client = createClient(createConfig({ baseUrl: transport.baseUrl, fetch: transport.fetch }));

  /** Every call of the facade, resolving to bodies (on `transport`) or to GraphResponses (on `transport.raw`). */
  function calls<Raw extends boolean>(graph: GraphTransport<Raw>) {
    return {
      accessPackages: {
        /** Creates an access package in the catalog `catalogId` names (201 Created). */
        create: (body: AccessPackageCreate, callOptions?: CallOptions) =>
          op.createAccessPackage(graph, body, callOptions),
        /** The seed page's original path, `POST /accessPackages`; same result as `create`. */
        createAtSeedPath: (body: AccessPackageCreate, callOptions?: CallOptions) =>
          op.createAccessPackageFromAccessPackages(graph, body, callOptions),
        /** One page; follow `@odata.nextLink` with `listAll` or `nextPage`. */
        list: <P extends AccessPackageProperty = AccessPackageProperty, E extends AccessPackageExpand = never>(
          listOptions?: ListOptions<P, E, AccessPackageOrderable>,
        ) => op.listAccessPackages<P, E, Raw>(graph, listOptions),
        get: <P extends AccessPackageProperty = AccessPackageProperty, E extends AccessPackageExpand = never>(
          accessPackageId: string,
          getOptions?: GetOptions<P, E>,
        ) => op.getAccessPackage<P, E, Raw>(graph, accessPackageId, getOptions),
        /** Changes only the properties given (204 No Content). */
        update: (accessPackageId: string, body: AccessPackageUpdate, callOptions?: CallOptions) =>
          op.updateAccessPackage(graph, accessPackageId, body, callOptions),
        delete: (accessPackageId: string, callOptions?: CallOptions) =>
          op.deleteAccessPackage(graph, accessPackageId, callOptions),
        /** Moves the package to another catalog, which must hold the resources it grants roles of (200, no body). */
        moveToCatalog: (accessPackageId: string, catalogId: string, callOptions?: CallOptions) =>
          op.moveAccessPackageToCatalog(graph, accessPackageId, catalogId, callOptions),
        /** The policies the signed-in user (or, for an administrator, `subjectObjectId`) may request the package under. */
        getApplicablePolicyRequirements: (
          accessPackageId: string,
          subjectObjectId?: string,
          callOptions?: CallOptions,
        ) => op.getAccessPackageApplicablePolicyRequirements(graph, accessPackageId, subjectObjectId, callOptions),
        /** One page of the packages the signed-in user may request (`filterByCurrentUser(on='allowedRequestor')`). */
        filterByCurrentUser: <
          P extends AccessPackageProperty = AccessPackageProperty,
          E extends AccessPackageExpand = never,
        >(
          listOptions?: ListOptions<P, E, AccessPackageOrderable>,
        ) => op.filterAccessPackagesByCurrentUser<P, E, Raw>(graph, listOptions),
        incompatibleAccessPackages: {
          list: (accessPackageId: string, pageOptions?: PageOptions) =>
            op.listIncompatibleAccessPackages(graph, accessPackageId, pageOptions),
          /** Marks `otherAccessPackageId` incompatible with the package (204). */
          add: (accessPackageId: string, otherAccessPackageId: string, callOptions?: CallOptions) =>
            op.addIncompatibleAccessPackage(graph, accessPackageId, otherAccessPackageId, callOptions),
          remove: (accessPackageId: string, otherAccessPackageId: string, callOptions?: CallOptions) =>
            op.removeIncompatibleAccessPackage(graph, accessPackageId, otherAccessPackageId, callOptions),
        },
        accessPackagesIncompatibleWith: {
          /** One page of the packages that list this one as incompatible. */
          list: (accessPackageId: string, pageOptions?: PageOptions) =>
            op.listAccessPackagesIncompatibleWith(graph, accessPackageId, pageOptions),
        },
        incompatibleGroups: {
          list: (accessPackageId: string, pageOptions?: PageOptions) =>
            op.listIncompatibleGroups(graph, accessPackageId, pageOptions),
          /** Marks the group incompatible with the package: its members cannot be assigned it (204). */
          add: (accessPackageId: string, groupId: string, callOptions?: CallOptions) =>
            op.addIncompatibleGroup(graph, accessPackageId, groupId, callOptions),
          remove: (accessPackageId: string, groupId: string, callOptions?: CallOptions) =>
            op.removeIncompatibleGroup(graph, accessPackageId, groupId, callOptions),
        },
        roleScopes: {
          /**
           * Gives the package a role of a resource in its catalog (201; id `{roleId}_{scopeId}`). List them with
           * `get(id, { expand: 'accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope)' })`.
           */
          create: (accessPackageId: string, body: AccessPackageResourceRoleScopeCreate, callOptions?: CallOptions) =>
            op.createAccessPackageResourceRoleScope(graph, accessPackageId, body, callOptions),
          delete: (accessPackageId: string, accessPackageResourceRoleScopeId: string, callOptions?: CallOptions) =>
            op.deleteAccessPackageResourceRoleScope(
              graph,
              accessPackageId,
              accessPackageResourceRoleScopeId,
              callOptions,
            ),
        },
      },
      catalogs: {
        create: (body: AccessPackageCatalogCreate, callOptions?: CallOptions) =>
          op.createAccessPackageCatalog(graph, body, callOptions),
        list: <P extends CatalogProperty = CatalogProperty, E extends CatalogExpand = never>(
          listOptions?: ListOptions<P, E, CatalogOrderable>,
        ) => op.listAccessPackageCatalogs<P, E, Raw>(graph, listOptions),
        get: <P extends CatalogProperty = CatalogProperty, E extends CatalogExpand = never>(
          accessPackageCatalogId: string,
          getOptions?: GetOptions<P, E>,
        ) => op.getAccessPackageCatalog<P, E, Raw>(graph, accessPackageCatalogId, getOptions),
        update: (accessPackageCatalogId: string, body: AccessPackageCatalogUpdate, callOptions?: CallOptions) =>
          op.updateAccessPackageCatalog(graph, accessPackageCatalogId, body, callOptions),
        delete: (accessPackageCatalogId: string, callOptions?: CallOptions) =>
          op.deleteAccessPackageCatalog(graph, accessPackageCatalogId, callOptions),
        resources: {
          /**
           * One page of the resources the catalog holds; find one added by a request with
           * `filter: "originId eq '<groupId>'"` (its id is not the group's).
           */
          list: <P extends CatalogResourceProperty = CatalogResourceProperty, E extends CatalogResourceExpand = never>(
            accessPackageCatalogId: string,
            listOptions?: ListOptions<P, E, CatalogResourceOrderable>,
          ) => op.listAccessPackageCatalogResources<P, E, Raw>(graph, accessPackageCatalogId, listOptions),
        },
        resourceRoles: {
          /**
           * One page of the roles of the catalog's resources. As on Graph, `filter` must require an origin
           * system: `(originSystem eq 'AadGroup' and accessPackageResource/id eq '<id>')`.
           */
          list: <P extends ResourceRoleProperty = ResourceRoleProperty, E extends ResourceRoleExpand = never>(
            accessPackageCatalogId: string,
            listOptions: ListOptions<P, E, ResourceRoleOrderable> & { filter: string },
          ) => op.listAccessPackageCatalogResourceRoles<P, E, Raw>(graph, accessPackageCatalogId, listOptions),
        },
      },
      assignmentPolicies: {
        /** Creates an assignment policy for the package `accessPackageId` names (201, with Graph's defaults). */
        create: (body: AccessPackageAssignmentPolicyCreate, callOptions?: CallOptions) =>
          op.createAccessPackageAssignmentPolicy(graph, body, callOptions),
        list: <P extends PolicyProperty = PolicyProperty, E extends PolicyExpand = never>(
          listOptions?: ListOptions<P, E, PolicyOrderable>,
        ) => op.listAccessPackageAssignmentPolicies<P, E, Raw>(graph, listOptions),
        get: <P extends PolicyProperty = PolicyProperty, E extends PolicyExpand = never>(
          accessPackageAssignmentPolicyId: string,
          getOptions?: GetOptions<P, E>,
        ) => op.getAccessPackageAssignmentPolicy<P, E, Raw>(graph, accessPackageAssignmentPolicyId, getOptions),
        /** Replaces the whole policy (Graph's PUT; there is no PATCH) and resolves to it (200). */
        replace: (
          accessPackageAssignmentPolicyId: string,
          body: AccessPackageAssignmentPolicyUpdate,
          callOptions?: CallOptions,
        ) => op.updateAccessPackageAssignmentPolicy(graph, accessPackageAssignmentPolicyId, body, callOptions),
        delete: (accessPackageAssignmentPolicyId: string, callOptions?: CallOptions) =>
          op.deleteAccessPackageAssignmentPolicy(graph, accessPackageAssignmentPolicyId, callOptions),
      },
      resourceRequests: {
        /**
         * Adds a resource to a catalog (`AdminAdd`, by `originId` and `originSystem`) or removes one (`AdminRemove`);
         * 201 with the request, already `Delivered`, without the resource's id.
         */
        create: (body: AccessPackageResourceRequestCreate, callOptions?: CallOptions) =>
          op.createAccessPackageResourceRequest(graph, body, callOptions),
        list: <P extends ResourceRequestProperty = ResourceRequestProperty>(
          listOptions?: ListOptions<P, never, never>,
        ) => op.listAccessPackageResourceRequests<P, Raw>(graph, listOptions),
      },
      assignmentRequests: {
        /**
         * Asks for an access package to be assigned, extended or removed (201, `Submitted`); it is processed later:
         * `waitFor` it.
         */
        create: (body: AccessPackageAssignmentRequestCreate, callOptions?: CallOptions) =>
          op.createAssignmentRequest(graph, body, callOptions),
        list: <
          P extends AssignmentRequestProperty = AssignmentRequestProperty,
          E extends AssignmentRequestExpand = never,
        >(
          listOptions?: ListOptions<P, E, AssignmentRequestOrderable>,
        ) => op.listAssignmentRequests<P, E, Raw>(graph, listOptions),
        /** The requests the caller is the target of, created, or may approve. */
        filterByCurrentUser: <
          P extends AssignmentRequestProperty = AssignmentRequestProperty,
          E extends AssignmentRequestExpand = never,
        >(
          on: 'target' | 'createdBy' | 'approver',
          listOptions?: ListOptions<P, E, AssignmentRequestOrderable>,
        ) => op.listAssignmentRequestsByCurrentUser<P, E, Raw>(graph, on, listOptions),
        get: <
          P extends AssignmentRequestProperty = AssignmentRequestProperty,
          E extends AssignmentRequestExpand = never,
        >(
          accessPackageAssignmentRequestId: string,
          getOptions?: GetOptions<P, E>,
        ) => op.getAssignmentRequest<P, E, Raw>(graph, accessPackageAssignmentRequestId, getOptions),
        /** Deletes a denied, canceled or completed request (204). */
        delete: (accessPackageAssignmentRequestId: string, callOptions?: CallOptions) =>
          op.deleteAssignmentRequest(graph, accessPackageAssignmentRequestId, callOptions),
        /** Cancels a request that is still open (200, no body). */
        cancel: (accessPackageAssignmentRequestId: string, callOptions?: CallOptions) =>
          op.cancelAssignmentRequest(graph, accessPackageAssignmentRequestId, callOptions),
        /** Delivers again a request whose delivery failed (202). */
        reprocess: (accessPackageAssignmentRequestId: string, callOptions?: CallOptions) =>
          op.reprocessAssignmentRequest(graph, accessPackageAssignmentRequestId, callOptions),
      },
      assignments: {
        list: <P extends AssignmentProperty = AssignmentProperty, E extends AssignmentExpand = never>(
          listOptions?: ListOptions<P, E, AssignmentOrderable>,
        ) => op.listAccessPackageAssignments<P, E, Raw>(graph, listOptions),
        /** The assignments the caller holds (`target`) or requested (`createdBy`). */
        filterByCurrentUser: <P extends AssignmentProperty = AssignmentProperty, E extends AssignmentExpand = never>(
          on: 'target' | 'createdBy',
          listOptions?: ListOptions<P, E, AssignmentOrderable>,
        ) => op.listAccessPackageAssignmentsByCurrentUser<P, E, Raw>(graph, on, listOptions),
        get: <P extends AssignmentProperty = AssignmentProperty, E extends AssignmentExpand = never>(
          accessPackageAssignmentId: string,
          getOptions?: GetOptions<P, E>,
        ) => op.getAccessPackageAssignment<P, E, Raw>(graph, accessPackageAssignmentId, getOptions),
        /** The assignments of one package whose targets also hold the other (`additionalAccess`). */
        additionalAccess: <P extends AssignmentProperty = AssignmentProperty, E extends AssignmentExpand = never>(
          accessPackageId: string,
          incompatibleAccessPackageId: string,
          listOptions?: ListOptions<P, E, AssignmentOrderable>,
        ) =>
          op.listAccessPackageAssignmentsAdditionalAccess<P, E, Raw>(
            graph,
            accessPackageId,
            incompatibleAccessPackageId,
            listOptions,
          ),
        /** Delivers a delivered assignment's resource roles again (202). */
        reprocess: (accessPackageAssignmentId: string, callOptions?: CallOptions) =>
          op.reprocessAccessPackageAssignment(graph, accessPackageAssignmentId, callOptions),
      },
      approvals: {
        /** The approvals waiting for the caller's decision. */
        filterByCurrentUser: <P extends ApprovalProperty = ApprovalProperty>(
          listOptions?: PageOptions & { select?: readonly P[] },
        ) => op.listAccessPackageAssignmentApprovalsByCurrentUser<P, Raw>(graph, listOptions),
        /** The approval of an assignment request (by the request's id), with its steps. */
        get: <P extends ApprovalProperty = ApprovalProperty>(
          accessPackageAssignmentApprovalId: string,
          getOptions?: GetOptions<P, never>,
        ) => op.getAccessPackageAssignmentApproval<P, Raw>(graph, accessPackageAssignmentApprovalId, getOptions),
        steps: {
          list: (accessPackageAssignmentApprovalId: string, callOptions?: CallOptions) =>
            op.listAccessPackageAssignmentApprovalSteps(graph, accessPackageAssignmentApprovalId, callOptions),
          get: (accessPackageAssignmentApprovalId: string, approvalStepId: string, callOptions?: CallOptions) =>
            op.getAccessPackageAssignmentApprovalStep(
              graph,
              accessPackageAssignmentApprovalId,
              approvalStepId,
              callOptions,
            ),
          /** An approver's decision on the step in progress (204). */
          update: (
            accessPackageAssignmentApprovalId: string,
            approvalStepId: string,
            body: ApprovalStepUpdate,
            callOptions?: CallOptions,
          ) =>
            op.updateAccessPackageAssignmentApprovalStep(
              graph,
              accessPackageAssignmentApprovalId,
              approvalStepId,
              body,
              callOptions,
            ),
        },
      },
      users: {
        /** Creates a user (201 Created); `passwordProfile` is required and never returned. */
        create: (body: UserCreate, callOptions?: CallOptions) => op.createUser(graph, body, callOptions),
        list: <P extends UserProperty = UserProperty>(listOptions?: ListOptions<P, never, UserOrderable>) =>
          op.listUsers<P, Raw>(graph, listOptions),
        get: <P extends UserProperty = UserProperty>(userId: string, getOptions?: GetOptions<P, never>) =>
          op.getUser<P, Raw>(graph, userId, getOptions),
        delete: (userId: string, callOptions?: CallOptions) => op.deleteUser(graph, userId, callOptions),
      },
      groups: {
        /** Creates a group (201 Created); `groupTypes: ['Unified']` makes a Microsoft 365 group. */
        create: (body: GroupCreate, callOptions?: CallOptions) => op.createGroup(graph, body, callOptions),
        list: <P extends GroupProperty = GroupProperty>(listOptions?: ListOptions<P, never, GroupOrderable>) =>
          op.listGroups<P, Raw>(graph, listOptions),
        get: <P extends GroupProperty = GroupProperty>(groupId: string, getOptions?: GetOptions<P, never>) =>
          op.getGroup<P, Raw>(graph, groupId, getOptions),
        delete: (groupId: string, callOptions?: CallOptions) => op.deleteGroup(graph, groupId, callOptions),
        members: {
          /** One page of the group's direct members, users and groups, each with its `@odata.type`. */
          list: (groupId: string, pageOptions?: PageOptions) => op.listGroupMembers(graph, groupId, pageOptions),
          /** Adds the user or group `memberId` names (204 No Content); Graph refuses a member added twice. */
          add: (groupId: string, memberId: string, callOptions?: CallOptions) =>
            op.addGroupMember(graph, groupId, memberId, callOptions),
          remove: (groupId: string, memberId: string, callOptions?: CallOptions) =>
            op.removeGroupMember(graph, groupId, memberId, callOptions),
        },
        owners: {
          /** One page of the group's owners (users). */
          list: (groupId: string, pageOptions?: PageOptions) => op.listGroupOwners(graph, groupId, pageOptions),
          /** Makes the user `ownerId` names an owner (204 No Content). */
          add: (groupId: string, ownerId: string, callOptions?: CallOptions) =>
            op.addGroupOwner(graph, groupId, ownerId, callOptions),
          remove: (groupId: string, ownerId: string, callOptions?: CallOptions) =>
            op.removeGroupOwner(graph, groupId, ownerId, callOptions),
        },
      },
      /** Fetches the page an `@odata.nextLink` points at, verbatim. */
      nextPage: <T>(nextLink: string, callOptions?: CallOptions) => op.nextPage<T, Raw>(graph, nextLink, callOptions),
    };
  }

  const plain = calls(transport);
  /** Every item of the list `first` fetches, page after page, following `@odata.nextLink` verbatim. */
  const pages = <T>(first: () => Promise<Page<T>>, callOptions: CallOptions | undefined) =>
    op.listAll(transport, first, callOptions);

  return {
    accessPackages: {
      ...plain.accessPackages,
      incompatibleAccessPackages: {
        ...plain.accessPackages.incompatibleAccessPackages,
        /** Every package marked incompatible with this one, page after page. */
        listAll: (accessPackageId: string, pageOptions?: PageOptions): AsyncGenerator<AccessPackage, void, undefined> =>
          pages(() => plain.accessPackages.incompatibleAccessPackages.list(accessPackageId, pageOptions), pageOptions),
      },
      accessPackagesIncompatibleWith: {
        ...plain.accessPackages.accessPackagesIncompatibleWith,
        /** Every package that lists this one as incompatible, page after page. */
        listAll: (accessPackageId: string, pageOptions?: PageOptions): AsyncGenerator<AccessPackage, void, undefined> =>
          pages(
            () => plain.accessPackages.accessPackagesIncompatibleWith.list(accessPackageId, pageOptions),
            pageOptions,
          ),
      },
      incompatibleGroups: {
        ...plain.accessPackages.incompatibleGroups,
        /** Every group marked incompatible with the package, page after page. */
        listAll: (accessPackageId: string, pageOptions?: PageOptions): AsyncGenerator<Group, void, undefined> =>
          pages(() => plain.accessPackages.incompatibleGroups.list(accessPackageId, pageOptions), pageOptions),
      },
      /** Every matching item, page after page, following `@odata.nextLink` verbatim until the end. */
      listAll: <P extends AccessPackageProperty = AccessPackageProperty, E extends AccessPackageExpand = never>(
        listOptions?: ListOptions<P, E, AccessPackageOrderable>,
      ): AsyncGenerator<Selected<AccessPackage, P, E>, void, undefined> =>
        pages(() => plain.accessPackages.list<P, E>(listOptions), listOptions),
    },
    catalogs: {
      ...plain.catalogs,
      /** Every matching catalog, page after page, following `@odata.nextLink` verbatim until the end. */
      listAll: <P extends CatalogProperty = CatalogProperty, E extends CatalogExpand = never>(
        listOptions?: ListOptions<P, E, CatalogOrderable>,
      ): AsyncGenerator<Selected<AccessPackageCatalog, P, E>, void, undefined> =>
        pages(() => plain.catalogs.list<P, E>(listOptions), listOptions),
      resources: {
        ...plain.catalogs.resources,
        /** Every matching resource of the catalog, page after page. */
        listAll: <P extends CatalogResourceProperty = CatalogResourceProperty, E extends CatalogResourceExpand = never>(
          accessPackageCatalogId: string,
          listOptions?: ListOptions<P, E, CatalogResourceOrderable>,
        ): AsyncGenerator<Selected<AccessPackageResource, P, E>, void, undefined> =>
          pages(() => plain.catalogs.resources.list<P, E>(accessPackageCatalogId, listOptions), listOptions),
      },
      resourceRoles: {
        ...plain.catalogs.resourceRoles,
        /** Every matching role of the catalog's resources, page after page. */
        listAll: <P extends ResourceRoleProperty = ResourceRoleProperty, E extends ResourceRoleExpand = never>(
          accessPackageCatalogId: string,
          listOptions: ListOptions<P, E, ResourceRoleOrderable> & { filter: string },
        ): AsyncGenerator<Selected<AccessPackageResourceRole, P, E>, void, undefined> =>
          pages(() => plain.catalogs.resourceRoles.list<P, E>(accessPackageCatalogId, listOptions), listOptions),
      },
    },
    assignmentPolicies: {
      ...plain.assignmentPolicies,
      /** Every matching assignment policy, page after page. */
      listAll: <P extends PolicyProperty = PolicyProperty, E extends PolicyExpand = never>(
        listOptions?: ListOptions<P, E, PolicyOrderable>,
      ): AsyncGenerator<Selected<AccessPackageAssignmentPolicy, P, E>, void, undefined> =>
        pages(() => plain.assignmentPolicies.list<P, E>(listOptions), listOptions),
    },
    resourceRequests: {
      ...plain.resourceRequests,
      /** Every matching resource request, page after page. */
      listAll: <P extends ResourceRequestProperty = ResourceRequestProperty>(
        listOptions?: ListOptions<P, never, never>,
      ): AsyncGenerator<Selected<AccessPackageResourceRequest, P, never>, void, undefined> =>
        pages(() => plain.resourceRequests.list<P>(listOptions), listOptions),
    },
    assignmentRequests: {
      ...plain.assignmentRequests,
      /** Every matching assignment request, page after page. */
      listAll: <
        P extends AssignmentRequestProperty = AssignmentRequestProperty,
        E extends AssignmentRequestExpand = never,
      >(
        listOptions?: ListOptions<P, E, AssignmentRequestOrderable>,
      ): AsyncGenerator<Selected<AccessPackageAssignmentRequest, P, E>, void, undefined> =>
        pages(() => plain.assignmentRequests.list<P, E>(listOptions), listOptions),
      /**
       * Reads the request until it is delivered, denied, canceled, failed or waiting for approval, and resolves to
       * it; `waitMs` (default 30 s) bounds the wait, `signal` aborts it.
       */
      waitFor: (accessPackageAssignmentRequestId: string, options?: op.WaitOptions) =>
        op.waitForAssignmentRequest(transport, accessPackageAssignmentRequestId, options),
    },
    approvals: {
      ...plain.approvals,
      /** Approves the step of the approval that waits for the caller (reads the approval, then decides). */
      approve: (accessPackageAssignmentApprovalId: string, justification?: string, callOptions?: CallOptions) =>
        op.decideAccessPackageAssignmentApproval(
          transport,
          accessPackageAssignmentApprovalId,
          'Approve',
          justification,
          callOptions,
        ),
      /** Denies the step of the approval that waits for the caller; the request ends Denied. */
      deny: (accessPackageAssignmentApprovalId: string, justification?: string, callOptions?: CallOptions) =>
        op.decideAccessPackageAssignmentApproval(
          transport,
          accessPackageAssignmentApprovalId,
          'Deny',
          justification,
          callOptions,
        ),
    },
    assignments: {
      ...plain.assignments,
      /** Every matching assignment, page after page. */
      listAll: <P extends AssignmentProperty = AssignmentProperty, E extends AssignmentExpand = never>(
        listOptions?: ListOptions<P, E, AssignmentOrderable>,
      ): AsyncGenerator<Selected<AccessPackageAssignment, P, E>, void, undefined> =>
        pages(() => plain.assignments.list<P, E>(listOptions), listOptions),
    },
    users: {
      ...plain.users,
      /** Every matching user, page after page. */
      listAll: <P extends UserProperty = UserProperty>(
        listOptions?: ListOptions<P, never, UserOrderable>,
      ): AsyncGenerator<Selected<User, P, never>, void, undefined> =>
        pages(() => plain.users.list<P>(listOptions), listOptions),
    },
    groups: {
      ...plain.groups,
      /** Every matching group, page after page. */
      listAll: <P extends GroupProperty = GroupProperty>(
        listOptions?: ListOptions<P, never, GroupOrderable>,
      ): AsyncGenerator<Selected<Group, P, never>, void, undefined> =>
        pages(() => plain.groups.list<P>(listOptions), listOptions),
      members: {
        ...plain.groups.members,
        /** Every member of the group, page after page. */
        listAll: (groupId: string, pageOptions?: PageOptions): AsyncGenerator<User | Group, void, undefined> =>
          pages(() => plain.groups.members.list(groupId, pageOptions), pageOptions),
      },
    },
    nextPage: plain.nextPage,
    /**
     * The same calls, resolving to a GraphResponse: the body as `data`, with the answer's `status`, `headers`,
     * `requestId` and `clientRequestId`. Failures throw as usual.
     */
    raw: calls(transport.raw),
    /** hey-api's generated client on the same transport (auth, retries, request ids, middleware), for calls the facade does not cover. */
    client,
  };
}

export type AccessPackageClient = ReturnType<typeof createAccessPackageClient>;
