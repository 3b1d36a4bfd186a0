import { actionAllows, type RoleInfo, type RolesInfo } from '@accesspackage/openapi';
import type { Caller } from './caller.js';
import { READ, READ_WRITE } from './permissions.js';

// Which roles a caller holds by its token alone: directory roles (`wids`), the stub's `em_roles` claim, an app's
// permissions. Roles assigned through the API are the store's, added by resources/access.ts.

/** The stub's claim for Entitlement Management roles a dev token holds without an assignment in the store. */
export const EM_ROLES_CLAIM = 'em_roles';
/** A role held in every catalog. */
export const TENANT_SCOPE = '/';

/** The role scope of one catalog, as role assignments write it. */
export function catalogScope(catalogId: string): string {
  return `/AccessPackageCatalog/${catalogId}`;
}

/** The catalog a role scope names, or undefined for `/`. */
export function catalogOfScope(scope: string): string | undefined {
  return /^\/AccessPackageCatalog\/(.+)$/.exec(scope)?.[1];
}

/** One role held at one scope: `/`, or `/AccessPackageCatalog/{catalogId}`. */
export interface RoleGrant {
  role: RoleInfo;
  scope: string;
  /** Where the caller got it, for a 403's explanation: `wids`, `em_roles`, `roles`, an assignment's id. */
  from: string;
}

/** A role as a token's claim names it: `{ roleDefinitionId, appScopeId }`, the shape of a role assignment. */
export interface ClaimedRole {
  roleDefinitionId: string;
  appScopeId: string;
}

/**
 * Reads `--roles` names (`catalogOwner:{catalogId}`, `catalogCreator`, `globalReader`): directory roles go into
 * `wids`, Entitlement Management's into `em_roles`, at the catalog named after `:` or at `/` without one.
 */
export function readRoleNames(
  names: readonly string[],
  roles: Pick<RolesInfo, 'definitions' | 'directoryRoles'>,
): { directoryRoles: string[]; emRoles: ClaimedRole[] } {
  const directoryRoles: string[] = [];
  const emRoles: ClaimedRole[] = [];
  for (const text of names) {
    const [name = '', catalogId, ...rest] = text.trim().split(':');
    const directory = roles.directoryRoles.find((role) => role.name.toLowerCase() === name.toLowerCase());
    const definition = roles.definitions.find((role) => role.name.toLowerCase() === name.toLowerCase());
    if (rest.length > 0 || (!directory && !definition) || catalogId === '') {
      const known = [...roles.definitions, ...roles.directoryRoles].map((role) => role.name).join(', ');
      throw new Error(
        `"${text}" names no role: use one of ${known}, with ":{catalogId}" after an Entitlement Management role to hold it in one catalog.`,
      );
    }
    if (directory) {
      if (catalogId !== undefined)
        throw new Error(
          `"${text}": ${directory.displayName} is a directory role, held tenant-wide; drop ":${catalogId}".`,
        );
      directoryRoles.push(directory.id);
    } else if (definition) {
      if (definition.tenantOnly && catalogId !== undefined)
        throw new Error(`"${text}": ${definition.displayName} is held tenant-wide only; drop ":${catalogId}".`);
      emRoles.push({
        roleDefinitionId: definition.id,
        appScopeId: catalogId === undefined ? TENANT_SCOPE : catalogScope(catalogId),
      });
    }
  }
  return { directoryRoles, emRoles };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

function claimedRoles(claims: Record<string, unknown>): ClaimedRole[] {
  const value = Object.hasOwn(claims, EM_ROLES_CLAIM) ? claims[EM_ROLES_CLAIM] : undefined;
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is ClaimedRole =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as ClaimedRole).roleDefinitionId === 'string' &&
      typeof (item as ClaimedRole).appScopeId === 'string',
  );
}

// What an application permission, or authentication being off, stands for.
const EVERYTHING = 'microsoft.entitlementManagement/allEntities/allTasks';
const EVERY_READ = 'microsoft.entitlementManagement/allEntities/Read';
const standIn = (name: string, action: string): RoleInfo => ({
  id: name,
  name,
  displayName: name,
  allowedResourceActions: [action],
  tenantOnly: true,
});

/** The roles a caller holds by its token: its directory roles, its `em_roles`, an app's permissions. */
export function tokenGrants(caller: Caller, roles: Pick<RolesInfo, 'definitions' | 'directoryRoles'>): RoleGrant[] {
  if (caller.kind === 'anonymous')
    return [{ role: standIn('no authentication', EVERYTHING), scope: TENANT_SCOPE, from: 'authentication off' }];
  if (caller.kind === 'application') {
    // An app holds its permission tenant-wide, as on Graph; without one, only what is assigned to its service principal.
    if (caller.permissions.includes(READ_WRITE))
      return [
        { role: standIn(`the application permission ${READ_WRITE}`, EVERYTHING), scope: TENANT_SCOPE, from: 'roles' },
      ];
    if (caller.permissions.includes(READ))
      return [{ role: standIn(`the application permission ${READ}`, EVERY_READ), scope: TENANT_SCOPE, from: 'roles' }];
  }
  const grants: RoleGrant[] = [];
  if (caller.kind === 'delegated') {
    for (const id of strings(caller.claims.wids)) {
      const role = roles.directoryRoles.find((r) => r.id === id);
      if (role) grants.push({ role, scope: TENANT_SCOPE, from: 'wids' });
    }
  }
  for (const claimed of claimedRoles(caller.claims)) {
    const role = roles.definitions.find((r) => r.id === claimed.roleDefinitionId);
    if (role) grants.push({ role, scope: claimed.appScopeId, from: EM_ROLES_CLAIM });
  }
  return grants;
}

/** Where the grants allow `action`: everywhere (a grant at `/`), or in these catalogs. */
export interface Reach {
  everywhere: boolean;
  catalogs: Set<string>;
}

export function reachOf(grants: readonly RoleGrant[], action: string): Reach {
  const reach: Reach = { everywhere: false, catalogs: new Set() };
  for (const grant of grants) {
    if (!grant.role.allowedResourceActions.some((allowed) => actionAllows(allowed, action))) continue;
    const catalog = catalogOfScope(grant.scope);
    if (catalog === undefined) reach.everywhere = true;
    else reach.catalogs.add(catalog);
  }
  return reach;
}

/** Whether the reach covers a scope (`/` needs a grant at `/`). */
export function reaches(reach: Reach, scope: string): boolean {
  if (reach.everywhere) return true;
  const catalog = catalogOfScope(scope);
  return catalog !== undefined && reach.catalogs.has(catalog);
}
