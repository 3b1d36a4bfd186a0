import { randomUUID } from 'node:crypto';
import type { AccessPackageResourceAttribute } from '@accesspackage/types';
import type { StoredResource, StoredResourceRole, StoredResourceScope } from './entities.js';
import { IN_CATALOG, OF_RESOURCE } from './references.js';

/** How the store names what a catalog holds: resources, their roles and their scopes. */
export const CATALOG_RESOURCE = 'accessPackageResource';
export const RESOURCE_ROLE = 'accessPackageResourceRole';
export const RESOURCE_SCOPE = 'accessPackageResourceScope';

export type OriginSystem = 'AadGroup' | 'AadApplication' | 'SharePointOnline';

/** What a catalog resource is made from: where it comes from and how it was added. */
export interface CatalogResourceOrigin {
  catalogId: string;
  originId: string;
  originSystem: OriginSystem;
  displayName?: string | null;
  description?: string | null;
  url?: string | null;
  /** `Security Group`, `O365 Group`, `Application` or `SharePoint Online Site`. */
  resourceType: string;
  addedBy: string;
  /** A Graph timestamp. */
  addedOn: string;
  /** What it asks requestors for; each attribute, and its question, gets an id. */
  attributes?: AccessPackageResourceAttribute[];
}

function withIds(attribute: AccessPackageResourceAttribute): AccessPackageResourceAttribute {
  const question = attribute.attributeSource?.question;
  return {
    ...attribute,
    id: randomUUID(),
    ...(attribute.attributeSource && question
      ? { attributeSource: { ...attribute.attributeSource, question: { ...question, id: randomUUID() } } }
      : {}),
  };
}

// The roles each system's resources have, as Graph lists them: a group's Member and Owner
// (https://learn.microsoft.com/graph/tutorial-access-package-api), an application's default access
// (its all-zero app role id), a site's groups (accesspackagecatalog-list-accesspackageresourceroles).
function rolesOf(originSystem: OriginSystem, originId: string): Array<{ displayName: string; originId: string }> {
  switch (originSystem) {
    case 'AadGroup':
      return [
        { displayName: 'Member', originId: `Member_${originId}` },
        { displayName: 'Owner', originId: `Owner_${originId}` },
      ];
    case 'AadApplication':
      return [{ displayName: 'Default Access', originId: '00000000-0000-0000-0000-000000000000' }];
    case 'SharePointOnline':
      return [
        { displayName: 'Contributors', originId: '4' },
        { displayName: 'Creators', originId: '3' },
        { displayName: 'Viewers', originId: '5' },
      ];
  }
}

/**
 * A catalog resource as a request or the data file adds it: the resource, its roles and its root scope,
 * each with new ids (the resource's is not the group's). `accessPackageCatalog/id` and
 * `accessPackageResource/id` are references the stub keeps for itself.
 */
export function catalogResourceOf(origin: CatalogResourceOrigin): {
  resource: StoredResource;
  roles: StoredResourceRole[];
  scopes: StoredResourceScope[];
} {
  const id = randomUUID();
  const owner = { [IN_CATALOG]: origin.catalogId, [OF_RESOURCE]: id };
  const url = origin.url ?? null;
  return {
    resource: {
      id,
      displayName: origin.displayName ?? origin.originId,
      description: origin.description ?? null,
      url,
      resourceType: origin.resourceType,
      originId: origin.originId,
      originSystem: origin.originSystem,
      isPendingOnboarding: false,
      addedBy: origin.addedBy,
      addedOn: origin.addedOn,
      attributes: (origin.attributes ?? []).map(withIds),
      [IN_CATALOG]: origin.catalogId,
    },
    roles: rolesOf(origin.originSystem, origin.originId).map((role) => ({
      id: randomUUID(),
      ...role,
      description: null,
      originSystem: origin.originSystem,
      ...owner,
    })),
    scopes: [
      {
        id: randomUUID(),
        displayName: 'Root',
        description: 'Root Scope',
        originId: origin.originId,
        originSystem: origin.originSystem,
        isRootScope: true,
        roleOriginId: null,
        url,
        ...owner,
      },
    ],
  };
}
