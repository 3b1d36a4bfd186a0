import type { AccessPackage, AccessPackageCreate } from '@accesspackage/types';
import type { Request } from 'express';
import type { Caller } from '../auth/index.js';
import { GraphHttpError } from '../graph/http-error.js';
import type { StoredAccessPackage } from '../store/store.js';
import type { Handlers } from './operation.js';
import { declareResource } from './resource.js';

// The seed page's path; Graph's context for it names the top-level entity set.
const SEED_ENTITY_SET = 'accessPackages';

export const accessPackages = declareResource<StoredAccessPackage, AccessPackage>({
  entity: 'accessPackage',
  navigation: (store) => ({
    accessPackageCatalog: (pkg) => (pkg.catalogId ? store.catalogs.find(pkg.catalogId) : undefined),
  }),
  handlers: (crud, { store }) => {
    // The seed page's path and today's path create alike; only the context's entity set differs.
    const create = async (input: { body: AccessPackageCreate; caller: Caller; req: Request }, entitySet?: string) => {
      const { body, caller } = input;
      if (!store.catalogs.find(body.catalogId)) {
        throw new GraphHttpError(404, 'ResourceNotFound', `The catalog '${body.catalogId}' was not found.`, [
          { code: 'ResourceNotFound', target: 'catalogId', message: `No catalog has the id '${body.catalogId}'.` },
        ]);
      }
      const created = crud.insert(
        {
          catalogId: body.catalogId,
          displayName: body.displayName,
          description: body.description,
          isHidden: body.isHidden ?? false,
          isRoleScopesVisible: body.isRoleScopesVisible ?? false,
        },
        caller,
      );
      return crud.created(input, created, entitySet);
    };
    return {
      listAccessPackages: crud.list,
      getAccessPackage: crud.get,
      createAccessPackage: (input) => create(input),
      createAccessPackageFromAccessPackages: (input) => create(input, SEED_ENTITY_SET),
      updateAccessPackage: crud.update,
      deleteAccessPackage: crud.remove,
    } satisfies Handlers;
  },
});
