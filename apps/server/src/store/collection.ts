import { notFound } from '../graph/http-error.js';

/** An entity with its creation number, which paging uses as a stable position. */
export type Ranked<T> = T & { seq: number };

export function withoutSeq<T extends object>(ranked: Ranked<T>): T {
  const { seq: _seq, ...entity } = ranked;
  return entity as unknown as T;
}

// PATCH semantics: a property sent as undefined is no change, and stored objects never hold undefined.
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * One entity set of the tenant, in memory. Each method completes its change or throws before
 * touching anything, so a failed request never leaves half a write. A Map keeps insertion order,
 * which is the order lists return.
 */
export class Collection<T extends { id: string }> {
  private readonly items = new Map<string, Ranked<T>>();

  /** `nextSeq` numbers items across every collection of a store, so positions never repeat. */
  constructor(private readonly nextSeq: () => number) {}

  get size(): number {
    return this.items.size;
  }

  /** In creation order, each with its `seq`. */
  list(): Ranked<T>[] {
    return [...this.items.values()];
  }

  find(id: string): T | undefined {
    const found = this.items.get(id);
    return found && withoutSeq(found);
  }

  /** Throws 404 ResourceNotFound when there is no such item. */
  get(id: string): T {
    const found = this.find(id);
    if (!found) throw notFound();
    return found;
  }

  insert(item: T): T {
    const stored = defined(item);
    this.items.set(stored.id, { ...stored, seq: this.nextSeq() });
    return stored;
  }

  /** Merges `changes` into the item, as PATCH does; throws 404 when there is no such item. */
  update(id: string, changes: Partial<T>): T {
    const current = this.items.get(id);
    if (!current) throw notFound();
    const updated = defined({ ...current, ...changes, id, seq: current.seq });
    this.items.set(id, updated);
    return withoutSeq(updated);
  }

  /** Throws 404 when there is no such item. */
  delete(id: string): void {
    if (!this.items.delete(id)) throw notFound();
  }

  clear(): void {
    this.items.clear();
  }
}
