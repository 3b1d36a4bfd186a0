import type { RolesInfo } from '@accesspackage/openapi';
import type {
  AccessPackageResource,
  AccessPackageResourceRequest,
  AccessPackageResourceRequestCreate,
  AccessPackageResourceRole,
  AccessPackageResourceScope,
} from '@accesspackage/types';
import type { Request } from 'express';
import { forbidden } from '../auth/failures.js';
import { callerObjectId } from '../auth/identity.js';
import type { Caller } from '../auth/index.js';
import { EM_ROLES_CLAIM, reachOf, tokenGrants } from '../auth/roles.js';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { graphTimestamp } from '../graph/timestamps.js';
import { equals } from '../odata/conditions.js';
import { type Condition, parseFilter, readQueryOptions } from '../odata/index.js';
import {
  CATALOG_RESOURCE,
  catalogResourceOf,
  type OriginSystem,
  RESOURCE_ROLE,
  RESOURCE_SCOPE,
} from '../store/catalog-resources.js';
import type {
  StoredResource,
  StoredResourceRequest,
  StoredResourceRole,
  StoredResourceScope,
} from '../store/entities.js';
import { IN_CATALOG, OF_GROUP, OF_MEMBER, OF_RESOURCE } from '../store/references.js';
import type { StoredEntity, TenantStore } from '../store/store.js';
import { directoryObjectNotFound, OWNERSHIP } from './directory.js';
import type { Handlers } from './operation.js';
import { assertRoomForOneMore } from './quota.js';
import { declareResource } from './resource.js';

/** Role scopes name the resource whose role they grant, under this key, so a resource in use can be refused removal. */
export const ROLE_SCOPE = 'accessPackageResourceRoleScope';

/**
 * Graph's answer where it serves nothing: an empty code and the Entitlement Management service's own
 * words, naming its internal URL (microsoftgraph/msgraph-sdk-powershell#505, #786).
 */
export function noHttpResource(path: string): GraphHttpError {
  return new GraphHttpError(
    404,
    '',
    `No HTTP resource was found that matches the request URI 'https://elm.iga.azure.com/api/v1/${path}'.`,
  );
}

/** The catalog, locked in `mode` inside a transaction; 404 when there is none. */
export async function catalogOf(store: TenantStore, catalogId: string, mode: 'share' | 'update' = 'share') {
  const catalog = await store.lock('accessPackageCatalog', catalogId, mode);
  if (!catalog) {
    throw new GraphHttpError(404, 'ResourceNotFound', `The catalog '${catalogId}' was not found.`, [
      { code: 'ResourceNotFound', target: 'catalogId', message: `No catalog has the id '${catalogId}'.` },
    ]);
  }
  return catalog;
}

/** A catalog's resource by origin, if the catalog holds it. */
export async function resourceByOrigin(
  store: TenantStore,
  catalogId: string,
  originSystem: string,
  originId: string,
): Promise<StoredResource | undefined> {
  const held = await store.where(CATALOG_RESOURCE, 'originId', originId);
  return held.find((r) => r[IN_CATALOG] === catalogId && r.originSystem === originSystem);
}

/** Everything a catalog resource consists of: itself, its roles and its scopes. */
export async function removeCatalogResource(store: TenantStore, resourceId: string): Promise<void> {
  for (const entity of [RESOURCE_ROLE, RESOURCE_SCOPE]) {
    for (const part of await store.where(entity, OF_RESOURCE, resourceId)) await store.delete(entity, part.id);
  }
  await store.delete(CATALOG_RESOURCE, resourceId);
}

// `Security Group` and `O365 Group` are what Graph answers for the tutorial's and the docs' groups.
function groupResourceType(group: StoredEntity): string {
  if (Array.isArray(group.groupTypes) && group.groupTypes.includes('Unified')) return 'O365 Group';
  return group.securityEnabled === false ? 'Distribution Group' : 'Security Group';
}

/**
 * A delegated caller adds a group to a catalog only if it may manage the group, as on Graph: an owner of the group,
 * or a directory role that acts on every catalog (Identity Governance or Global Administrator). A Catalog owner's
 * role alone does not let it put someone else's group in its catalog.
 */
async function assertManagesGroup(tx: TenantStore, caller: Caller, roles: RolesInfo, groupId: string) {
  if (caller.kind !== 'delegated') return;
  const action = 'microsoft.entitlementManagement/AccessPackageCatalog/AccessPackageResourceRequest/Create';
  const directoryWide = tokenGrants(caller, roles).filter((grant) => grant.from !== EM_ROLES_CLAIM);
  if (reachOf(directoryWide, action).everywhere) return;
  const oid = callerObjectId(caller);
  const owners = await tx.where(OWNERSHIP, OF_GROUP, groupId);
  if (oid !== undefined && owners.some((owner) => owner[OF_MEMBER] === oid)) return;
  throw forbidden('User is not authorized to perform the operation. Reason: The caller is not the resource owner.', [
    {
      code: 'UnAuthorized',
      message: `Adding the group '${groupId}' to a catalog needs an owner of the group (groups/${groupId}/owners) or an Identity Governance Administrator; the caller is neither.`,
      target: 'accessPackageResource.originId',
    },
  ]);
}

