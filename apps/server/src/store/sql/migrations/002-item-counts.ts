import type { Migration } from './index.js';

/**
 * Each tenant's number of items, kept by triggers as entities are inserted and deleted, so the quota check every
 * create makes reads one row instead of counting the tenant's items, whose cost grows with them up to the default quota
 * of 100,000 (docs/performance.md has the measurements). The triggers run inside the statement that changes the entities,
 * so the count can never disagree with them, whatever path (a create, a delete, a reset) made the change.
 */
export const itemCounts: Migration = {
  version: 2,
  name: 'item counts per tenant',
  sqlite: [
    `ALTER TABLE tenants ADD COLUMN items INTEGER NOT NULL DEFAULT 0`,
    `UPDATE tenants SET items = (SELECT COUNT(*) FROM entities WHERE entities.tenant_id = tenants.id)`,
    `CREATE TRIGGER entities_counted_in AFTER INSERT ON entities
     BEGIN UPDATE tenants SET items = items + 1 WHERE id = NEW.tenant_id; END`,
    `CREATE TRIGGER entities_counted_out AFTER DELETE ON entities
     BEGIN UPDATE tenants SET items = items - 1 WHERE id = OLD.tenant_id; END`,
  ],
  postgres: [
    `ALTER TABLE tenants ADD COLUMN items BIGINT NOT NULL DEFAULT 0`,
    `UPDATE tenants SET items = (SELECT COUNT(*) FROM entities WHERE entities.tenant_id = tenants.id)`,
    `CREATE FUNCTION entities_counted() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         UPDATE tenants SET items = items + 1 WHERE id = NEW.tenant_id;
       ELSE
         UPDATE tenants SET items = items - 1 WHERE id = OLD.tenant_id;
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER entities_counted AFTER INSERT OR DELETE ON entities
     FOR EACH ROW EXECUTE FUNCTION entities_counted()`,
  ],
};
