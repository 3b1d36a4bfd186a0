import type { Migration } from './index.js';

/**
 * When each tenant's lifecycle next falls due (a request to process, an approval stage to time out, an assignment to
 * expire), in milliseconds of the stub's clock; NULL when nothing is. Every stub instance sharing the database reads
 * it before answering a tenant's request and settles the tenant only once it has passed, so a request made through one
 * instance is delivered when due by whichever instance is asked next.
 */
export const nextDue: Migration = {
  version: 3,
  name: 'next due time per tenant',
  sqlite: [`ALTER TABLE tenants ADD COLUMN next_due INTEGER`],
  postgres: [`ALTER TABLE tenants ADD COLUMN next_due BIGINT`],
};