async function addResource(
  tx: TenantStore,
  body: AccessPackageResourceRequestCreate,
  caller: Caller,
  emRoles: RolesInfo,
  validationOnly: boolean,
  maxItems: number,
): Promise<void> {
  const given = body.accessPackageResource;
  const { originId, originSystem } = given;
  if (originId === undefined || originSystem === undefined) {
    const missing = originId === undefined ? 'originId' : 'originSystem';
    throw new GraphHttpError(
      400,
      'InvalidModel',
      `Model is not valid: an AdminAdd names the resource by originId and originSystem.`,
      [
        {
          code: 'InvalidModel',
          target: `accessPackageResource.${missing}`,
          message: `accessPackageResource.${missing} is required to add a resource.`,
        },
      ],
    );
  }
  let defaults: { displayName?: string | null; description?: string | null; url?: string | null; resourceType: string };
  if (originSystem === 'AadGroup') {
    // The directory must hold the group: Graph answers as the directory does for an object it does not have.
    const group = await tx.lock('group', originId, 'share');
    if (!group) throw directoryObjectNotFound(originId);
    await assertManagesGroup(tx, caller, emRoles, originId);
    defaults = {
      displayName: group.displayName as string,
      description: (group.description as string | null) ?? null,
      url: `https://account.activedirectory.windowsazure.com/r?tenantId=${tx.tenantId}#/manageMembership?objectType=Group&objectId=${originId}`,
      resourceType: groupResourceType(group),
    };
  } else if (originSystem === 'AadApplication') {
    defaults = { resourceType: 'Application', url: null };
  } else {
    defaults = { resourceType: 'SharePoint Online Site', url: originId };
  }
  // The same resource twice leaves one.
  if (validationOnly || (await resourceByOrigin(tx, body.catalogId, originSystem, originId))) return;
  const { resource, roles, scopes } = catalogResourceOf({
    catalogId: body.catalogId,
    originId,
    originSystem: originSystem as OriginSystem,
    displayName: given.displayName ?? defaults.displayName,
    description: given.description ?? defaults.description,
    url: given.url ?? defaults.url,
    resourceType: defaults.resourceType,
    ...(given.attributes ? { attributes: given.attributes } : {}),
    addedBy: caller.name,
    addedOn: graphTimestamp(),
  });
  await assertRoomForOneMore(tx, maxItems);
  await tx.insert(CATALOG_RESOURCE, resource);
  for (const role of roles) await tx.insert(RESOURCE_ROLE, role);
  for (const scope of scopes) await tx.insert(RESOURCE_SCOPE, scope);
}

async function removeResource(
  tx: TenantStore,
  body: AccessPackageResourceRequestCreate,
  validationOnly: boolean,
): Promise<void> {
  const given = body.accessPackageResource;
  let resource: StoredResource | undefined;
  if (given.id !== undefined) {
    const found = await tx.get(CATALOG_RESOURCE, given.id);
    resource = found?.[IN_CATALOG] === body.catalogId ? found : undefined;
  } else if (given.originId !== undefined && given.originSystem !== undefined) {
    resource = await resourceByOrigin(tx, body.catalogId, given.originSystem, given.originId);
  } else {
    throw new GraphHttpError(
      400,
      'InvalidModel',
      'Model is not valid: an AdminRemove names the resource by id, or by originId and originSystem.',
      [
        {
          code: 'InvalidModel',
          target: 'accessPackageResource.id',
          message: 'accessPackageResource.id is required to remove a resource.',
        },
      ],
    );
  }
  if (!resource) {
    throw new GraphHttpError(
      404,
      'ResourceNotFound',
      `The catalog '${body.catalogId}' holds no resource ${given.id !== undefined ? `with the id '${given.id}'` : `'${given.originId}' of ${given.originSystem}`}.`,
    );
  }
  // A role of it that an access package grants keeps it in the catalog (hashicorp/terraform-provider-azuread#1175).
  if ((await tx.where(ROLE_SCOPE, OF_RESOURCE, resource.id)).length > 0) {
    throw new GraphHttpError(
      400,
      'InvalidDeleteResourceHasEntitlements',
      `The resource: ${resource.displayName} can not be deleted because there are active entitlements.`,
    );
  }
  if (!validationOnly) await removeCatalogResource(tx, resource.id);
}

