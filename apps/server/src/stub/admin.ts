import { type RequestHandler, Router } from 'express';
import { GraphHttpError } from '../graph/http-error.js';
import type { Store } from '../store/store.js';

// The admin routes take nothing; saying so beats silently ignoring a misspelled intent.
const noInput: RequestHandler = (req, _res, next) => {
  const options = Object.keys(req.query);
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

/**
 * Stub-only routes, outside `/beta` and without a token, so test suites can check readiness and
 * restore the start-up data between tests.
 */
export function adminRoutes(store: Store, onReset: () => void): Router {
  const router = Router();
  const started = Date.now();
  const uptimeSeconds = () => Math.round((Date.now() - started) / 100) / 10;

  router.use('/_stub', noInput);
  router.get('/_stub/health', (_req, res) => {
    res.json({ status: 'ok', ...store.counts(), uptimeSeconds: uptimeSeconds() });
  });
  router.post('/_stub/reset', (_req, res) => {
    store.reset();
    onReset();
    res.json({ status: 'reset', ...store.counts(), uptimeSeconds: uptimeSeconds() });
  });
  return router;
}
