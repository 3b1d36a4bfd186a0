import { accessPackages } from './access-packages.js';
import { catalogs } from './catalogs.js';
import type { Resource } from './resource.js';

export type { Handler, HandlerInput, Handlers, Reply, UntypedHandlers, UntypedReply } from './operation.js';
export { DEFAULT_MAX_ITEMS } from './quota.js';
export {
  type Crud,
  declareResource,
  type Resource,
  type ResourceContext,
  type ResourceDeclaration,
} from './resource.js';
export { resourceRouter } from './router.js';

/** Every resource the stub serves. */
export const defaultResources: readonly Resource[] = [accessPackages, catalogs];
