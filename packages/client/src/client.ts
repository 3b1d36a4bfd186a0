import { type AuthOption, tokenSource } from './auth.js';
import { GraphError, GraphTimeoutError, GraphTransportError } from './errors.js';
import { type Client, createClient, createConfig } from './gen/client/index.js';
import * as sdk from './gen/sdk.gen.js';
import type {
  AccessPackage,
  AccessPackageCatalog,
  AccessPackageCatalogCreate,
  AccessPackageCatalogUpdate,
  AccessPackageCreate,
  AccessPackageUpdate,
} from './gen/types.gen.js';
import {
  type AccessPackageExpand,
  type AccessPackageOrderable,
  type AccessPackageProperty,
  type CallOptions,
  type CatalogExpand,
  type CatalogOrderable,
  type CatalogProperty,
  type GetOptions,
  type ListOptions,
  type Selected,
  toQuery,
} from './odata-options.js';
import { type RetryOptions, resolveRetry } from './retry.js';
import { createGraphFetch } from './transport.js';

/** Microsoft Graph's beta endpoint, the default base URL. */
export const GRAPH_BETA_URL = 'https://graph.microsoft.com/beta';

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

/** A typed client for the Graph beta accessPackage API, generated from openapi/accesspackage.yaml. */
export function createAccessPackageClient(options: AccessPackageClientOptions = {}) {
  // Looked up per call, so a test or polyfill that replaces globalThis.fetch later is honoured.
  const baseFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const graphFetch = createGraphFetch({
    fetch: baseFetch,
    tokens: tokenSource(options.auth, options.scopes),
    retry: resolveRetry(options.retry),
  });
  const client: Client = createClient(createConfig({ baseUrl: options.baseUrl ?? GRAPH_BETA_URL, fetch: graphFetch }));

  /** Runs one call with its own client-request-id, time limit and abort signal, and turns failures into errors. */
  async function call<T>(run: Run<T>, callOptions: CallOptions | undefined): Promise<T> {
    const clientRequestId = globalThis.crypto.randomUUID();
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
      const { data, error, response } = await run({
        signal: controller.signal,
        headers: { 'client-request-id': clientRequestId },
      });
      if (!response) throw failure(error);
      if (!response.ok) throw new GraphError(response.status, error, response.headers);
      return data as T;
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

  async function* pages<T>(first: Page<T>, callOptions: CallOptions | undefined): AsyncGenerator<T, void, undefined> {
    let page = first;
    yield* page.value;
    while (page['@odata.nextLink']) {
      page = await call(getNextLink<Page<T>>(page['@odata.nextLink']), callOptions);
      yield* page.value;
    }
  }

  const accessPackages = {
    /** Creates an access package in the catalog `catalogId` names (201 Created). */
    create: (body: AccessPackageCreate, callOptions?: CallOptions): Promise<AccessPackage> =>
      call((init) => sdk.createAccessPackage({ client, body, ...init }), callOptions),
    /** The seed page's original path, `POST /accessPackages`; same result as `create`. */
    createAtSeedPath: (body: AccessPackageCreate, callOptions?: CallOptions): Promise<AccessPackage> =>
      call((init) => sdk.createAccessPackageFromAccessPackages({ client, body, ...init }), callOptions),
    /** One page; follow `@odata.nextLink` with `listAll` or `nextPage`. */
    list: <P extends AccessPackageProperty = AccessPackageProperty, E extends AccessPackageExpand = never>(
      listOptions?: ListOptions<P, E, AccessPackageOrderable>,
    ): Promise<Page<Selected<AccessPackage, P, E>>> =>
      call((init) => sdk.listAccessPackages({ client, query: toQuery(listOptions), ...init }), listOptions) as Promise<
        Page<Selected<AccessPackage, P, E>>
      >,
    /** Every matching item, page after page, following `@odata.nextLink` verbatim until the end. */
    listAll: <P extends AccessPackageProperty = AccessPackageProperty, E extends AccessPackageExpand = never>(
      listOptions?: ListOptions<P, E, AccessPackageOrderable>,
    ): AsyncGenerator<Selected<AccessPackage, P, E>, void, undefined> => {
      return (async function* () {
        yield* pages(await accessPackages.list(listOptions), listOptions);
      })();
    },
    get: <P extends AccessPackageProperty = AccessPackageProperty, E extends AccessPackageExpand = never>(
      accessPackageId: string,
      getOptions?: GetOptions<P, E>,
    ): Promise<Selected<AccessPackage, P, E>> =>
      call(
        (init) => sdk.getAccessPackage({ client, path: { accessPackageId }, query: toQuery(getOptions), ...init }),
        getOptions,
      ) as Promise<Selected<AccessPackage, P, E>>,
    /** Changes only the properties given (204 No Content). */
    update: (accessPackageId: string, body: AccessPackageUpdate, callOptions?: CallOptions): Promise<void> =>
      call((init) => sdk.updateAccessPackage({ client, path: { accessPackageId }, body, ...init }), callOptions).then(
        () => undefined,
      ),
    delete: (accessPackageId: string, callOptions?: CallOptions): Promise<void> =>
      call((init) => sdk.deleteAccessPackage({ client, path: { accessPackageId }, ...init }), callOptions).then(
        () => undefined,
      ),
  };

  const catalogs = {
    create: (body: AccessPackageCatalogCreate, callOptions?: CallOptions): Promise<AccessPackageCatalog> =>
      call((init) => sdk.createAccessPackageCatalog({ client, body, ...init }), callOptions),
    list: <P extends CatalogProperty = CatalogProperty, E extends CatalogExpand = never>(
      listOptions?: ListOptions<P, E, CatalogOrderable>,
    ): Promise<Page<Selected<AccessPackageCatalog, P, E>>> =>
      call(
        (init) => sdk.listAccessPackageCatalogs({ client, query: toQuery(listOptions), ...init }),
        listOptions,
      ) as Promise<Page<Selected<AccessPackageCatalog, P, E>>>,
    listAll: <P extends CatalogProperty = CatalogProperty, E extends CatalogExpand = never>(
      listOptions?: ListOptions<P, E, CatalogOrderable>,
    ): AsyncGenerator<Selected<AccessPackageCatalog, P, E>, void, undefined> => {
      return (async function* () {
        yield* pages(await catalogs.list(listOptions), listOptions);
      })();
    },
    get: <P extends CatalogProperty = CatalogProperty, E extends CatalogExpand = never>(
      accessPackageCatalogId: string,
      getOptions?: GetOptions<P, E>,
    ): Promise<Selected<AccessPackageCatalog, P, E>> =>
      call(
        (init) =>
          sdk.getAccessPackageCatalog({
            client,
            path: { accessPackageCatalogId },
            query: toQuery(getOptions),
            ...init,
          }),
        getOptions,
      ) as Promise<Selected<AccessPackageCatalog, P, E>>,
    update: (
      accessPackageCatalogId: string,
      body: AccessPackageCatalogUpdate,
      callOptions?: CallOptions,
    ): Promise<void> =>
      call(
        (init) => sdk.updateAccessPackageCatalog({ client, path: { accessPackageCatalogId }, body, ...init }),
        callOptions,
      ).then(() => undefined),
    delete: (accessPackageCatalogId: string, callOptions?: CallOptions): Promise<void> =>
      call(
        (init) => sdk.deleteAccessPackageCatalog({ client, path: { accessPackageCatalogId }, ...init }),
        callOptions,
      ).then(() => undefined),
  };

  return {
    accessPackages,
    catalogs,
    /** Fetches the page an `@odata.nextLink` points at, verbatim. */
    nextPage: <T>(nextLink: string, callOptions?: CallOptions): Promise<Page<T>> =>
      call(getNextLink<Page<T>>(nextLink), callOptions),
    /** The generated client underneath (with this client's auth, retries and request ids), for calls the facade does not cover. */
    client,
  };
}

export type AccessPackageClient = ReturnType<typeof createAccessPackageClient>;
