import {
  type OperationRoles,
  type RoleScope,
  type RolesInfo,
  rolesAllowing,
  type ScopeLocator,
} from '@accesspackage/openapi';
import type { Caller } from '../auth/caller.js';
import { forbidden } from '../auth/failures.js';
import { callerObjectId, createdByOf } from '../auth/identity.js';
import {
  catalogOfScope,
  catalogScope,
  type Reach,
  type RoleGrant,
  reaches,
  reachOf,
  TENANT_SCOPE,
  tokenGrants,
} from '../auth/roles.js';
import type { GraphHttpError } from '../graph/http-error.js';
import { anyOf, equals, NOTHING } from '../odata/conditions.js';
import type { Condition } from '../odata/filter-syntax.js';
import { CREATED_BY_OBJECT, OF_PACKAGE, TARGET_OBJECT } from '../store/references.js';
import type { TenantStore } from '../store/store.js';
import { approvesAnyStage } from './lifecycle/approval-flow.js';
import { APPROVAL } from './lifecycle/keys.js';

// Entitlement Management's roles, checked before an operation's handler runs: what the operation needs is its
// `x-roles` (read from the contract by readRoles); what the caller holds, its token's roles and the role
// assignments stored for its `oid`.

export const ROLE_ASSIGNMENT = 'unifiedRoleAssignment';
export const ROLE_DEFINITION = 'unifiedRoleDefinition';

/** What the check lets the handler know: for a list, the items the caller's roles let it see. */
export interface Clearance {
  visible?: Condition;
}

interface CheckInput {
  caller: Caller;
  store: TenantStore;
  path: Record<string, string>;
  body: unknown;
  /** An application's 403 for the permission it lacks: only a role given to its service principal stands in. */
  missingPermission?: GraphHttpError | undefined;
}

/** Every role the caller holds in this tenant: by its token, and by the assignments stored for its `oid`. */
export async function grantsOf(store: TenantStore, caller: Caller, roles: RolesInfo): Promise<RoleGrant[]> {
  const grants = tokenGrants(caller, roles);
  const oid = callerObjectId(caller);
  if (oid === undefined || caller.kind === 'anonymous') return grants;
  for (const assignment of await store.where(ROLE_ASSIGNMENT, 'principalId', oid)) {
    const role = roles.definitions.find((r) => r.id === assignment.roleDefinitionId);
    if (role && typeof assignment.appScopeId === 'string')
      grants.push({ role, scope: assignment.appScopeId, from: `role assignment ${assignment.id}` });
  }
  return grants;
}

