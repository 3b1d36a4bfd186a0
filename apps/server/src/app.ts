import { statSync } from 'node:fs';
import * as OpenApiValidator from '@accesspackage/express-openapi-validator';
import {
  SPEC_PATH as CONTRACT_PATH,
  type Contract,
  loadContract,
  readApiBasePaths,
  readOperations,
} from '@accesspackage/openapi';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { createDevToken } from './auth/dev-token.js';
import { type AuthenticatorOptions, createAuthenticator } from './auth/index.js';
import { type Clock, createClock, createTenantClocks } from './graph/clock.js';
import { requireJsonAccept } from './http/accept.js';
import { authMiddleware } from './http/authentication.js';
import {
  boundBody,
  dropODataAnnotations,
  requireBodyWhenSent,
  requireUtf8Json,
  verifyJsonBytes,
} from './http/body-rules.js';
import { compose, outside, under } from './http/compose.js';
import { type CorsOrigins, cors } from './http/cors.js';
import { graphErrorHandler, unknownRoute } from './http/error-handler.js';
import { headAsGet } from './http/head.js';
import { hostRules } from './http/hosts.js';
import { createJournal, DEFAULT_JOURNAL_SIZE } from './http/journal.js';
import { sendJson } from './http/json-answers.js';
import { type Logger, requestLogger, silentLogger } from './http/logging.js';
import { requestIds } from './http/request-ids.js';
import { securityHeaders } from './http/security-headers.js';
import { refuseNulInUrl } from './http/url-rules.js';
import { encodeFunctionSegments, routeablePath } from './odata/index.js';
import { optionalDollar } from './odata/optional-dollar.js';
import { queryRules } from './odata/query-rules.js';
import {
  bodyOptionalOf,
  DEFAULT_MAX_ITEMS,
  defaultResources,
  type Resource,
  requirementsOf,
  resourceRouter,
} from './resources/index.js';
import { openStore } from './store/sql/open.js';
import { StoreUnavailableError } from './store/sql/sql-store.js';
import { DEFAULT_MAX_TENANTS, type Store, type StubData } from './store/store.js';
import { adminRoutes } from './stub/admin.js';
import { docsRoutes } from './stub/docs.js';
import { createSimulation, type SimulationOptions, simulationEnabled } from './stub/simulation.js';

/** The contract this stub serves and validates against. */
export const SPEC_PATH: string = CONTRACT_PATH;

/** Graph's page size for this API is undocumented; the contract chooses 100. */
export const DEFAULT_PAGE_SIZE = 100;

export { DEFAULT_MAX_ITEMS };

export interface AppOptions {
  /** Every tenant's data; pass one to inspect or share it. Default: a store opened on `database`. */
  store?: Store;
  /**
   * Where tenants' data lives: nothing or `:memory:` (a fresh in-memory SQLite database), a file
   * path (SQLite, kept across restarts) or a `postgres://` URL (shared by several stubs). Ignored with `store`.
   */
  database?: string;
  /** Start-up data besides the General catalog; `POST /_stub/reset` restores it. Ignored with `store`. */
  data?: StubData;
  /**
   * Validate every response against the contract too, turning a drifting response into a 500.
   * Off by default (it costs time per request); the tests always turn it on.
   */
  validateResponses?: boolean;
  /** How tokens are checked. Default: claims are read without verifying the signature. */
  auth?: AuthenticatorOptions;
  /** Latency, random transient errors and throttling. Default: none. */
  simulation?: SimulationOptions;
  /** Items per page when the caller gives no `$top`. */
  pageSize?: number;
  /** How many items (access packages and catalogs together) the tenant may hold; creates past it answer 507. Default 100000. */
  maxItems?: number;
  /** How many tenants the stub may hold; a request of a new tenant past it answers 507. Default DEFAULT_MAX_TENANTS. */
  maxTenants?: number;
  /**
   * How long after its submission an assignment request is processed (delivered, or on to approval), in
   * milliseconds of the stub's clock; clients poll for it as on Graph. Default DEFAULT_DELIVERY_DELAY_MS.
   */
  deliveryDelayMs?: number;
  /** The stub's time, which `/_stub/clock` moves; pass one to move it from a test in-process. Default: a new one. */
  clock?: Clock;
  /** Where request lines and the stub's own failures go. Default: nowhere. */
  logger?: Logger;
  /**
   * The contract to serve and validate against. Default: openapi/accesspackage.yaml. With another
   * contract, pass the resources that handle its operations too.
   */
  specPath?: string;
  /** The resources that handle the contract's operations. Default: every resource of the stub. */
  resources?: readonly Resource[];
  /**
   * The stub's URL as clients reach it, e.g. `https://stub.example.com` behind a proxy: links
   * (`@odata.context`, `@odata.nextLink`) start with it, and its host is one the stub answers to.
   * Default: links name the address each connection came in on; a Host header never shapes them.
   */
  publicUrl?: string;
  /** The address the server listens on (startServer passes its `host`): a name here is one more the stub answers to. */
  listenHost?: string;
  /** Web origins that may call `/beta` from a browser: `'*'` (default, as Graph) or a list; `[]` for none. */
  corsOrigins?: CorsOrigins;
  /**
   * The token the admin routes (`/_stub/*`) require, as `Authorization: Bearer <token>`. Default: none
   * is needed (startServer makes one up when it listens beyond loopback).
   */
  adminToken?: string;
  /**
   * How many of the last API requests `GET /_stub/requests` keeps (method, path, status, Graph error, body with secrets
   * redacted); 0 keeps none. Default DEFAULT_JOURNAL_SIZE.
   */
  journalSize?: number;
}

