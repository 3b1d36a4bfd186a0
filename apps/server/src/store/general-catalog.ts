import type { StoredCatalog } from './entities.js';

/** The id of every tenant's built-in catalog, as the seed's create example uses it. */
export const GENERAL_CATALOG_ID = 'aa2f6514-3232-46e7-a08a-2411ad8d7128';

/**
 * The General catalog as Graph shows it in a new tenant (`ServiceDefault`, created by "Azure AD",
 * as in https://learn.microsoft.com/graph/tutorial-access-package-api).
 */
export function generalCatalog(): StoredCatalog {
  return {
    id: GENERAL_CATALOG_ID,
    displayName: 'General',
    description: 'Built-in catalog.',
    catalogType: 'ServiceDefault',
    catalogStatus: 'Published',
    isExternallyVisible: true,
    createdBy: 'Azure AD',
    createdDateTime: '2019-02-04T14:57:30.0000000Z',
    modifiedBy: 'Azure AD',
    modifiedDateTime: '2019-02-04T14:57:30.0000000Z',
  };
}
