export { type AppOptions, createApp, DEFAULT_PAGE_SIZE, SPEC_PATH } from './app.js';
export { type AuthenticatorOptions, type AuthMode, type Caller, signJwt } from './auth/index.js';
export { DataFileError, loadDataFile, parseStubData } from './data-file.js';
export {
  createDevToken,
  DEV_TENANT_ID,
  DEV_TOKEN_SECRET,
  type DevTokenOptions,
  devTokenClaims,
  GRAPH_AUDIENCE,
} from './dev-token.js';
export { GraphError } from './graph-error.js';
export { GRAPH_JSON_CONTENT_TYPE } from './graph-headers.js';
export { createLogger, type Logger, type LogLevel } from './logger.js';
export { type RunningServer, type StartOptions, startServer } from './server.js';
export { SIMULATED_STATUSES, type SimulatedStatus, type SimulationOptions, seededRandom } from './simulation.js';
export { GENERAL_CATALOG_ID, Store, type StoredAccessPackage, type StoredCatalog, type StubData } from './store.js';
export { createDevCertificate, type TlsMaterial } from './tls.js';
