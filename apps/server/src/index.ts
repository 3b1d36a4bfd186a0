export { type AppOptions, createApp, SPEC_PATH } from './app.js';
export { GraphError } from './graph-error.js';
export { type RunningServer, type StartOptions, startServer } from './server.js';
export { GENERAL_CATALOG_ID, Store, type StoredAccessPackage, type StoredCatalog } from './store.js';
export { createDevToken, DEV_TOKEN_SECRET, type DevTokenOptions, GRAPH_AUDIENCE } from './dev-token.js';
