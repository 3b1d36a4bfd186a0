import type { AccessPackageResourceRoleScope, AccessPackageResourceRoleScopeCreate } from '@accesspackage/types';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { CATALOG_RESOURCE, RESOURCE_ROLE, RESOURCE_SCOPE } from '../store/catalog-resources.js';
import type { StoredRoleScope } from '../store/entities.js';
import { IN_CATALOG, OF_PACKAGE, OF_RESOURCE, OF_ROLE, OF_SCOPE } from '../store/references.js';
import type { StoredEntity, TenantStore } from '../store/store.js';
import { ROLE_SCOPE, resourceByOrigin } from './catalog-resources.js';
import { grantToHolders, revokeFromHolders } from './lifecycle/grants.js';
import type { Handlers } from './operation.js';
import { declareResource } from './resource.js';

/**
 * A role scope's id is `{roleId}_{scopeId}`, so two packages granting the same role have role scopes with
 * the same id. The store keeps each under its package: `{packageId}:{roleId}_{scopeId}`.
 */
const storedId = (accessPackageId: string, roleScopeId: string) => `${accessPackageId}:${roleScopeId}`;
const publicId = (stored: StoredEntity) => stored.id.slice(stored.id.indexOf(':') + 1);

/** A role scope as Graph shows it: with its own id, not the store's. */
export function shownRoleScope(stored: StoredRoleScope): StoredRoleScope {
  return { ...stored, id: publicId(stored) };
}

/** The role scopes of a package, as Graph shows them. */
export async function roleScopesOf(store: TenantStore, accessPackageId: string): Promise<StoredRoleScope[]> {
  return (await store.where(ROLE_SCOPE, OF_PACKAGE, accessPackageId)).map(shownRoleScope);
}

/** Removes every role scope of a package (when the package is deleted). */
export async function dropRoleScopes(store: TenantStore, accessPackageId: string): Promise<void> {
  for (const roleScope of await store.where(ROLE_SCOPE, OF_PACKAGE, accessPackageId)) {
    await store.delete(ROLE_SCOPE, roleScope.id);
  }
}

/** The catalog resource the body names, which must be in `catalogId`. */
async function resourceOf(
  store: TenantStore,
  catalogId: string,
  body: AccessPackageResourceRoleScopeCreate,
): Promise<StoredEntity> {
  const role = body.accessPackageResourceRole;
  const given = role.accessPackageResource;
  let resource: StoredEntity | undefined;
  let named: string;
  if (role.id !== undefined && given === undefined) {
    const found = await store.get(RESOURCE_ROLE, role.id);
    if (!found || found[IN_CATALOG] !== catalogId) {
      throw new GraphHttpError(404, 'RoleNotFound', 'The role was not found.', [
        {
          code: 'RoleNotFound',
          target: 'accessPackageResourceRole.id',
          message: `The package's catalog has no role '${role.id}'.`,
        },
      ]);
    }
    resource = await store.get(CATALOG_RESOURCE, String(found[OF_RESOURCE]));
    named = `of the role '${role.id}'`;
  } else if (given?.id !== undefined) {
    const found = await store.get(CATALOG_RESOURCE, given.id);
    resource = found?.[IN_CATALOG] === catalogId ? found : undefined;
    named = `'${given.id}'`;
  } else if (given?.originId !== undefined) {
    const system = given.originSystem ?? role.originSystem ?? 'AadGroup';
    resource = await resourceByOrigin(store, catalogId, system, given.originId);
    named = `'${given.originId}' of ${system}`;
  } else {
    throw new GraphHttpError(400, 'InvalidModel', 'Model is not valid: the role names no resource.', [
      {
        code: 'InvalidModel',
        target: 'accessPackageResourceRole.accessPackageResource',
        message: "Name the role's resource by its catalog resource id (accessPackageResource.id) or its originId.",
      },
    ]);
  }
  if (!resource) {
    throw new GraphHttpError(
      404,
      'ResourceNotFound',
      `The resource ${named} is not in the access package's catalog. Add it with an AdminAdd resource request first.`,
    );
  }
  return resource;
}

