import express, { type Express } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { requireBearer } from './auth.js';
import { requireBodyWhenSent } from './body.js';
import { graphErrorHandler, unknownRoute } from './errors.js';
import { requestIds } from './request-ids.js';
import { accessPackageRoutes } from './routes/access-packages.js';
import { catalogRoutes } from './routes/catalogs.js';
import { Store } from './store.js';

/** The contract this stub serves and validates against. */
export const SPEC_PATH: string = require.resolve('@accesspackage/openapi/accesspackage.yaml');

export interface AppOptions {
  /** The tenant's data; pass one to inspect or share it. A fresh store holds only the General catalog. */
  store?: Store;
  /**
   * Validate every response against the contract too, turning a drifting response into a 500.
   * Off by default (it costs time per request); the tests always turn it on.
   */
  validateResponses?: boolean;
  /** Called with errors that are the stub's own fault, so they can be logged. */
  onInternalError?: (err: unknown, requestId: string) => void;
}

/** Builds the stub's express app without listening; the CLI and the tests both start from here. */
export function createApp(options: AppOptions = {}): Express {
  const store = options.store ?? new Store();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(requestIds);
  // Graph checks the token before it reads the body, so a caller without one learns that first.
  app.use('/beta', requireBearer, express.json({ limit: '1mb' }), requireBodyWhenSent);
  app.use(
    OpenApiValidator.middleware({
      apiSpec: SPEC_PATH,
      validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
      validateResponses: options.validateResponses ?? false,
      // Authentication is requireBearer's job, so its errors are Graph's and come before validation.
      validateSecurity: false,
    }),
  );
  app.use('/beta', accessPackageRoutes(store), catalogRoutes(store));
  app.use(unknownRoute);
  app.use(graphErrorHandler({ onInternalError: options.onInternalError }));
  return app;
}
