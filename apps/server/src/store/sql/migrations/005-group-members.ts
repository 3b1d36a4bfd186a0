import type { Migration } from './index.js';

// The literal names of store/references.ts (MEMBERSHIP, OF_MEMBER) as they were when this shipped: a migration never
// changes. SqlTenant.transitiveGroupsOf writes the same expressions, which is what lets the engines use the index.
/** The groups a member is in, found by an index, so that nested groups cost one lookup per group, not a scan. */
export const groupMembersByMember: Migration = {
  version: 5,
  name: 'group memberships by member',
  sqlite: [
    `CREATE INDEX entities_by_member ON entities (tenant_id, json_extract(data, '$."member/id"')) WHERE entity = 'groupMember'`,
  ],
  postgres: [
    `CREATE INDEX entities_by_member ON entities (tenant_id, (data->>'member/id')) WHERE entity = 'groupMember'`,
  ],
};