export const resourceRequests = declareResource<StoredResourceRequest, AccessPackageResourceRequest>({
  entity: 'accessPackageResourceRequest',
  handlers: (crud, context) =>
    ({
      listAccessPackageResourceRequests: crud.list,
      createAccessPackageResourceRequest: async (input) => {
        const { body, caller } = input;
        const validationOnly = body.isValidationOnly ?? false;
        // The catalog locked against its deletion and against other requests changing what it holds.
        const created = await input.store.transaction(async (tx) => {
          await catalogOf(tx, body.catalogId, 'update');
          if (body.requestType === 'AdminAdd')
            await addResource(tx, body, caller, context.roles, validationOnly, context.maxItems);
          else await removeResource(tx, body, validationOnly);
          return crud.insert(
            tx,
            {
              catalogId: body.catalogId,
              requestType: body.requestType,
              requestState: 'Delivered',
              requestStatus: 'Fulfilled',
              justification: body.justification ?? null,
              isValidationOnly: validationOnly,
              executeImmediately: body.executeImmediately ?? false,
              expirationDateTime: body.expirationDateTime ?? null,
            },
            caller,
          );
        });
        return crud.created(input, created);
      },
    }) satisfies Handlers,
});

export const catalogResources = declareResource<StoredResource, AccessPackageResource>({
  entity: CATALOG_RESOURCE,
  references: [IN_CATALOG],
  navigation: {
    accessPackageResourceScopes: async (resource, store) => await store.where(RESOURCE_SCOPE, OF_RESOURCE, resource.id),
    accessPackageResourceRoles: async (resource, store) => await store.where(RESOURCE_ROLE, OF_RESOURCE, resource.id),
  },
  handlers: (crud) =>
    ({
      listAccessPackageCatalogResources: async (input) => {
        const { accessPackageCatalogId } = input.path;
        if (!(await input.store.get('accessPackageCatalog', accessPackageCatalogId))) throw notFound();
        return crud.list(input, { scope: equals(IN_CATALOG, accessPackageCatalogId) });
      },
      getAccessPackageCatalogResource: async ({ path }) => {
        throw noHttpResource(
          `accessPackageCatalogs('${path.accessPackageCatalogId}')/accessPackageResources('${path.accessPackageResourceId}')`,
        );
      },
    }) satisfies Handlers,
});

// Every `originSystem eq '...'` the filter requires: in it, or in a conjunct of its top-level `and`.
function requiresOriginSystem(condition: Condition): boolean {
  if (condition.kind === 'and') return condition.operands.some(requiresOriginSystem);
  return (
    condition.kind === 'compare' &&
    condition.operator === 'eq' &&
    condition.left.property === 'originSystem' &&
    !condition.left.fold &&
    condition.right.type === 'string'
  );
}

function checkRoleFilter(req: Request, filterable: Record<string, 'string' | 'boolean' | 'datetime'>): void {
  const text = readQueryOptions(req.query as Record<string, unknown>).filter ?? '';
  if (!requiresOriginSystem(parseFilter(text, filterable))) {
    throw new GraphHttpError(
      400,
      'InvalidFilter',
      `Retrieving resource roles of a resource in a catalog requires the origin system type to also be included in the filter expression: add originSystem eq 'AadGroup' (or another system) with and, e.g. (originSystem eq 'AadGroup' and ${text}).`,
    );
  }
}

// An expanded resource shows its scopes as `[]` unless they are expanded too, as in Microsoft's tutorial: the
// role's listing with `$expand=accessPackageResource` answers `"accessPackageResourceScopes": []`.
const resourceOfPart = async (part: StoredEntity, store: TenantStore) => {
  const resource = await store.get(CATALOG_RESOURCE, String(part[OF_RESOURCE]));
  return resource && { ...resource, accessPackageResourceScopes: [] };
};

export const resourceRoles = declareResource<StoredResourceRole, AccessPackageResourceRole>({
  entity: RESOURCE_ROLE,
  references: [IN_CATALOG, OF_RESOURCE],
  navigation: { accessPackageResource: resourceOfPart },
  handlers: (crud, context) =>
    ({
      listAccessPackageCatalogResourceRoles: async (input) => {
        const { accessPackageCatalogId } = input.path;
        if (!(await input.store.get('accessPackageCatalog', accessPackageCatalogId))) throw notFound();
        checkRoleFilter(input.req, context.entities[RESOURCE_ROLE]?.filterable ?? {});
        return crud.list(input, { scope: equals(IN_CATALOG, accessPackageCatalogId) });
      },
    }) satisfies Handlers,
});

export const resourceScopes = declareResource<StoredResourceScope, AccessPackageResourceScope>({
  entity: RESOURCE_SCOPE,
  references: [IN_CATALOG, OF_RESOURCE],
  navigation: { accessPackageResource: resourceOfPart },
  handlers: () => ({}),
});
