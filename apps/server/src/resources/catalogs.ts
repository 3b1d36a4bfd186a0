import type { AccessPackageCatalog } from '@accesspackage/types';
import { catalogScope } from '../auth/roles.js';
import { GraphHttpError } from '../graph/http-error.js';
import { CATALOG_RESOURCE } from '../store/catalog-resources.js';
import { IN_CATALOG } from '../store/references.js';
import type { StoredCatalog } from '../store/store.js';
import { EXTENSION } from './custom-extensions.js';
import type { Handlers } from './operation.js';
import { declareResource } from './resource.js';
import { dropRoleAssignments, ownerOfNewCatalog } from './role-management.js';

export const catalogs = declareResource<StoredCatalog, AccessPackageCatalog>({
  entity: 'accessPackageCatalog',
  navigation: {
    accessPackages: async (catalog, store) => await store.where('accessPackage', 'catalogId', catalog.id),
  },
  handlers: (crud, context) =>
    ({
      listAccessPackageCatalogs: crud.list,
      getAccessPackageCatalog: crud.get,
      createAccessPackageCatalog: async (input) => {
        const { body, caller } = input;
        const created = await input.store.transaction(async (tx) => {
          const catalog = await crud.insert(
            tx,
            {
              displayName: body.displayName,
              description: body.description,
              catalogType: body.catalogType ?? 'UserManaged',
              catalogStatus: body.catalogStatus ?? 'Published',
              isExternallyVisible: body.isExternallyVisible ?? false,
            },
            caller,
          );
          await ownerOfNewCatalog(tx, context.roles, caller, catalog.id);
          return catalog;
        });
        return crud.created(input, created);
      },
      updateAccessPackageCatalog: crud.update,
      deleteAccessPackageCatalog: (input) =>
        // The check and the delete in one transaction, the catalog locked: a package created meanwhile,
        // through this stub or another sharing the database, waits, then finds the catalog gone.
        input.store.transaction(async (tx) => {
          const id = input.path.accessPackageCatalogId;
          const catalog = await tx.lock('accessPackageCatalog', id, 'update');
          if (!catalog) return crud.remove({ ...input, store: tx });
          if (catalog.catalogType === 'ServiceDefault') {
            throw new GraphHttpError(
              400,
              'InvalidRequest',
              `The built-in catalog '${catalog.displayName}' cannot be deleted.`,
            );
          }
          const held = (await tx.where('accessPackage', 'catalogId', catalog.id)).length;
          if (held > 0) {
            throw new GraphHttpError(
              409,
              'CatalogNotEmpty',
              `The catalog '${catalog.displayName}' still holds ${held} access package(s). Delete them or move them to another catalog first.`,
            );
          }
          const resources = (await tx.where(CATALOG_RESOURCE, IN_CATALOG, catalog.id)).length;
          if (resources > 0) {
            throw new GraphHttpError(
              409,
              'CatalogNotEmpty',
              `The catalog '${catalog.displayName}' still holds ${resources} resource(s). Remove them with AdminRemove resource requests first.`,
            );
          }
          // Its roles go with it: no one holds a role in a catalog that is gone. So do its custom workflow extensions,
          // which only its policies (none left) could call.
          await dropRoleAssignments(tx, 'appScopeId', catalogScope(catalog.id));
          for (const extension of await tx.where(EXTENSION, IN_CATALOG, catalog.id))
            await tx.delete(EXTENSION, extension.id);
          return crud.remove({ ...input, store: tx });
        }),
    }) satisfies Handlers,
});
