import { type AuthOption, tokenSource } from './auth.js';
import { GraphError, GraphTimeoutError, GraphTransportError } from './errors.js';
import { type Client, createClient, createConfig } from './gen/client/index.js';
import * as sdk from './gen/sdk.gen.js';
import type {
  AccessPackage,
  AccessPackageAssignmentPolicy,
  AccessPackageAssignmentPolicyCreate,
  AccessPackageAssignmentPolicyUpdate,
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
  Group,
  GroupCreate,
  User,
  UserCreate,
} from './gen/types.gen.js';
import { newGuid } from './guid.js';
import {
  type AccessPackageExpand,
  type AccessPackageOrderable,
  type AccessPackageProperty,
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
import { type RetryOptions, resolveRetry } from './retry.js';
import { createGraphFetch, type Middleware } from './transport.js';

/** Microsoft Graph's beta endpoint, the default base URL. */
export const GRAPH_BETA_URL = 'https://graph.microsoft.com/beta';

/** The URL an OData `$ref` body names an access package by, as Graph's own examples write it. */
export const accessPackageUrl = (id: string): string =>
  `https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages/${encodeURIComponent(id)}`;

/** The URL an OData `$ref` body names a user or group by, as Graph's own examples write it. */
export const directoryObjectUrl = (id: string): string =>
  `https://graph.microsoft.com/v1.0/directoryObjects/${encodeURIComponent(id)}`;

export interface AccessPackageClientOptions {
  /** Where to send requests: Graph beta by default, or a stub such as `http://127.0.0.1:4010/beta`. */
  baseUrl?: string;
  /** A token string, a function returning one, or an @azure/identity-style credential. */
  auth?: AuthOption;
  /** Scopes asked of a credential. Default `https://graph.microsoft.com/.default`. */
  scopes?: string[];
  /** Retries of throttled and failed requests; `false` for none. */
  retry?: RetryOptions | false;
  /** Default time limit of every call, in ms, retries included. Default: none. */
  timeoutMs?: number;
  /** The fetch to use; defaults to the global one (Node 20+, browsers). */
  fetch?: typeof fetch;
  /** Hooks around every HTTP attempt (retries and pages included), in order: logging, tracing, metrics. */
  middleware?: readonly Middleware[];
}

/** A successful answer with what came with it: `raw` calls resolve to this. */
export interface GraphResponse<T> {
  /** What the plain call resolves to (undefined for 204 No Content). */
  data: T;
  status: number;
  headers: Headers;
  /** Graph's `request-id` of the answer: quote it when you report a problem to Microsoft. */
  requestId: string | undefined;
  /** The `client-request-id` the call sent (the same on every retry). */
  clientRequestId: string;
}

/** One page of a collection, with the annotations a caller pages and counts with. */
export interface Page<T> {
  value: T[];
  '@odata.context'?: string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
}

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}
type Run<T> = (init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<Outcome<T>>;
type Mode = 'data' | 'raw';
/** What a call resolves to: the body, or (in `raw`) the body with the answer's status and headers. */
type Out<M extends Mode, T> = M extends 'raw' ? GraphResponse<T> : T;

/** The caller's headers without `client-request-id`, and that id: the caller's own when given, else a new GUID. */
function headersOf(callOptions: CallOptions | undefined): { headers: Record<string, string>; clientRequestId: string } {
  const headers: Record<string, string> = {};
  let clientRequestId: string | undefined;
  for (const [name, value] of Object.entries(callOptions?.headers ?? {})) {
    if (name.toLowerCase() === 'client-request-id') clientRequestId = value;
    else headers[name] = value;
  }
  clientRequestId ??= newGuid();
  return { headers: { ...headers, 'client-request-id': clientRequestId }, clientRequestId };
}

/** A typed client for the Graph beta accessPackage API, generated from openapi/accesspackage.yaml. */
export function createAccessPackageClient(options: AccessPackageClientOptions = {}) {
  // Looked up per call, so a test or polyfill that replaces globalThis.fetch later is honoured.
  const baseFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const graphFetch = createGraphFetch({
    fetch: baseFetch,
    tokens: tokenSource(options.auth, options.scopes),
    retry: resolveRetry(options.retry),
    middleware: options.middleware,
  });
  const client: Client = createClient(createConfig({ baseUrl: options.baseUrl ?? GRAPH_BETA_URL, fetch: graphFetch }));

  /**
   * Runs one call with its own client-request-id, time limit, abort signal and headers, and turns failures into
   * errors. `empty` calls (204 No Content) resolve to undefined.
   */
  async function call<T>(
    run: Run<T>,
    callOptions: CallOptions | undefined,
    mode: Mode,
    empty = false,
  ): Promise<unknown> {
    const { headers, clientRequestId } = headersOf(callOptions);
    const timeoutMs = callOptions?.timeoutMs ?? options.timeoutMs;
    const userSignal = callOptions?.signal;
    if (userSignal?.aborted) throw userSignal.reason;
    const controller = new AbortController();
    const onUserAbort = () => controller.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    let timedOut = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort(new GraphTimeoutError(timeoutMs, clientRequestId));
          }, timeoutMs);
    const failure = (error: unknown): unknown => {
      if (timedOut) return new GraphTimeoutError(timeoutMs as number, clientRequestId);
      if (userSignal?.aborted) return userSignal.reason;
      if (error instanceof GraphTransportError || error instanceof GraphError) return error;
      return new GraphTransportError(
        `The call failed before an answer was read: ${(error as Error)?.message ?? String(error)}`,
        clientRequestId,
        {
          cause: error,
        },
      );
    };
    try {
      const { data, error, response } = await run({ signal: controller.signal, headers });
      if (!response) throw failure(error);
      if (!response.ok) throw new GraphError(response.status, error, response.headers);
      const body = empty ? undefined : data;
      if (mode === 'data') return body;
      const answer: GraphResponse<unknown> = {
        data: body,
        status: response.status,
        headers: response.headers,
        requestId: response.headers.get('request-id') ?? undefined,
        clientRequestId: response.headers.get('client-request-id') ?? clientRequestId,
      };
      return answer;
    } catch (error) {
      throw error instanceof GraphError ? error : failure(error);
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    }
  }

  /** GETs an absolute `@odata.nextLink` verbatim, as Graph asks; the generated client only builds paths. */
  const getNextLink =
    <T>(url: string): Run<T> =>
    async ({ signal, headers }) => {
      const response = await graphFetch(url, {
        method: 'GET',
        headers: { ...headers, accept: 'application/json' },
        signal,
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // A non-JSON answer stays text; GraphError keeps it as the raw body.
      }
      return response.ok ? { data: body as T, response } : { error: body, response };
    };

  /** Every call of the facade, resolving to bodies (`data`) or to GraphResponses (`raw`). */
  function calls<M extends Mode>(mode: M) {
    const send = <T>(run: Run<T>, callOptions: CallOptions | undefined, empty = false) =>
      call(run, callOptions, mode, empty) as Promise<Out<M, T>>;
    return {
      accessPackages: {
        /** Creates an access package in the catalog `catalogId` names (201 Created). */
        create: (body: AccessPackageCreate, callOptions?: CallOptions) =>
          send<AccessPackage>((init) => sdk.createAccessPackage({ client, body, ...init }), callOptions),
        /** The seed page's original path, `POST /accessPackages`; same result as `create`. */
        createAtSeedPath: (body: AccessPackageCreate, callOptions?: CallOptions) =>
          send<AccessPackage>(
            (init) => sdk.createAccessPackageFromAccessPackages({ client, body, ...init }),
            callOptions,
          ),
        /** One page; follow `@odata.nextLink` with `listAll` or `nextPage`. */
        list: <P extends AccessPackageProperty = AccessPackageProperty, E extends AccessPackageExpand = never>(
          listOptions?: ListOptions<P, E, AccessPackageOrderable>,
        ) =>
          send<Page<Selected<AccessPackage, P, E>>>(
            (init) => sdk.listAccessPackages({ client, query: toQuery(listOptions), ...init }),
            listOptions,
          ),
        get: <P extends AccessPackageProperty = AccessPackageProperty, E extends AccessPackageExpand = never>(
          accessPackageId: string,
          getOptions?: GetOptions<P, E>,
        ) =>
          send<Selected<AccessPackage, P, E>>(
            (init) => sdk.getAccessPackage({ client, path: { accessPackageId }, query: toQuery(getOptions), ...init }),
            getOptions,
          ),
        /** Changes only the properties given (204 No Content). */
        update: (accessPackageId: string, body: AccessPackageUpdate, callOptions?: CallOptions) =>
          send<void>(
            (init) => sdk.updateAccessPackage({ client, path: { accessPackageId }, body, ...init }),
            callOptions,
            true,
          ),
        delete: (accessPackageId: string, callOptions?: CallOptions) =>
          send<void>(
            (init) => sdk.deleteAccessPackage({ client, path: { accessPackageId }, ...init }),
            callOptions,
            true,
          ),
        /** Moves the package to another catalog, which must hold the resources it grants roles of (200, no body). */
        moveToCatalog: (accessPackageId: string, catalogId: string, callOptions?: CallOptions) =>
          send<void>(
            // Graph answers 200 without a body, which the generated types leave unknown.
            (init) =>
              sdk.moveAccessPackageToCatalog({
                client,
                path: { accessPackageId },
                body: { catalogId },
                ...init,
              }) as Promise<Outcome<void>>,
            callOptions,
            true,
          ),
        /** One page of the packages the signed-in user may request (`filterByCurrentUser(on='allowedRequestor')`). */
        filterByCurrentUser: <
          P extends AccessPackageProperty = AccessPackageProperty,
          E extends AccessPackageExpand = never,
        >(
          listOptions?: ListOptions<P, E, AccessPackageOrderable>,
        ) =>
          send<Page<Selected<AccessPackage, P, E>>>(
            (init) => sdk.filterAccessPackagesByCurrentUser({ client, query: toQuery(listOptions), ...init }),
            listOptions,
          ),
        incompatibleAccessPackages: {
          list: (accessPackageId: string, pageOptions?: PageOptions) =>
            send<Page<AccessPackage>>(
              (init) =>
                sdk.listIncompatibleAccessPackages({
                  client,
                  path: { accessPackageId },
                  query: toQuery(pageOptions),
                  ...init,
                }),
              pageOptions,
            ),
          /** Marks `otherAccessPackageId` incompatible with the package (204). */
          add: (accessPackageId: string, otherAccessPackageId: string, callOptions?: CallOptions) =>
            send<void>(
              (init) =>
                sdk.addIncompatibleAccessPackage({
                  client,
                  path: { accessPackageId },
                  body: { '@odata.id': accessPackageUrl(otherAccessPackageId) },
                  ...init,
                }),
              callOptions,
              true,
            ),
          remove: (accessPackageId: string, otherAccessPackageId: string, callOptions?: CallOptions) =>
            send<void>(
              (init) =>
                sdk.removeIncompatibleAccessPackage({
                  client,
                  path: { accessPackageId, incompatibleAccessPackageId: otherAccessPackageId },
                  ...init,
                }),
              callOptions,
              true,
            ),
        },
        accessPackagesIncompatibleWith: {
          /** One page of the packages that list this one as incompatible. */
          list: (accessPackageId: string, pageOptions?: PageOptions) =>
            send<Page<AccessPackage>>(
              (init) =>
                sdk.listAccessPackagesIncompatibleWith({
                  client,
                  path: { accessPackageId },
                  query: toQuery(pageOptions),
                  ...init,
                }),
              pageOptions,
            ),
        },
        incompatibleGroups: {
          list: (accessPackageId: string, pageOptions?: PageOptions) =>
            send<Page<Group>>(
              (init) =>
                sdk.listIncompatibleGroups({ client, path: { accessPackageId }, query: toQuery(pageOptions), ...init }),
              pageOptions,
            ),
          /** Marks the group incompatible with the package: its members cannot be assigned it (204). */
          add: (accessPackageId: string, groupId: string, callOptions?: CallOptions) =>
            send<void>(
              (init) =>
                sdk.addIncompatibleGroup({
                  client,
                  path: { accessPackageId },
                  body: { '@odata.id': `https://graph.microsoft.com/beta/groups/${encodeURIComponent(groupId)}` },
                  ...init,
                }),
              callOptions,
              true,
            ),
          remove: (accessPackageId: string, groupId: string, callOptions?: CallOptions) =>
            send<void>(
              (init) => sdk.removeIncompatibleGroup({ client, path: { accessPackageId, groupId }, ...init }),
              callOptions,
              true,
            ),
        },
        roleScopes: {
          /**
           * Gives the package a role of a resource in its catalog (201; id `{roleId}_{scopeId}`). List them with
           * `get(id, { expand: 'accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope)' })`.
           */
          create: (accessPackageId: string, body: AccessPackageResourceRoleScopeCreate, callOptions?: CallOptions) =>
            send<AccessPackageResourceRoleScope>(
              (init) => sdk.createAccessPackageResourceRoleScope({ client, path: { accessPackageId }, body, ...init }),
              callOptions,
            ),
          delete: (accessPackageId: string, accessPackageResourceRoleScopeId: string, callOptions?: CallOptions) =>
            send<void>(
              (init) =>
                sdk.deleteAccessPackageResourceRoleScope({
                  client,
                  path: { accessPackageId, accessPackageResourceRoleScopeId },
                  ...init,
                }),
              callOptions,
              true,
            ),
        },
      },
      catalogs: {
        create: (body: AccessPackageCatalogCreate, callOptions?: CallOptions) =>
          send<AccessPackageCatalog>((init) => sdk.createAccessPackageCatalog({ client, body, ...init }), callOptions),
        list: <P extends CatalogProperty = CatalogProperty, E extends CatalogExpand = never>(
          listOptions?: ListOptions<P, E, CatalogOrderable>,
        ) =>
          send<Page<Selected<AccessPackageCatalog, P, E>>>(
            (init) => sdk.listAccessPackageCatalogs({ client, query: toQuery(listOptions), ...init }),
            listOptions,
          ),
        get: <P extends CatalogProperty = CatalogProperty, E extends CatalogExpand = never>(
          accessPackageCatalogId: string,
          getOptions?: GetOptions<P, E>,
        ) =>
          send<Selected<AccessPackageCatalog, P, E>>(
            (init) =>
              sdk.getAccessPackageCatalog({
                client,
                path: { accessPackageCatalogId },
                query: toQuery(getOptions),
                ...init,
              }),
            getOptions,
          ),
        update: (accessPackageCatalogId: string, body: AccessPackageCatalogUpdate, callOptions?: CallOptions) =>
          send<void>(
            (init) => sdk.updateAccessPackageCatalog({ client, path: { accessPackageCatalogId }, body, ...init }),
            callOptions,
            true,
          ),
        delete: (accessPackageCatalogId: string, callOptions?: CallOptions) =>
          send<void>(
            (init) => sdk.deleteAccessPackageCatalog({ client, path: { accessPackageCatalogId }, ...init }),
            callOptions,
            true,
          ),
        resources: {
          /**
           * One page of the resources the catalog holds; find one added by a request with
           * `filter: "originId eq '<groupId>'"` (its id is not the group's).
           */
          list: <P extends CatalogResourceProperty = CatalogResourceProperty, E extends CatalogResourceExpand = never>(
            accessPackageCatalogId: string,
            listOptions?: ListOptions<P, E, CatalogResourceOrderable>,
          ) =>
            send<Page<Selected<AccessPackageResource, P, E>>>(
              (init) =>
                sdk.listAccessPackageCatalogResources({
                  client,
                  path: { accessPackageCatalogId },
                  query: toQuery(listOptions),
                  ...init,
                }),
              listOptions,
            ),
        },
        resourceRoles: {
          /**
           * One page of the roles of the catalog's resources. As on Graph, `filter` must require an origin
           * system: `(originSystem eq 'AadGroup' and accessPackageResource/id eq '<id>')`.
           */
          list: <P extends ResourceRoleProperty = ResourceRoleProperty, E extends ResourceRoleExpand = never>(
            accessPackageCatalogId: string,
            listOptions: ListOptions<P, E, ResourceRoleOrderable> & { filter: string },
          ) =>
            send<Page<Selected<AccessPackageResourceRole, P, E>>>(
              (init) =>
                sdk.listAccessPackageCatalogResourceRoles({
                  client,
                  path: { accessPackageCatalogId },
                  query: { ...toQuery(listOptions), $filter: listOptions.filter },
                  ...init,
                }),
              listOptions,
            ),
        },
      },
      assignmentPolicies: {
        /** Creates an assignment policy for the package `accessPackageId` names (201, with Graph's defaults). */
        create: (body: AccessPackageAssignmentPolicyCreate, callOptions?: CallOptions) =>
          send<AccessPackageAssignmentPolicy>(
            (init) => sdk.createAccessPackageAssignmentPolicy({ client, body, ...init }),
            callOptions,
          ),
        list: <P extends PolicyProperty = PolicyProperty, E extends PolicyExpand = never>(
          listOptions?: ListOptions<P, E, PolicyOrderable>,
        ) =>
          send<Page<Selected<AccessPackageAssignmentPolicy, P, E>>>(
            (init) => sdk.listAccessPackageAssignmentPolicies({ client, query: toQuery(listOptions), ...init }),
            listOptions,
          ),
        get: <P extends PolicyProperty = PolicyProperty, E extends PolicyExpand = never>(
          accessPackageAssignmentPolicyId: string,
          getOptions?: GetOptions<P, E>,
        ) =>
          send<Selected<AccessPackageAssignmentPolicy, P, E>>(
            (init) =>
              sdk.getAccessPackageAssignmentPolicy({
                client,
                path: { accessPackageAssignmentPolicyId },
                query: toQuery(getOptions),
                ...init,
              }),
            getOptions,
          ),
        /** Replaces the whole policy (Graph's PUT; there is no PATCH) and resolves to it (200). */
        replace: (
          accessPackageAssignmentPolicyId: string,
          body: AccessPackageAssignmentPolicyUpdate,
          callOptions?: CallOptions,
        ) =>
          send<AccessPackageAssignmentPolicy>(
            (init) =>
              sdk.updateAccessPackageAssignmentPolicy({
                client,
                path: { accessPackageAssignmentPolicyId },
                body,
                ...init,
              }),
            callOptions,
          ),
        delete: (accessPackageAssignmentPolicyId: string, callOptions?: CallOptions) =>
          send<void>(
            (init) =>
              sdk.deleteAccessPackageAssignmentPolicy({ client, path: { accessPackageAssignmentPolicyId }, ...init }),
            callOptions,
            true,
          ),
      },
      resourceRequests: {
        /**
         * Adds a resource to a catalog (`AdminAdd`, by `originId` and `originSystem`) or removes one (`AdminRemove`);
         * 201 with the request, already `Delivered`, without the resource's id.
         */
        create: (body: AccessPackageResourceRequestCreate, callOptions?: CallOptions) =>
          send<AccessPackageResourceRequest>(
            (init) => sdk.createAccessPackageResourceRequest({ client, body, ...init }),
            callOptions,
          ),
        list: <P extends ResourceRequestProperty = ResourceRequestProperty>(
          listOptions?: ListOptions<P, never, never>,
        ) =>
          send<Page<Selected<AccessPackageResourceRequest, P, never>>>(
            (init) => sdk.listAccessPackageResourceRequests({ client, query: toQuery(listOptions), ...init }),
            listOptions,
          ),
      },
      users: {
        /** Creates a user (201 Created); `passwordProfile` is required and never returned. */
        create: (body: UserCreate, callOptions?: CallOptions) =>
          send<User>((init) => sdk.createUser({ client, body, ...init }), callOptions),
        list: <P extends UserProperty = UserProperty>(listOptions?: ListOptions<P, never, UserOrderable>) =>
          send<Page<Selected<User, P, never>>>(
            (init) => sdk.listUsers({ client, query: toQuery(listOptions), ...init }),
            listOptions,
          ),
        get: <P extends UserProperty = UserProperty>(userId: string, getOptions?: GetOptions<P, never>) =>
          send<Selected<User, P, never>>(
            (init) => sdk.getUser({ client, path: { userId }, query: toQuery(getOptions), ...init }),
            getOptions,
          ),
        delete: (userId: string, callOptions?: CallOptions) =>
          send<void>((init) => sdk.deleteUser({ client, path: { userId }, ...init }), callOptions, true),
      },
      groups: {
        /** Creates a group (201 Created); `groupTypes: ['Unified']` makes a Microsoft 365 group. */
        create: (body: GroupCreate, callOptions?: CallOptions) =>
          send<Group>((init) => sdk.createGroup({ client, body, ...init }), callOptions),
        list: <P extends GroupProperty = GroupProperty>(listOptions?: ListOptions<P, never, GroupOrderable>) =>
          send<Page<Selected<Group, P, never>>>(
            (init) => sdk.listGroups({ client, query: toQuery(listOptions), ...init }),
            listOptions,
          ),
        get: <P extends GroupProperty = GroupProperty>(groupId: string, getOptions?: GetOptions<P, never>) =>
          send<Selected<Group, P, never>>(
            (init) => sdk.getGroup({ client, path: { groupId }, query: toQuery(getOptions), ...init }),
            getOptions,
          ),
        delete: (groupId: string, callOptions?: CallOptions) =>
          send<void>((init) => sdk.deleteGroup({ client, path: { groupId }, ...init }), callOptions, true),
        members: {
          /** One page of the group's direct members, users and groups, each with its `@odata.type`. */
          list: (groupId: string, pageOptions?: PageOptions) =>
            send<Page<User | Group>>(
              (init) => sdk.listGroupMembers({ client, path: { groupId }, query: toQuery(pageOptions), ...init }),
              pageOptions,
            ),
          /** Adds the user or group `memberId` names (204 No Content); Graph refuses a member added twice. */
          add: (groupId: string, memberId: string, callOptions?: CallOptions) =>
            send<void>(
              (init) =>
                sdk.addGroupMember({
                  client,
                  path: { groupId },
                  body: { '@odata.id': directoryObjectUrl(memberId) },
                  ...init,
                }),
              callOptions,
              true,
            ),
          remove: (groupId: string, memberId: string, callOptions?: CallOptions) =>
            send<void>(
              (init) => sdk.removeGroupMember({ client, path: { groupId, directoryObjectId: memberId }, ...init }),
              callOptions,
              true,
            ),
        },
      },
      /** Fetches the page an `@odata.nextLink` points at, verbatim. */
      nextPage: <T>(nextLink: string, callOptions?: CallOptions) =>
        send<Page<T>>(getNextLink<Page<T>>(nextLink), callOptions),
    };
  }

  const plain = calls('data');

  /** Every item of the list `first` fetches, page after page, following `@odata.nextLink` verbatim; lazy, like any generator. */
  async function* pages<T>(
    first: () => Promise<Page<T>>,
    callOptions: CallOptions | undefined,
  ): AsyncGenerator<T, void, undefined> {
    let page = await first();
    yield* page.value;
    while (page['@odata.nextLink']) {
      page = await plain.nextPage<T>(page['@odata.nextLink'], callOptions);
      yield* page.value;
    }
  }

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
    raw: calls('raw'),
    /** The generated client underneath (with this client's auth, retries and request ids), for calls the facade does not cover. */
    client,
  };
}

export type AccessPackageClient = ReturnType<typeof createAccessPackageClient>;
