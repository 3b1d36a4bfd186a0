export { type AppOptions, createApp, DEFAULT_MAX_ITEMS, DEFAULT_PAGE_SIZE, SPEC_PATH } from './app.js';
export {
  createDevToken,
  DEV_TENANT_ID,
  DEV_TOKEN_SECRET,
  type DevTokenOptions,
  devTokenClaims,
  GRAPH_AUDIENCE,
} from './auth/dev-token.js';
export { type AuthenticatorOptions, type AuthMode, type Caller, signJwt } from './auth/index.js';
export { addDuration, type Clock, type ClockOptions, createClock } from './graph/clock.js';
export { GraphHttpError } from './graph/http-error.js';
export { GRAPH_JSON_CONTENT_TYPE } from './http/json-answers.js';
export { createLogger, type Logger, type LogLevel } from './http/logging.js';
export { createDevCertificate, type TlsMaterial } from './http/tls.js';
// What an extended contract's `resources` option starts from: every resource the stub serves.
export { defaultResources, type Resource } from './resources/index.js';
export { type RunningServer, type StartOptions, startServer } from './server.js';
export { DataFileError, loadDataFile, parseStubData } from './store/data-file.js';
export { openStore } from './store/sql/open.js';
export { StoreError } from './store/sql/sql-store.js';
export {
  GENERAL_CATALOG_ID,
  type ListQuery,
  type ListResult,
  type Store,
  type StoreCounts,
  type StoredAccessPackage,
  type StoredCatalog,
  type StoredEntity,
  type StubData,
  type TenantStore,
} from './store/store.js';
export { SIMULATED_STATUSES, type SimulatedStatus, type SimulationOptions, seededRandom } from './stub/simulation.js';