/**
 * The contract as served under another version than its root servers' (`/v1.0`): only the paths whose
 * own servers name it, with that version as the only server. express-openapi-validator reads only root
 * servers, so each further version gets a validator of its own over this document.
 */
function contractServedAt(contract: Contract, version: string, root: boolean): Contract {
  const copy = structuredClone(contract) as Contract & { paths: Record<string, Record<string, unknown>> };
  const operations = Object.values(readOperations(contract));
  if (!root) copy.servers = [{ url: version }];
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(copy.paths)) {
    if (!root && !operations.some((op) => op.path === path && op.servers.includes(version))) continue;
    if (!root) delete item.servers;
    // An OData function's `(on='...')` in the spelling requests are routed in (odata/function-segments.ts).
    paths[routeablePath(path)] = item;
  }
  copy.paths = paths;
  return copy;
}

/**
 * What one process reads and compiles of a contract file, kept while the file is unchanged (its path, size and
 * modification time): parsing the YAML and compiling the validator's schemas take most of a start-up, and a test
 * process starts dozens of stubs on the same contract. Neither holds any state of a stub.
 */
const compiled = new Map<string, unknown>();

function onceFor<T>(specPath: string, key: string, make: () => T): T {
  const { size, mtimeMs } = statSync(specPath);
  const id = `${specPath}\u0000${size}\u0000${mtimeMs}\u0000${key}`;
  if (!compiled.has(id)) compiled.set(id, make());
  return compiled.get(id) as T;
}

const compiledContract = (specPath: string): Contract => onceFor(specPath, 'contract', () => loadContract(specPath));

// The validator of the contract as served under `version`. It compiles its schemas on its first request and keeps
// them: one per contract, version and response checking, shared by every app of the process.
function validatorFor(
  specPath: string,
  contract: Contract,
  version: string,
  root: boolean,
  validateResponses: boolean,
): ReturnType<typeof OpenApiValidator.middleware> {
  return onceFor(specPath, `validator ${version} ${root} ${validateResponses}`, () =>
    OpenApiValidator.middleware({
      // Each validator gets a document of its own, which it may change.
      apiSpec: contractServedAt(contract, version, root) as never,
      validateRequests: { allowUnknownQueryParameters: false, allErrors: true },
      validateResponses,
      // Authentication is authMiddleware's job, so its errors are Graph's and come before validation.
      validateSecurity: false,
      // The contract takes no multipart bodies, so no request needs the multipart middleware's look at it.
      fileUploader: false,
      // Checking the document itself against the OpenAPI schema took about half a second of every start. The
      // stub's own contract is checked once, by its tests (validator.test.ts); another contract still is here,
      // once: the other versions' documents are cut from the same one.
      validateApiSpec: root && specPath !== SPEC_PATH,
    }),
  );
}

