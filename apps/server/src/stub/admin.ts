import { type Request, type RequestHandler, Router } from 'express';
import { GraphHttpError } from '../graph/http-error.js';
import type { Store } from '../store/store.js';

// The admin routes take nothing; saying so beats silently ignoring a misspelled intent.
const noInput: RequestHandler = (req, _res, next) => {
  const options = Object.keys(req.query).filter((option) => option !== 'tenantId');
  if (options.length > 0) {
    next(
      new GraphHttpError(
        400,
        'BadRequest',
        `${req.path} takes no query options; remove ${options.map((o) => `'${o}'`).join(', ')}.`,
      ),
    );
    return;
  }
  if (Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding')) {
    next(new GraphHttpError(400, 'BadRequest', `${req.path} takes no request body; send the request without one.`));
    return;
  }
  next();
};

// `?tenantId=` narrows an admin route to one tenant; tenant ids are compared in lower case, as tokens' are.
function tenantIdOf(req: Request): string | undefined {
  const value = req.query.tenantId;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new GraphHttpError(
      400,
      'BadRequest',
      'tenantId must be given once, as a tenant id (a GUID), e.g. ?tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47.',
    );
  }
  return value.trim().toLowerCase();
}

/**
 * Stub-only routes, outside `/beta` and without a token, so test suites can check readiness and
 * restore the start-up data between tests.
 */
export function adminRoutes(store: Store, onReset: () => void): Router {
  const router = Router();
  const started = Date.now();
  const uptimeSeconds = () => Math.round((Date.now() - started) / 100) / 10;

  router.use('/_stub', noInput);
  router.get('/_stub/health', async (req, res) => {
    const counts = await store.counts(tenantIdOf(req));
    res.json({ status: 'ok', ...counts, database: store.engine, uptimeSeconds: uptimeSeconds() });
  });
  router.post('/_stub/reset', async (req, res) => {
    const tenantId = tenantIdOf(req);
    await store.reset(tenantId);
    onReset();
    const counts = await store.counts(tenantId);
    res.json({ status: 'reset', ...counts, database: store.engine, uptimeSeconds: uptimeSeconds() });
  });
  return router;
}
