import type { AccessPackageCatalog } from '@accesspackage/types';
import { GraphHttpError } from '../graph/http-error.js';
import { type StoredCatalog, withoutSeq } from '../store/store.js';
import type { Handlers } from './operation.js';
import { declareResource } from './resource.js';

export const catalogs = declareResource<StoredCatalog, AccessPackageCatalog>({
  entity: 'accessPackageCatalog',
  navigation: (store) => ({
    accessPackages: (catalog) =>
      store.accessPackages
        .list()
        .filter((pkg) => pkg.catalogId === catalog.id)
        .map(withoutSeq),
  }),
  handlers: (crud, { store }) =>
    ({
      listAccessPackageCatalogs: crud.list,
      getAccessPackageCatalog: crud.get,
      createAccessPackageCatalog: async (input) => {
        const { body, caller } = input;
        const created = crud.insert(
          {
            displayName: body.displayName,
            description: body.description,
            catalogType: body.catalogType ?? 'UserManaged',
            catalogStatus: body.catalogStatus ?? 'Published',
            isExternallyVisible: body.isExternallyVisible ?? false,
          },
          caller,
        );
        return crud.created(input, created);
      },
      updateAccessPackageCatalog: crud.update,
      deleteAccessPackageCatalog: async (input) => {
        const catalog = crud.collection.get(input.path.accessPackageCatalogId);
        if (catalog.catalogType === 'ServiceDefault') {
          throw new GraphHttpError(
            400,
            'InvalidRequest',
            `The built-in catalog '${catalog.displayName}' cannot be deleted.`,
          );
        }
        const held = store.accessPackages.list().filter((pkg) => pkg.catalogId === catalog.id).length;
        if (held > 0) {
          throw new GraphHttpError(
            409,
            'CatalogNotEmpty',
            `The catalog '${catalog.displayName}' still holds ${held} access package(s). Delete them or move them to another catalog first.`,
          );
        }
        return crud.remove(input);
      },
    }) satisfies Handlers,
});
