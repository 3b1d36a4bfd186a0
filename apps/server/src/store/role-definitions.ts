import { loadContract, readRoles } from '@accesspackage/openapi';
import type { StoredRoleDefinition } from './entities.js';

/**
 * Entitlement Management's five roles as Graph serves them, the same in every tenant (`id` equals `templateId`), from
 * the contract's `x-entitlement-management-roles`: every tenant is seeded with them, as with the General catalog.
 */
export function roleDefinitions(): StoredRoleDefinition[] {
  return readRoles(loadContract()).definitions.map((role) => ({
    id: role.id,
    displayName: role.displayName,
    description: role.displayName,
    isBuiltIn: true,
    isEnabled: true,
    templateId: role.id,
    version: '1.0',
    resourceScopes: ['/'],
    rolePermissions: [{ allowedResourceActions: role.allowedResourceActions, condition: null }],
  }));
}