/** Builds the stub's express app without listening; the CLI and the tests both start from here. */
export function createApp(options: AppOptions = {}): Express {
  const store = options.store ?? openStore(options.database, options.data);
  // Built first so that a strict mode without keys fails at start-up, not on the first request.
  const authenticator = createAuthenticator(options.auth);
  const simulation = simulationEnabled(options.simulation) ? createSimulation(options.simulation) : undefined;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const specPath = options.specPath ?? SPEC_PATH;
  const contract = compiledContract(specPath);
  // Built before the app so that a contract and resources that do not fit fail at start-up.
  const maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
  const clock = options.clock ?? createClock();
  const clocks = createTenantClocks(clock);
  const logger = options.logger ?? silentLogger;
  const journal = createJournal(options.journalSize ?? DEFAULT_JOURNAL_SIZE);
  const resources = resourceRouter(contract, options.resources ?? defaultResources, {
    store,
    pageSize,
    maxItems,
    maxTenants: options.maxTenants ?? DEFAULT_MAX_TENANTS,
    clocks,
    logger,
    ...(options.deliveryDelayMs === undefined ? {} : { deliveryDelayMs: options.deliveryDelayMs }),
  });
  // `/beta`, and `/v1.0` where the contract serves directory objects.
  const versions = readApiBasePaths(contract);
  const rootVersions = readApiBasePaths({ ...contract, paths: {} });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Flat names only (node:querystring, no `a[b]=` objects); odata/query-rules.ts refuses bracketed names outright.
  app.set('query parser', 'simple');
  sendJson(app);

  const corsFor = cors(options.corsOrigins ?? '*');
  // The docs page's "Try it out" works at once where the stub reads claims unverified (its default).
  const devToken =
    authenticator.mode === 'claims'
      ? (scopes = ['EntitlementManagement.ReadWrite.All']) => ({ token: createDevToken({ scopes }), scopes })
      : undefined;
  const validateResponses = options.validateResponses ?? false;
  const rootVersion = rootVersions[0] ?? '/beta';
  const otherVersions = versions.filter((v) => !rootVersions.includes(v));

  // One express layer does the work of the many app.use calls it would take (http/compose.ts): the same middleware in
  // the same order, and mounts become `under`/`outside`, so express's router walks one layer per request, not nine,
  // and parses no URL again after trimming a mount path.
  app.use(
    compose([
      // Every answer carries Graph's ids and content type; only then is the Host checked, so even that refusal is Graph's.
      requestIds,
      requestLogger(logger),
      securityHeaders,
      hostRules({ listenHost: options.listenHost, publicUrl: options.publicUrl }),
      headAsGet,
      refuseNulInUrl,
      // The docs and admin routes live outside the API's versions, so API requests pass them by.
      outside(
        versions,
        compose([
          under(['/openapi.yaml'], corsFor),
          docsRoutes(specPath, { devToken, contract }),
          adminRoutes(store, () => simulation?.reset(), {
            adminToken: options.adminToken,
            journal,
            clocks,
            authenticator,
            maxTenants: options.maxTenants ?? DEFAULT_MAX_TENANTS,
          }),
        ]),
      ),
      under(
        versions,
        compose([
          // First, so that every request is kept, those refused before their token is read included.
          journal.middleware,
          corsFor,
          // Throttling and transient failures come from Graph's front door, before anything else happens.
          ...(simulation ? [simulation.middleware] : []),
          // Graph checks the token before it reads the body, so a caller without one learns that first.
          encodeFunctionSegments,
          requireJsonAccept,
          queryRules,
          optionalDollar,
          authMiddleware(authenticator, requirementsOf(contract)),
          requireUtf8Json,
          express.json({ limit: '1mb', verify: verifyJsonBytes }),
          requireBodyWhenSent(bodyOptionalOf(contract)),
          boundBody,
          dropODataAnnotations,
          // A request meets only its own version's validator (which matches routes on the original URL).
          under([rootVersion], compose(validatorFor(specPath, contract, rootVersion, true, validateResponses))),
          ...otherVersions.map((version) =>
            under([version], compose(validatorFor(specPath, contract, version, false, validateResponses))),
          ),
          resources,
        ]),
      ),
      unknownRoute,
    ]),
  );
  // A database out of reach for now answers 503 with Retry-After, which clients retry, not a 500 that reads as a bug.
  app.use(((err, _req, _res, next) =>
    next(err instanceof StoreUnavailableError ? err.asGraphError() : err)) as ErrorRequestHandler);
  app.use(
    graphErrorHandler({
      onInternalError: (err, requestId) =>
        logger.error({ err, requestId }, 'the stub failed while answering a request'),
    }),
  );
  return app;
}
