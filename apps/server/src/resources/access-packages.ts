import type { AccessPackage, AccessPackageCreate, AccessPackageUpdate } from '@accesspackage/types';
import { type Request, type Response, Router } from 'express';
import { callerOf } from '../http/authentication.js';
import { entityView, listView, type ResourceShape } from './views.js';
import type { Store, StoredAccessPackage } from '../store/store.js';

const ENTITY_SET = 'identityGovernance/entitlementManagement/accessPackages';
// The seed page's path; Graph's context for it names the top-level entity set.
const SEED_ENTITY_SET = 'accessPackages';

export interface CollectionOptions {
  pageSize: number;
}

export function accessPackageShape(store: Store): ResourceShape<StoredAccessPackage> {
  return {
    typeName: 'microsoft.graph.accessPackage',
    entitySet: ENTITY_SET,
    filterable: {
      displayName: 'string',
      description: 'string',
      catalogId: 'string',
      isHidden: 'boolean',
      isRoleScopesVisible: 'boolean',
      createdDateTime: 'datetime',
      modifiedDateTime: 'datetime',
    },
    selectable: [
      'id',
      'catalogId',
      'displayName',
      'description',
      'isHidden',
      'isRoleScopesVisible',
      'createdBy',
      'createdDateTime',
      'modifiedBy',
      'modifiedDateTime',
      'uniqueName',
    ],
    orderable: ['displayName', 'createdDateTime', 'modifiedDateTime'],
    expandable: {
      accessPackageCatalog: (pkg) => (pkg.catalogId ? store.findCatalog(pkg.catalogId) : undefined) ?? null,
    },
  };
}

/** Bodies reaching these handlers were validated against the contract by express-openapi-validator. */
export function accessPackageRoutes(store: Store, options: CollectionOptions): Router {
  const router = Router();
  const shape = accessPackageShape(store);

  const create = (entitySet: string) => (req: Request, res: Response) => {
    const created = store.createAccessPackage(req.body as AccessPackageCreate, callerOf(res).name);
    res.status(201).json(entityView(req, created, shape, entitySet) as AccessPackage);
  };

  router.post(`/${SEED_ENTITY_SET}`, create(SEED_ENTITY_SET));
  router.post(`/${ENTITY_SET}`, create(ENTITY_SET));

  router.get(`/${ENTITY_SET}`, (req, res) => {
    res.json(listView(req, store.listAccessPackages(), shape, options.pageSize));
  });

  router.get(`/${ENTITY_SET}/:accessPackageId`, (req, res) => {
    res.json(entityView(req, store.getAccessPackage(req.params.accessPackageId), shape));
  });

  router.patch(`/${ENTITY_SET}/:accessPackageId`, (req, res) => {
    store.updateAccessPackage(req.params.accessPackageId, req.body as AccessPackageUpdate, callerOf(res).name);
    res.status(204).end();
  });

  router.delete(`/${ENTITY_SET}/:accessPackageId`, (req, res) => {
    store.deleteAccessPackage(req.params.accessPackageId);
    res.status(204).end();
  });

  return router;
}
