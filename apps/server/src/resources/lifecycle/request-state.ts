import { graphTimestamp } from '../../graph/timestamps.js';
import { DUE } from '../../store/references.js';
import type { StoredEntity, TenantStore } from '../../store/store.js';
import { REQUEST } from './keys.js';

/** Ends a request at `at`: its state and status, its `completedDate`, and nothing left due. */
export function endRequest(tx: TenantStore, requestId: string, state: string, status: string, at: Date) {
  return tx.update(REQUEST, requestId, (current) => {
    const { [DUE]: _due, ...rest } = current;
    return { ...rest, requestState: state, requestStatus: status, completedDate: graphTimestamp(at) };
  });
}

/** Stores `item` in place of what `entity` holds under its id, or as new: a request processed again replaces its own. */
export async function put(tx: TenantStore, entity: string, item: StoredEntity): Promise<void> {
  if (await tx.get(entity, item.id)) await tx.update(entity, item.id, () => item);
  else await tx.insert(entity, item);
}
