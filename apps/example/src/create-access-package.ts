import { type AccessPackage, createAccessPackageClient, GraphError } from '@accesspackage/client';

export interface ExampleOptions {
  /** The stub (or Graph) base URL. */
  baseUrl: string;
  /** A bearer token with EntitlementManagement.ReadWrite.All. */
  token: string;
  displayName?: string;
}

/**
 * What an integration typically does: find the catalog, create an access package in it, read it
 * back, and list the packages of the catalog page by page.
 */
export async function createAccessPackageExample(
  options: ExampleOptions,
): Promise<{ created: AccessPackage; inCatalog: string[] }> {
  const graph = createAccessPackageClient({ baseUrl: options.baseUrl, auth: options.token, timeoutMs: 30_000 });

  const general = await graph.catalogs.list({ filter: "displayName eq 'General'", select: ['displayName'] });
  const catalogId = general.value[0]?.id;
  if (!catalogId) throw new Error('The tenant has no General catalog.');

  const created = await graph.accessPackages.create({
    catalogId,
    displayName: options.displayName ?? 'Marketing campaign',
    description: 'Created by the accesspackage example',
  });

  const inCatalog: string[] = [];
  for await (const pkg of graph.accessPackages.listAll({
    filter: `catalogId eq '${catalogId}'`,
    select: ['displayName'],
  })) {
    inCatalog.push(pkg.displayName ?? pkg.id);
  }
  return { created, inCatalog };
}

export { GraphError };
