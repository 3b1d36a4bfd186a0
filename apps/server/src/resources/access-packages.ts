import type { AccessPackage, AccessPackageCreate } from '@accesspackage/types';
import type { Request } from 'express';
import type { Caller } from '../auth/index.js';
import { GraphHttpError } from '../graph/http-error.js';
import type { StoredAccessPackage, TenantStore } from '../store/store.js';
import { dropPackageLinks, incompatibilityHandlers } from './incompatibilities.js';
import type { Handlers } from './operation.js';
import { packageActionHandlers } from './package-actions.js';
import { policiesOf } from './policies.js';
import { declareResource } from './resource.js';
import { dropRoleScopes, roleScopesOf } from './role-scopes.js';

// The seed page's path; Graph's context for it names the top-level entity set.
const SEED_ENTITY_SET = 'accessPackages';

export const accessPackages = declareResource<StoredAccessPackage, AccessPackage>({
  entity: 'accessPackage',
  navigation: {
    accessPackageCatalog: async (pkg, store) =>
      pkg.catalogId ? await store.get('accessPackageCatalog', pkg.catalogId) : undefined,
    accessPackageResourceRoleScopes: (pkg, store) => roleScopesOf(store, pkg.id),
    accessPackageAssignmentPolicies: (pkg, store) => policiesOf(store, pkg.id),
  },
  handlers: (crud, context) => {
    // The seed page's path and today's path create alike; only the context's entity set differs.
    const create = async (
      input: { body: AccessPackageCreate; caller: Caller; store: TenantStore; req: Request },
      entitySet?: string,
    ) => {
      const { body, caller } = input;
      // One transaction, the catalog locked against a concurrent delete, so no package lands in a deleted catalog.
      const created = await input.store.transaction(async (tx) => {
        if (!(await tx.lock('accessPackageCatalog', body.catalogId, 'share'))) {
          throw new GraphHttpError(404, 'ResourceNotFound', `The catalog '${body.catalogId}' was not found.`, [
            { code: 'ResourceNotFound', target: 'catalogId', message: `No catalog has the id '${body.catalogId}'.` },
          ]);
        }
        return crud.insert(
          tx,
          {
            catalogId: body.catalogId,
            displayName: body.displayName,
            description: body.description,
            isHidden: body.isHidden ?? false,
            isRoleScopesVisible: body.isRoleScopesVisible ?? false,
          },
          caller,
        );
      });
      return crud.created(input, created, entitySet);
    };
    return {
      ...packageActionHandlers(crud, context),
      ...incompatibilityHandlers(context),
      listAccessPackages: crud.list,
      getAccessPackage: crud.get,
      createAccessPackage: (input) => create(input),
      createAccessPackageFromAccessPackages: (input) => create(input, SEED_ENTITY_SET),
      updateAccessPackage: crud.update,
      // Its role scopes go with it, as the tutorial's clean-up shows (it deletes the package with its role scope);
      // its policies must go first, as the tutorial deletes them (the contract's choice: 409 while it has any).
      deleteAccessPackage: (input) =>
        input.store.transaction(async (tx) => {
          const id = input.path.accessPackageId;
          // Locked first, so a policy created meanwhile waits, then finds the package gone.
          const pkg = await tx.lock('accessPackage', id, 'update');
          if (!pkg) return crud.remove({ ...input, store: tx });
          const policies = (await policiesOf(tx, id)).length;
          if (policies > 0) {
            throw new GraphHttpError(
              409,
              'AccessPackageHasAssignmentPolicies',
              `The access package '${pkg.displayName}' still has ${policies} assignment policy(ies). Delete them first.`,
            );
          }
          const answer = await crud.remove({ ...input, store: tx });
          await dropRoleScopes(tx, id);
          await dropPackageLinks(tx, id);
          return answer;
        }),
    } satisfies Handlers;
  },
});
