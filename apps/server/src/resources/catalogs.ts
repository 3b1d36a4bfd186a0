import type { AccessPackageCatalog, AccessPackageCatalogCreate, AccessPackageCatalogUpdate } from '@accesspackage/types';
import { Router } from 'express';
import { callerOf } from '../http/authentication.js';
import { entityView, listView, type ResourceShape } from './views.js';
import { type Store, type StoredCatalog, withoutSeq } from '../store/store.js';
import type { CollectionOptions } from './access-packages.js';

const ENTITY_SET = 'identityGovernance/entitlementManagement/accessPackageCatalogs';

export function catalogShape(store: Store): ResourceShape<StoredCatalog> {
  return {
    typeName: 'microsoft.graph.accessPackageCatalog',
    entitySet: ENTITY_SET,
    filterable: {
      displayName: 'string',
      description: 'string',
      catalogType: 'string',
      catalogStatus: 'string',
      isExternallyVisible: 'boolean',
      createdDateTime: 'datetime',
      modifiedDateTime: 'datetime',
    },
    selectable: [
      'id',
      'displayName',
      'description',
      'catalogType',
      'catalogStatus',
      'isExternallyVisible',
      'createdBy',
      'createdDateTime',
      'modifiedBy',
      'modifiedDateTime',
    ],
    orderable: ['displayName', 'createdDateTime', 'modifiedDateTime'],
    expandable: {
      accessPackages: (catalog) =>
        store
          .listAccessPackages()
          .filter((pkg) => pkg.catalogId === catalog.id)
          .map(withoutSeq),
    },
  };
}

/** Bodies reaching these handlers were validated against the contract by express-openapi-validator. */
export function catalogRoutes(store: Store, options: CollectionOptions): Router {
  const router = Router();
  const shape = catalogShape(store);

  router.get(`/${ENTITY_SET}`, (req, res) => {
    res.json(listView(req, store.listCatalogs(), shape, options.pageSize));
  });

  router.post(`/${ENTITY_SET}`, (req, res) => {
    const created = store.createCatalog(req.body as AccessPackageCatalogCreate, callerOf(res).name);
    res.status(201).json(entityView(req, created, shape) as AccessPackageCatalog);
  });

  router.get(`/${ENTITY_SET}/:accessPackageCatalogId`, (req, res) => {
    res.json(entityView(req, store.getCatalog(req.params.accessPackageCatalogId), shape));
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
