import { entities } from './001-entities.js';
import { itemCounts } from './002-item-counts.js';
import { nextDue } from './003-next-due.js';
import { roleDefinitionsInEveryTenant } from './004-role-definitions.js';
import { groupMembersByMember } from './005-group-members.js';

/** One step of the schema, for each engine. Applied in order, each once, recorded in `schema_version`. */
export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}

/** Every migration, oldest first. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  entities,
  itemCounts,
  nextDue,
  roleDefinitionsInEveryTenant,
  groupMembersByMember,
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
