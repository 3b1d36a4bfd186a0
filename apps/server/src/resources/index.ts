import { accessPackages } from './access-packages.js';
import { approvals } from './approvals.js';
import { assignmentRequests } from './assignment-requests.js';
import { assignments } from './assignments.js';
import { catalogResources, resourceRequests, resourceRoles, resourceScopes } from './catalog-resources.js';
import { catalogs } from './catalogs.js';
import { connectedOrganizations, subjects } from './connected-organizations.js';
import { customExtensions, extensionHandlers, extensionStageSettings } from './custom-extensions.js';
import { groups } from './groups.js';
import { policies } from './policies.js';
import type { Resource } from './resource.js';
import { roleAssignments, roleDefinitions } from './role-management.js';
import { roleScopes } from './role-scopes.js';
import { users } from './users.js';

export type { Handler, HandlerInput, Handlers, Reply, UntypedHandlers, UntypedReply } from './operation.js';
export { DEFAULT_MAX_ITEMS } from './quota.js';
export { bodyOptionalOf, requirementsOf } from './requirements.js';
export {
  type Crud,
  declareResource,
  type Resource,
  type ResourceContext,
  type ResourceDeclaration,
} from './resource.js';
export { DEFAULT_DELIVERY_DELAY_MS, resourceRouter } from './router.js';

/** Every resource the stub serves. */
export const defaultResources: readonly Resource[] = [
  accessPackages,
  catalogs,
  resourceRequests,
  catalogResources,
  resourceRoles,
  resourceScopes,
  roleScopes,
  policies,
  users,
  groups,
  assignmentRequests,
  assignments,
  approvals,
  roleDefinitions,
  roleAssignments,
  customExtensions,
  extensionHandlers,
  extensionStageSettings,
  connectedOrganizations,
  subjects,
];
