// Type-level tests: `pnpm typecheck` compiles this file, and every `@ts-expect-error` below must
// find an error, or tsc fails with "Unused '@ts-expect-error' directive". Nothing here runs.
import {
  type AccessPackage,
  createAccessPackage,
  createAccessPackageClient,
  createGraphTransport,
  type GraphError,
  type GraphResponse,
  getAccessPackage,
  listAccessPackages,
  listAll,
  type Page,
} from './index.js';

const client = createAccessPackageClient({ auth: 'token' });
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_proof?: T) => undefined;

export async function selectNarrowsTheResult(): Promise<void> {
  const page = await client.accessPackages.list({ select: ['displayName', 'isHidden'] });
  const first = page.value[0];
  assertType<Equals<keyof NonNullable<typeof first>, 'id' | 'displayName' | 'isHidden'>>();
  first?.displayName satisfies string | undefined;
  // @ts-expect-error description was not selected, so the result has no such property
  first?.description;

  const one = await client.accessPackages.get('id', { select: ['catalogId'], expand: 'accessPackageCatalog' });
  one.accessPackageCatalog?.displayName satisfies string | undefined;
  // @ts-expect-error createdBy was not selected
  one.createdBy;

  const all = await client.accessPackages.list();
  all satisfies Page<AccessPackage> | Page<Omit<AccessPackage, '@odata.type' | '@odata.context'>>;
  all.value[0]?.description satisfies string | null | undefined;
}

export async function expandTakesNestedOptions(): Promise<void> {
  const pkg = await client.accessPackages.get('id', {
    select: ['displayName'],
    expand: 'accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope)',
  });
  pkg.accessPackageResourceRoleScopes?.[0]?.accessPackageResourceRole?.originId satisfies string | undefined;
  // @ts-expect-error accessPackageCatalog was not expanded
  pkg.accessPackageCatalog;
  const both = await client.accessPackages.list({
    expand: ['accessPackageCatalog', 'accessPackageResourceRoleScopes'],
  });
  both.value[0]?.accessPackageCatalog satisfies object | undefined;
  // @ts-expect-error a nested expand still names a navigation property of the package
  await client.accessPackages.get('id', { expand: 'accessPackageResources($expand=x)' });
}

export async function selectOnlyTakesPropertyNames(): Promise<void> {
  // @ts-expect-error colour is not a property of accessPackage
  await client.accessPackages.list({ select: ['colour'] });
  // @ts-expect-error catalogType is a catalog property, not an access package one
  await client.accessPackages.get('id', { select: ['catalogType'] });
  // @ts-expect-error accessPackageResources is a catalog's navigation property, not an access package's
  await client.accessPackages.list({ expand: 'accessPackageResources' });
  // @ts-expect-error description is not sortable in the contract
  await client.accessPackages.list({ orderby: 'description' });
  await client.catalogs.list({ select: ['catalogType'], orderby: ['displayName asc', 'createdDateTime desc'] });
  // @ts-expect-error catalogType is not sortable on catalogs
  await client.catalogs.list({ orderby: 'catalogType desc' });
}

export async function createBodiesAreChecked(): Promise<void> {
  await client.accessPackages.create({ catalogId: 'c', displayName: 'ok', description: null, isHidden: true });
  // @ts-expect-error colour is not a field of an access package
  await client.accessPackages.create({ catalogId: 'c', displayName: 'x', colour: 'red' });
  // @ts-expect-error displayName is required
  await client.accessPackages.create({ catalogId: 'c' });
  // @ts-expect-error catalogId is required
  await client.accessPackages.create({ displayName: 'x' });
  // @ts-expect-error isHidden is a boolean
  await client.accessPackages.create({ catalogId: 'c', displayName: 'x', isHidden: 'no' });
  // @ts-expect-error catalogId cannot be changed by an update (Graph's moveToCatalog does that)
  await client.accessPackages.update('id', { catalogId: 'other' });
  // @ts-expect-error catalogs need a displayName
  await client.catalogs.create({ description: 'nameless' });
}

export function errorsAreTyped(error: GraphError): void {
  error.status satisfies number;
  error.code satisfies string;
  error.requestId satisfies string | undefined;
  error.details satisfies { code: string; message: string; target?: string }[];
}

export async function perOperationFunctionsAreTypedLikeTheFacade(): Promise<void> {
  const graph = createGraphTransport({ auth: 'token' });
  const created = await createAccessPackage(graph, { catalogId: 'c', displayName: 'ok' });
  assertType<Equals<typeof created, AccessPackage>>();
  const answer = await createAccessPackage(graph.raw, { catalogId: 'c', displayName: 'ok' });
  assertType<Equals<typeof answer, GraphResponse<AccessPackage>>>();
  // @ts-expect-error colour is not a field of an access package
  await createAccessPackage(graph, { catalogId: 'c', displayName: 'x', colour: 'red' });
  // @ts-expect-error displayName is required
  await createAccessPackage(graph, { catalogId: 'c' });

  const page = await listAccessPackages(graph, { select: ['displayName'], orderby: 'displayName desc' });
  assertType<Equals<keyof NonNullable<(typeof page.value)[0]>, 'id' | 'displayName'>>();
  // @ts-expect-error colour is not a property of accessPackage
  await listAccessPackages(graph, { select: ['colour'] });
  const one = await getAccessPackage(graph.raw, 'id', { expand: 'accessPackageCatalog' });
  one.data.accessPackageCatalog?.displayName satisfies string | undefined;
  one.requestId satisfies string | undefined;

  for await (const pkg of listAll(graph, () => listAccessPackages(graph, { top: 10 }), { top: 10 })) {
    pkg satisfies AccessPackage;
  }
  // @ts-expect-error listAll yields items, so it pages with the plain transport, not graph.raw
  listAll(graph.raw, () => listAccessPackages(graph, {}));
}
