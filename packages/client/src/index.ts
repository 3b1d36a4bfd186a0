import { type Client, createClient, createConfig } from './gen/client/index.js';
import * as sdk from './gen/sdk.gen.js';
import type {
  AccessPackage,
  AccessPackageCatalog,
  AccessPackageCatalogCollectionResponse,
  AccessPackageCatalogCreate,
  AccessPackageCatalogUpdate,
  AccessPackageCollectionResponse,
  AccessPackageCreate,
  AccessPackageUpdate,
  GetAccessPackageCatalogData,
  GetAccessPackageData,
  ListAccessPackageCatalogsData,
  ListAccessPackagesData,
} from './gen/types.gen.js';
import { GraphError } from './graph-error.js';

export type * from './gen/types.gen.js';
export { GraphError, isODataError } from './graph-error.js';

/** Microsoft Graph's beta endpoint, the default base URL. */
export const GRAPH_BETA_URL = 'https://graph.microsoft.com/beta';

export interface AccessPackageClientOptions {
  /** Where to send requests: Graph beta by default, or a stub such as `http://127.0.0.1:4010/beta`. */
  baseUrl?: string;
  /** A bearer access token for Microsoft Graph. */
  auth: string;
  /** A fetch implementation to use instead of the global one. */
  fetch?: typeof fetch;
}

export type ListAccessPackagesQuery = NonNullable<ListAccessPackagesData['query']>;
export type GetAccessPackageQuery = NonNullable<GetAccessPackageData['query']>;
export type ListCatalogsQuery = NonNullable<ListAccessPackageCatalogsData['query']>;
export type GetCatalogQuery = NonNullable<GetAccessPackageCatalogData['query']>;

interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

// The generated functions return { data, error, response }; callers of this client get the data
// or a thrown GraphError, as with Microsoft's SDKs.
async function unwrap<T>(call: Promise<SdkResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response) throw error instanceof Error ? error : new Error(String(error));
  if (!response.ok) throw new GraphError(response.status, error, response.headers);
  return data as T;
}

async function noContent(call: Promise<SdkResult<unknown>>): Promise<void> {
  await unwrap(call);
}

/** A typed client for the Graph beta accessPackage API, generated from openapi/accesspackage.yaml. */
export function createAccessPackageClient(options: AccessPackageClientOptions) {
  const client: Client = createClient(
    createConfig({
      baseUrl: options.baseUrl ?? GRAPH_BETA_URL,
      auth: options.auth,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );

  return {
    /** The generated client underneath, for calls this facade does not cover. */
    client,
    accessPackages: {
      create: (body: AccessPackageCreate): Promise<AccessPackage> => unwrap(sdk.createAccessPackage({ client, body })),
      /** The seed's original path, `POST /accessPackages`; same result as `create`. */
      createAtSeedPath: (body: AccessPackageCreate): Promise<AccessPackage> =>
        unwrap(sdk.createAccessPackageFromAccessPackages({ client, body })),
      list: (query?: ListAccessPackagesQuery): Promise<AccessPackageCollectionResponse> =>
        unwrap(sdk.listAccessPackages({ client, query })),
      get: (accessPackageId: string, query?: GetAccessPackageQuery): Promise<AccessPackage> =>
        unwrap(sdk.getAccessPackage({ client, path: { accessPackageId }, query })),
      update: (accessPackageId: string, body: AccessPackageUpdate): Promise<void> =>
        noContent(sdk.updateAccessPackage({ client, path: { accessPackageId }, body })),
      delete: (accessPackageId: string): Promise<void> => noContent(sdk.deleteAccessPackage({ client, path: { accessPackageId } })),
    },
    catalogs: {
      create: (body: AccessPackageCatalogCreate): Promise<AccessPackageCatalog> =>
        unwrap(sdk.createAccessPackageCatalog({ client, body })),
      list: (query?: ListCatalogsQuery): Promise<AccessPackageCatalogCollectionResponse> =>
        unwrap(sdk.listAccessPackageCatalogs({ client, query })),
      get: (accessPackageCatalogId: string, query?: GetCatalogQuery): Promise<AccessPackageCatalog> =>
        unwrap(sdk.getAccessPackageCatalog({ client, path: { accessPackageCatalogId }, query })),
      update: (accessPackageCatalogId: string, body: AccessPackageCatalogUpdate): Promise<void> =>
        noContent(sdk.updateAccessPackageCatalog({ client, path: { accessPackageCatalogId }, body })),
      delete: (accessPackageCatalogId: string): Promise<void> =>
        noContent(sdk.deleteAccessPackageCatalog({ client, path: { accessPackageCatalogId } })),
    },
  };
}

export type AccessPackageClient = ReturnType<typeof createAccessPackageClient>;
