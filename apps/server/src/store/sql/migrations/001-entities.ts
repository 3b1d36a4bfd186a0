import type { Migration } from './index.js';

/**
 * One table holds every entity of every tenant, as JSON: adding a resource to the contract needs no
 * migration. `seq` numbers items in creation order; it is the stable position keyset paging uses.
 */
export const entities: Migration = {
  version: 1,
  name: 'tenants and entities',
  sqlite: [
    `CREATE TABLE tenants (id TEXT PRIMARY KEY, created_at TEXT NOT NULL)`,
    `CREATE TABLE entities (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       tenant_id TEXT NOT NULL,
       entity TEXT NOT NULL,
       id TEXT NOT NULL,
       data TEXT NOT NULL
     )`,
    `CREATE UNIQUE INDEX entities_by_id ON entities (tenant_id, entity, id)`,
    `CREATE INDEX entities_in_order ON entities (tenant_id, entity, seq)`,
  ],
  postgres: [
    `CREATE TABLE tenants (id TEXT PRIMARY KEY, created_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    `CREATE TABLE entities (
       seq BIGSERIAL PRIMARY KEY,
       tenant_id TEXT NOT NULL,
       entity TEXT NOT NULL,
       id TEXT NOT NULL,
       data JSON NOT NULL
     )`,
    `CREATE UNIQUE INDEX entities_by_id ON entities (tenant_id, entity, id)`,
    `CREATE INDEX entities_in_order ON entities (tenant_id, entity, seq)`,
  ],
};
