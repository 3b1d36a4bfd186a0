import type {
  AccessPackage,
  AccessPackageCollectionResponse,
  AccessPackageCreate,
  AccessPackageUpdate,
} from '@accesspackage/types';
import { type Request, type Response, Router } from 'express';
import { callerOf } from '../auth.js';
import { collectionContext, entityContext } from '../odata-context.js';
import type { Store } from '../store.js';

const ENTITY_SET = 'identityGovernance/entitlementManagement/accessPackages';
// The seed page's path; Graph's context for it names the top-level entity set.
const SEED_ENTITY_SET = 'accessPackages';

/** Bodies reaching these handlers were validated against the contract by express-openapi-validator. */
export function accessPackageRoutes(store: Store): Router {
  const router = Router();

  const create = (entitySet: string) => (req: Request, res: Response) => {
    const created = store.createAccessPackage(req.body as AccessPackageCreate, callerOf(res).name);
    res.status(201).json({ '@odata.context': entityContext(req, entitySet), ...created } satisfies AccessPackage);
  };

  router.post(`/${SEED_ENTITY_SET}`, create(SEED_ENTITY_SET));
  router.post(`/${ENTITY_SET}`, create(ENTITY_SET));

  router.get(`/${ENTITY_SET}`, (req, res) => {
    const page: AccessPackageCollectionResponse = {
      '@odata.context': collectionContext(req, ENTITY_SET),
      value: store.listAccessPackages(),
    };
    res.json(page);
  });

  router.get(`/${ENTITY_SET}/:accessPackageId`, (req, res) => {
    const found = store.getAccessPackage(req.params.accessPackageId);
    res.json({ '@odata.context': entityContext(req, ENTITY_SET), ...found } satisfies AccessPackage);
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