async function roleOf(store: TenantStore, resource: StoredEntity, body: AccessPackageResourceRoleScopeCreate) {
  const given = body.accessPackageResourceRole;
  const roles = await store.where(RESOURCE_ROLE, OF_RESOURCE, resource.id);
  const role = roles.find((r) => (given.id !== undefined ? r.id === given.id : r.originId === given.originId));
  if (!role) {
    throw new GraphHttpError(404, 'RoleNotFound', 'The role was not found.', [
      {
        code: 'RoleNotFound',
        target: 'accessPackageResourceRole.originId',
        message: `The resource '${resource.displayName}' has the roles ${roles.map((r) => r.originId).join(', ')}; not '${given.originId ?? given.id}'.`,
      },
    ]);
  }
  return role;
}

async function scopeOf(store: TenantStore, resource: StoredEntity, body: AccessPackageResourceRoleScopeCreate) {
  const given = body.accessPackageResourceScope;
  const scopes = await store.where(RESOURCE_SCOPE, OF_RESOURCE, resource.id);
  const scope = scopes.find((s) =>
    given.id !== undefined
      ? s.id === given.id
      : given.originId === undefined
        ? s.isRootScope
        : s.originId === given.originId,
  );
  if (!scope) {
    throw new GraphHttpError(
      404,
      'ResourceNotFound',
      `The resource '${resource.displayName}' has no scope '${given.id ?? given.originId}'; its root scope's originId is '${resource.originId}'.`,
    );
  }
  return scope;
}

export const roleScopes = declareResource<StoredRoleScope, AccessPackageResourceRoleScope>({
  entity: ROLE_SCOPE,
  references: [OF_PACKAGE, OF_ROLE, OF_SCOPE, OF_RESOURCE],
  navigation: {
    accessPackageResourceRole: async (roleScope, store) => await store.get(RESOURCE_ROLE, String(roleScope[OF_ROLE])),
    accessPackageResourceScope: async (roleScope, store) =>
      await store.get(RESOURCE_SCOPE, String(roleScope[OF_SCOPE])),
  },
  handlers: (crud) =>
    ({
      createAccessPackageResourceRoleScope: async (input) => {
        const { body, caller, path } = input;
        // The package locked against its deletion and its move to another catalog while its role scope is added.
        const created = await input.store.transaction(async (tx) => {
          const pkg = await tx.lock('accessPackage', path.accessPackageId, 'update');
          if (!pkg) throw notFound();
          const resource = await resourceOf(tx, String(pkg.catalogId), body);
          const role = await roleOf(tx, resource, body);
          const scope = await scopeOf(tx, resource, body);
          const id = storedId(pkg.id, `${role.id}_${scope.id}`);
          // A role scope the package already has is not added twice.
          const existing = await tx.get(ROLE_SCOPE, id);
          if (existing) return existing;
          const references = {
            [OF_PACKAGE]: pkg.id,
            [OF_ROLE]: role.id,
            [OF_SCOPE]: scope.id,
            [OF_RESOURCE]: resource.id,
          };
          const made = await crud.insert(tx, references as Omit<StoredRoleScope, 'id'>, caller, id);
          // Graph: the package's assignees get the role "through current and future assignments".
          await grantToHolders(tx, pkg.id, role);
          return made;
        });
        return crud.created(input, shownRoleScope(created));
      },
      // The package's assignees lose what only this role scope gave them.
      deleteAccessPackageResourceRoleScope: ({ path, store, reply }) =>
        store.transaction(async (tx) => {
          const { accessPackageId, accessPackageResourceRoleScopeId } = path;
          await tx.lock('accessPackage', accessPackageId, 'update');
          if (!(await tx.delete(ROLE_SCOPE, storedId(accessPackageId, accessPackageResourceRoleScopeId)))) {
            throw notFound();
          }
          await revokeFromHolders(tx, accessPackageId);
          return reply(204);
        }),
    }) satisfies Handlers,
});
