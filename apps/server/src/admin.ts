import { Router } from 'express';
import type { Store } from './store.js';

/**
 * Stub-only routes, outside `/beta` and without a token, so test suites can check readiness and
 * restore the start-up data between tests.
 */
export function adminRoutes(store: Store, onReset: () => void): Router {
  const router = Router();
  const started = Date.now();
  const uptimeSeconds = () => Math.round((Date.now() - started) / 100) / 10;

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
