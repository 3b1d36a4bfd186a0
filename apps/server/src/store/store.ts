import type { AccessPackage, AccessPackageCatalog } from '@accesspackage/types';
import { Collection } from './collection.js';
import { generalCatalog } from './general-catalog.js';

export { Collection, type Ranked, withoutSeq } from './collection.js';
export { GENERAL_CATALOG_ID } from './general-catalog.js';

/** What is stored of an entity: its contract type without annotations and navigation properties. */
type Stored<T, Navigation extends keyof T> = Omit<T, '@odata.context' | '@odata.type' | Navigation>;
export type StoredAccessPackage = Stored<AccessPackage, 'accessPackageCatalog'>;
export type StoredCatalog = Stored<AccessPackageCatalog, 'accessPackages'>;

/** Any stored entity, as resources declared without generated types see it. */
export type StoredEntity = { id: string } & Record<string, unknown>;

/** The stored type of each entity the contract declares, by its schema name. */
export interface StoredEntities {
  accessPackage: StoredAccessPackage;
  accessPackageCatalog: StoredCatalog;
}

/** What a stub starts with besides the General catalog, by entity set name (see data-file.ts). */
export interface StubData {
  accessPackageCatalogs?: StoredCatalog[];
  accessPackages?: StoredAccessPackage[];
}

/**
 * The tenant: one Collection per entity, by schema name. `initial` is what reset() restores;
 * data-file.ts checks it before it gets here.
 */
export class Store {
  private readonly collections = new Map<string, Collection<StoredEntity>>();
  private seq = 0;
  private readonly nextSeq = () => {
    this.seq += 1;
    return this.seq;
  };

  constructor(private readonly initial: StubData = {}) {
    this.reset();
  }

  collection<N extends keyof StoredEntities>(name: N): Collection<StoredEntities[N]>;
  collection(name: string): Collection<StoredEntity>;
  collection(name: string): Collection<StoredEntity> {
    let found = this.collections.get(name);
    if (!found) {
      found = new Collection<StoredEntity>(this.nextSeq);
      this.collections.set(name, found);
    }
    return found;
  }

  get accessPackages(): Collection<StoredAccessPackage> {
    return this.collection('accessPackage');
  }

  get catalogs(): Collection<StoredCatalog> {
    return this.collection('accessPackageCatalog');
  }

  reset(): void {
    for (const collection of this.collections.values()) collection.clear();
    this.seq = 0;
    this.catalogs.insert(generalCatalog());
    for (const catalog of this.initial.accessPackageCatalogs ?? []) this.catalogs.insert(catalog);
    for (const pkg of this.initial.accessPackages ?? []) this.accessPackages.insert(pkg);
  }

  counts(): { accessPackages: number; accessPackageCatalogs: number } {
    return { accessPackages: this.accessPackages.size, accessPackageCatalogs: this.catalogs.size };
  }
}