function valueAt(input: CheckInput, locator: ScopeLocator): string | undefined {
  let value: unknown = locator.source === 'path' ? input.path[locator.name] : input.body;
  if (locator.source === 'body') {
    for (const key of locator.name.split('.')) {
      value =
        typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as never)[key] : undefined;
    }
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The catalog a stored object is in, or undefined when it (or what places it) does not exist. */
async function catalogOf(store: TenantStore, entity: string, id: string): Promise<string | undefined> {
  const packageCatalog = async (packageId: unknown) =>
    typeof packageId === 'string' ? (await store.get('accessPackage', packageId))?.catalogId : undefined;
  switch (entity) {
    case 'accessPackageCatalog':
      return (await store.get('accessPackageCatalog', id))?.id;
    case 'accessPackage':
      return packageCatalog(id);
    case 'accessPackageAssignmentPolicy':
      return packageCatalog((await store.get('accessPackageAssignmentPolicy', id))?.accessPackageId);
    case 'accessPackageAssignmentRequest':
      return packageCatalog((await store.get('accessPackageAssignmentRequest', id))?.[OF_PACKAGE]);
    case 'accessPackageAssignment':
      return packageCatalog((await store.get('accessPackageAssignment', id))?.accessPackageId);
    case 'accessPackageResourceRequest':
      return (await store.get('accessPackageResourceRequest', id))?.catalogId ?? undefined;
    default:
      return undefined;
  }
}

/** The role scope one locator finds: undefined when it finds no value, null when the value places nothing. */
async function scopeAt(input: CheckInput, alternatives: ScopeLocator[]): Promise<string | null | undefined> {
  for (const locator of alternatives) {
    const value = valueAt(input, locator);
    if (value === undefined) continue;
    if (locator.entity === undefined) return catalogScope(value);
    if (locator.entity === 'appScope') return value;
    if (locator.entity === ROLE_ASSIGNMENT) {
      const scope = (await input.store.get(ROLE_ASSIGNMENT, value))?.appScopeId;
      return typeof scope === 'string' ? scope : null;
    }
    const catalog = await catalogOf(input.store, locator.entity, value);
    return catalog === undefined ? null : catalogScope(catalog);
  }
  return undefined;
}

/** The id the operation's object has (the first locator's value), for `own` and `approver`. */
function objectId(input: CheckInput, scope: RoleScope): { entity?: string; id: string } | undefined {
  if (scope.kind !== 'object') return undefined;
  for (const locator of scope.all[0] ?? []) {
    const id = valueAt(input, locator);
    if (id !== undefined) return { ...(locator.entity === undefined ? {} : { entity: locator.entity }), id };
  }
  return undefined;
}

/** Whether the caller is exempt from the role: the object is its own, it asks for itself, or it approves. */
async function exempt(rule: Extract<OperationRoles, { action: string }>, input: CheckInput): Promise<boolean> {
  const oid = callerObjectId(input.caller);
  if (rule.except === undefined || oid === undefined || input.caller.kind !== 'delegated') return false;
  if (rule.except === 'selfService') {
    const body = (input.body ?? {}) as { requestType?: unknown; subject?: { objectId?: unknown } };
    if (typeof body.requestType === 'string') return /^user/i.test(body.requestType);
    const asked = body.subject?.objectId;
    return asked === undefined || (typeof asked === 'string' && asked.toLowerCase() === oid);
  }
  const object = objectId(input, rule.scope);
  if (!object) return false;
  if (rule.except === 'approver') {
    const approval = await input.store.get(APPROVAL, object.id);
    return approval !== undefined && (await approvesAnyStage(input.store, oid, approval));
  }
  if (object.entity === 'accessPackageAssignmentRequest') {
    // Its creator may act on it; the user it is for (an administrator's AdminAdd) may read it too.
    const request = await input.store.get('accessPackageAssignmentRequest', object.id);
    const reading = rule.action.endsWith('/Read');
    return (
      request !== undefined &&
      (request[CREATED_BY_OBJECT] === createdByOf(input.caller) || (reading && request[TARGET_OBJECT] === oid))
    );
  }
  if (object.entity === 'accessPackageAssignment')
    return (await input.store.get('accessPackageAssignment', object.id))?.[TARGET_OBJECT] === oid;
  if (object.entity === ROLE_ASSIGNMENT)
    return (await input.store.get(ROLE_ASSIGNMENT, object.id))?.principalId === oid;
  return false;
}

async function packagesIn(store: TenantStore, catalogs: Iterable<string>): Promise<string[]> {
  const ids: string[] = [];
  for (const catalog of catalogs)
    for (const item of await store.where('accessPackage', 'catalogId', catalog)) ids.push(item.id);
  return ids;
}

/** What a catalog-scoped caller sees of a collection: the items of its catalogs. */
async function visibleIn(store: TenantStore, entity: string, reach: Reach, caller: Caller): Promise<Condition> {
  const catalogs = [...reach.catalogs];
  switch (entity) {
    case 'accessPackageCatalog':
      return anyOf('id', catalogs);
    case 'accessPackage':
    case 'accessPackageResourceRequest':
      return anyOf('catalogId', catalogs);
    case 'accessPackageAssignmentPolicy':
    case 'accessPackageAssignment':
      return anyOf('accessPackageId', await packagesIn(store, catalogs));
    case 'accessPackageAssignmentRequest':
      return anyOf(OF_PACKAGE, await packagesIn(store, catalogs));
    case ROLE_ASSIGNMENT: {
      const oid = callerObjectId(caller);
      const scoped = anyOf('appScopeId', catalogs.map(catalogScope));
      return oid === undefined ? scoped : { kind: 'or', operands: [scoped, equals('principalId', oid)] };
    }
    default:
      return NOTHING;
  }
}

function denied(roles: RolesInfo, action: string, scope: string, grants: readonly RoleGrant[]) {
  const names = rolesAllowing(roles, action).map((role) => role.displayName);
  const where = scope === TENANT_SCOPE ? 'tenant-wide (/)' : `in the catalog ${catalogOfScope(scope)} (${scope})`;
  const held =
    grants.length === 0
      ? 'none'
      : grants.map((grant) => `${grant.role.displayName} at ${grant.scope} (${grant.from})`).join(', ');
  return forbidden('User is not authorized to perform the operation. Reason: Unauthorized', [
    {
      code: 'UnAuthorized',
      message: `${action} needs one of these roles ${where}: ${names.join(', ')}; the caller holds ${held}. Assign one through roleManagement/entitlementManagement/roleAssignments, or ask the stub for a token with --roles.`,
      target: 'role',
    },
  ]);
}

/**
 * The role check of every operation that has `x-roles`: throws Graph's 403 when the caller holds no role that allows
 * the operation where it acts, and for a list, says which items the caller may see.
 */
export function createRoleCheck(roles: RolesInfo): (operationId: string, input: CheckInput) => Promise<Clearance> {
  return async (operationId, input) => {
    const rule = roles.operations[operationId];
    if (rule === undefined || 'anyone' in rule) {
      if (input.missingPermission) throw input.missingPermission;
      return {};
    }
    const grants = await grantsOf(input.store, input.caller, roles);
    const reach = reachOf(grants, rule.action);
    const { scope } = rule;
    if (reach.everywhere) return {};
    if (scope.kind === 'tenant') throw denied(roles, rule.action, TENANT_SCOPE, grants);
    if (scope.kind === 'list') {
      if (reach.catalogs.size === 0) throw denied(roles, rule.action, TENANT_SCOPE, grants);
      return { visible: await visibleIn(input.store, scope.entity, reach, input.caller) };
    }
    for (const alternatives of scope.all) {
      const found = await scopeAt(input, alternatives);
      // A user's own request that is gone is a 404, as for any end user: the exemption cannot apply to nothing.
      if (found === null && rule.except !== undefined) continue;
      // Nothing to place (no value, or an object that does not exist): only a caller holding it everywhere goes on.
      const where = found ?? TENANT_SCOPE;
      if (!reaches(reach, where) && !(await exempt(rule, input))) throw denied(roles, rule.action, where, grants);
    }
    return {};
  };
}
