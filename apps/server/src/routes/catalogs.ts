import type {
  AccessPackageCatalog,
  AccessPackageCatalogCollectionResponse,
  AccessPackageCatalogCreate,
  AccessPackageCatalogUpdate,
} from '@accesspackage/types';
import { Router } from 'express';
import { callerOf } from '../auth.js';
import { collectionContext, entityContext } from '../odata-context.js';
import type { Store } from '../store.js';

const ENTITY_SET = 'identityGovernance/entitlementManagement/accessPackageCatalogs';

/** Bodies reaching these handlers were validated against the contract by express-openapi-validator. */
export function catalogRoutes(store: Store): Router {
  const router = Router();

  router.get(`/${ENTITY_SET}`, (req, res) => {
    const page: AccessPackageCatalogCollectionResponse = {
      '@odata.context': collectionContext(req, ENTITY_SET),
      value: store.listCatalogs(),
    };
    res.json(page);
  });

  router.post(`/${ENTITY_SET}`, (req, res) => {
    const created = store.createCatalog(req.body as AccessPackageCatalogCreate, callerOf(res).name);
    res.status(201).json({ '@odata.context': entityContext(req, ENTITY_SET), ...created } satisfies AccessPackageCatalog);
  });

  router.get(`/${ENTITY_SET}/:accessPackageCatalogId`, (req, res) => {
    const found = store.getCatalog(req.params.accessPackageCatalogId);
    res.json({ '@odata.context': entityContext(req, ENTITY_SET), ...found } satisfies AccessPackageCatalog);
  });

  router.patch(`/${ENTITY_SET}/:accessPackageCatalogId`, (req, res) => {
    store.updateCatalog(req.params.accessPackageCatalogId, req.body as AccessPackageCatalogUpdate, callerOf(res).name);
    res.status(204).end();
  });

  router.delete(`/${ENTITY_SET}/:accessPackageCatalogId`, (req, res) => {
    store.deleteCatalog(req.params.accessPackageCatalogId);
    res.status(204).end();
  });

  return router;
}
