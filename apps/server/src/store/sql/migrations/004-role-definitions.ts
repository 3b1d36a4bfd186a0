import { roleDefinitions } from '../../role-definitions.js';
import type { Migration } from './index.js';

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

// Tenants made before roles existed get the five definitions a new tenant is seeded with.
const statements = roleDefinitions().map(
  (role) =>
    `INSERT INTO entities (tenant_id, entity, id, data) SELECT id, 'unifiedRoleDefinition', ${quoted(role.id)}, ${quoted(JSON.stringify(role))} FROM tenants`,
);

/** Entitlement Management's role definitions in every tenant that existed before them. */
export const roleDefinitionsInEveryTenant: Migration = {
  version: 4,
  name: 'role definitions in every tenant',
  sqlite: statements,
  postgres: statements,
};
