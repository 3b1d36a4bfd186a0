import { GENERAL_CATALOG_ID } from '@accesspackage/server';
import type { RequestSpec } from './send.js';

export const PACKAGES = '/identityGovernance/entitlementManagement/accessPackages';

export type ScenarioName = 'list' | 'filter' | 'get' | 'create';

export interface Scenario extends RequestSpec {
  name: ScenarioName;
  title: string;
}

/** The measured requests, in the order they are measured; `anId` is the access package the get reads. */
export function scenarios(anId: string): Scenario[] {
  const filter = encodeURIComponent("contains(tolower(displayName),'7')");
  return [
    { name: 'list', title: 'list first page', method: 'GET', path: `${PACKAGES}?$top=100` },
    {
      name: 'filter',
      title: 'filtered list',
      method: 'GET',
      path: `${PACKAGES}?$filter=${filter}&$select=displayName`,
    },
    { name: 'get', title: 'get one by id', method: 'GET', path: `${PACKAGES}/${anId}` },
    // Creates grow the collection the lists read: measured last, with a name that has no '7' so that the
    // warm-up pass's creates leave the filtered list as it was (and, with 100 items or more, the first page).
    {
      name: 'create',
      title: 'create',
      method: 'POST',
      path: PACKAGES,
      body: JSON.stringify({
        catalogId: GENERAL_CATALOG_ID,
        displayName: 'Bench package',
        description: 'Created by the benchmark.',
      }),
    },
  ];
}
