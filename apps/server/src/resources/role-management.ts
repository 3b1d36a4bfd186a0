import type { RolesInfo } from '@accesspackage/openapi';
import type { UnifiedRoleAssignment, UnifiedRoleDefinition } from '@accesspackage/types';
import type { Caller } from '../auth/caller.js';
import { DEV_TENANT_ID } from '../auth/dev-token.js';
import { callerObjectId } from '../auth/identity.js';
import { catalogOfScope, catalogScope } from '../auth/roles.js';
import { GraphHttpError } from '../graph/http-error.js';
import type { StoredRoleAssignment, StoredRoleDefinition } from '../store/entities.js';
import type { TenantStore } from '../store/store.js';
import { ROLE_ASSIGNMENT, ROLE_DEFINITION } from './access.js';
import type { Handlers } from './operation.js';
import { declareResource } from './resource.js';

const invalid = (message: string) => new GraphHttpError(400, 'InvalidModel', message);
const missing = (message: string) => new GraphHttpError(404, 'ResourceNotFound', message);

export const roleDefinitions = declareResource<StoredRoleDefinition, UnifiedRoleDefinition>({
  entity: ROLE_DEFINITION,
  handlers: (crud) =>
    ({
      listEntitlementManagementRoleDefinitions: crud.list,
      getEntitlementManagementRoleDefinition: crud.get,
    }) satisfies Handlers,
});

/** A principal's directory object as `$expand=principal` shows it: a user, or only a service principal's id. */
async function principalOf(assignment: StoredRoleAssignment, store: TenantStore) {
  const user = await store.get('user', assignment.principalId ?? '');
  if (user) return { '@odata.type': '#microsoft.graph.user', ...user };
  return { '@odata.type': '#microsoft.graph.servicePrincipal', id: assignment.principalId ?? '' };
}

export const roleAssignments = declareResource<StoredRoleAssignment, UnifiedRoleAssignment>({
  entity: ROLE_ASSIGNMENT,
  navigation: {
    principal: principalOf,
    roleDefinition: async (assignment, store) => await store.get(ROLE_DEFINITION, assignment.roleDefinitionId ?? ''),
  },
  handlers: (crud, context) =>
    ({
      listEntitlementManagementRoleAssignments: crud.list,
      getEntitlementManagementRoleAssignment: crud.get,
      createEntitlementManagementRoleAssignment: async (input) => {
        const { body, caller } = input;
        const principalId = body.principalId.toLowerCase();
        const role = context.roles.definitions.find((r) => r.id === body.roleDefinitionId.toLowerCase());
        if (!role)
          throw missing(
            `The role definition '${body.roleDefinitionId}' is none of Entitlement Management's roles; list them at roleManagement/entitlementManagement/roleDefinitions.`,
          );
        const catalogId = catalogOfScope(body.appScopeId);
        if (role.tenantOnly && catalogId !== undefined)
          throw invalid(
            `${role.displayName} is held tenant-wide: give it with appScopeId '/', not '${body.appScopeId}'.`,
          );
        if (catalogId !== undefined && !(await input.store.get('accessPackageCatalog', catalogId)))
          throw missing(`The catalog '${catalogId}' that appScopeId '${body.appScopeId}' names does not exist.`);
        if (await input.store.get('group', principalId))
          throw invalid(
            `The principal '${body.principalId}' is a group; Entitlement Management's roles are given to users and service principals.`,
          );
        // One assignment per principal, role and scope, checked and made as one, whoever asks at the same time.
        const created = await input.store.transaction(async (tx) => {
          await tx.serialize(`role assignments of ${principalId}`);
          const held = await tx.where(ROLE_ASSIGNMENT, 'principalId', principalId);
          const same = held.find((a) => a.roleDefinitionId === role.id && a.appScopeId === body.appScopeId);
          if (same)
            throw new GraphHttpError(
              409,
              'RoleAssignmentExists',
              `The principal '${principalId}' already holds ${role.displayName} at '${body.appScopeId}' (role assignment '${same.id}').`,
            );
          return crud.insert(
            tx,
            {
              principalId,
              roleDefinitionId: role.id,
              appScopeId: body.appScopeId,
              directoryScopeId: null,
              condition: null,
              principalOrganizationId: tenantOf(caller),
            },
            caller,
          );
        });
        return crud.created(input, created);
      },
      deleteEntitlementManagementRoleAssignment: crud.remove,
    }) satisfies Handlers,
});

/** The tenant a caller acts in, as role assignments record it (`principalOrganizationId`). */
function tenantOf(caller: Caller): string {
  const tid = caller.claims.tid;
  return typeof tid === 'string' && tid !== '' ? tid.toLowerCase() : DEV_TENANT_ID;
}

/** The creator of a catalog becomes its Catalog owner, as on Graph (a caller with no `oid` has no principal to hold it). */
export async function ownerOfNewCatalog(store: TenantStore, roles: RolesInfo, caller: Caller, catalogId: string) {
  const oid = callerObjectId(caller);
  const owner = roles.definitions.find((role) => role.name === 'catalogOwner');
  if (oid === undefined || caller.kind === 'anonymous' || !owner) return;
  const assignment: StoredRoleAssignment = {
    id: globalThis.crypto.randomUUID(),
    principalId: oid,
    roleDefinitionId: owner.id,
    appScopeId: catalogScope(catalogId),
    directoryScopeId: null,
    condition: null,
    principalOrganizationId: tenantOf(caller),
  };
  await store.insert(ROLE_ASSIGNMENT, assignment);
}

/** The role assignments held at one scope (a catalog that goes) or by one principal (a user who goes) go with them. */
export async function dropRoleAssignments(store: TenantStore, property: 'appScopeId' | 'principalId', value: string) {
  for (const assignment of await store.where(ROLE_ASSIGNMENT, property, value)) {
    await store.delete(ROLE_ASSIGNMENT, assignment.id);
  }
}
