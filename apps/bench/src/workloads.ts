import { GENERAL_CATALOG_ID } from '@accesspackage/server';

export const PACKAGES = '/identityGovernance/entitlementManagement/accessPackages';

export type WorkloadName = 'create' | 'get' | 'list' | 'filter';

export interface Workload {
  name: WorkloadName;
  title: string;
  method: 'GET' | 'POST';
  /** The path under the API root; `id` is a stored access package's. */
  path(id: string): string;
  body?: string;
  /** The status every answer must have. */
  status: number;
}

// Seeded names are `Package 000000`..., so about a quarter hold a '7'; creates add names without one, which keeps the
// filtered list as it was however many creates ran before it.
const FILTER = `$filter=${encodeURIComponent("contains(tolower(displayName),'7')")}&$select=displayName`;

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'create',
    title: 'seed create',
    method: 'POST',
    path: () => PACKAGES,
    // The README's seed request, verbatim.
    body: JSON.stringify({
      catalogId: GENERAL_CATALOG_ID,
      displayName: 'displayName-value',
      description: 'description-value',
    }),
    status: 201,
  },
  { name: 'get', title: 'get by id', method: 'GET', path: (id) => `${PACKAGES}/${id}`, status: 200 },
  { name: 'list', title: 'list $top=100', method: 'GET', path: () => `${PACKAGES}?$top=100`, status: 200 },
  { name: 'filter', title: '$filter + $select', method: 'GET', path: () => `${PACKAGES}?${FILTER}`, status: 200 },
];

export const seedName = (index: number) => `Package ${String(index).padStart(6, '0')}`;

/** The body of the index-th seeded access package. */
export function seedBody(index: number): string {
  return JSON.stringify({
    catalogId: GENERAL_CATALOG_ID,
    displayName: seedName(index),
    description: 'Seeded for the benchmark.',
  });
}
