import { GraphHttpError } from '../graph/http-error.js';
import type { TenantStore } from '../store/store.js';

/** How many items one tenant may hold, across its entity sets, unless the stub is told otherwise. */
export const DEFAULT_MAX_ITEMS = 100_000;

/**
 * Graph's answer when a quota is reached: 507 Insufficient Storage, "the maximum storage quota has been
 * reached", with the generic code `quotaLimitReached` (https://learn.microsoft.com/graph/errors). What
 * Entitlement Management itself answers is undocumented; the contract documents this choice.
 */
export function quotaLimitReached(held: number, maxItems: number): GraphHttpError {
  return new GraphHttpError(
    507,
    'quotaLimitReached',
    `The tenant holds ${held} item(s), its quota of ${maxItems}. Delete some, or start the stub with a larger --max-items.`,
  );
}

/**
 * The quota check every create makes before it stores anything: throws 507 quotaLimitReached when
 * the tenant's entity sets already hold `maxItems` items between them.
 */
export async function assertRoomForOneMore(store: TenantStore, maxItems: number): Promise<void> {
  const held = await store.count();
  if (held >= maxItems) throw quotaLimitReached(held, maxItems);
}
