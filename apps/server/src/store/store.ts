import { randomUUID } from 'node:crypto';
import type {
  AccessPackage,
  AccessPackageCatalog,
  AccessPackageCatalogCreate,
  AccessPackageCatalogUpdate,
  AccessPackageCreate,
  AccessPackageUpdate,
} from '@accesspackage/types';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { graphTimestamp } from '../graph/timestamps.js';

/** The id of every tenant's built-in catalog, as the seed's create example uses it. */
export const GENERAL_CATALOG_ID = 'aa2f6514-3232-46e7-a08a-2411ad8d7128';

type Stored<T> = Omit<T, '@odata.context' | '@odata.type'>;
export type StoredAccessPackage = Omit<Stored<AccessPackage>, 'accessPackageCatalog'>;
export type StoredCatalog = Omit<Stored<AccessPackageCatalog>, 'accessPackages'>;

/** An entity with its creation number, which paging uses as a stable position. */
export type Ranked<T> = T & { seq: number };

/** What a stub starts with besides the General catalog (see data-file.ts). */
export interface StubData {
  accessPackageCatalogs?: StoredCatalog[];
  accessPackages?: StoredAccessPackage[];
}

/** The General catalog as Graph shows it in a new tenant (`ServiceDefault`, created by "Azure AD", as in https://learn.microsoft.com/graph/tutorial-access-package-api). */
export function generalCatalog(): StoredCatalog {
  return {
    id: GENERAL_CATALOG_ID,
    displayName: 'General',
    description: 'Built-in catalog.',
    catalogType: 'ServiceDefault',
    catalogStatus: 'Published',
    isExternallyVisible: true,
    createdBy: 'Azure AD',
    createdDateTime: '2019-02-04T14:57:30.0000000Z',
    modifiedBy: 'Azure AD',
    modifiedDateTime: '2019-02-04T14:57:30.0000000Z',
  };
}

export function withoutSeq<T extends object>(ranked: Ranked<T>): T {
  const { seq: _seq, ...entity } = ranked;
  return entity as unknown as T;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The tenant's access packages and catalogs, in memory. Every method either completes its change
 * or throws a GraphHttpError before touching anything, so a failed request never leaves half a write.
 * Maps keep insertion order, which is the order lists return.
 */
export class Store {
  private readonly packages = new Map<string, Ranked<StoredAccessPackage>>();
  private readonly catalogs = new Map<string, Ranked<StoredCatalog>>();
  private seq = 0;

  /** `initial` is what reset() restores; data-file.ts checks it before it gets here. */
  constructor(private readonly initial: StubData = {}) {
    this.reset();
  }

  reset(): void {
    this.packages.clear();
    this.catalogs.clear();
    this.seq = 0;
    for (const catalog of [generalCatalog(), ...(this.initial.accessPackageCatalogs ?? [])]) {
      this.catalogs.set(catalog.id, { ...catalog, seq: this.nextSeq() });
    }
    for (const pkg of this.initial.accessPackages ?? []) {
      this.packages.set(pkg.id, { ...pkg, seq: this.nextSeq() });
    }
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  counts(): { accessPackages: number; accessPackageCatalogs: number } {
    return { accessPackages: this.packages.size, accessPackageCatalogs: this.catalogs.size };
  }

  /** In creation order, each with its `seq`. */
  listAccessPackages(): Ranked<StoredAccessPackage>[] {
    return [...this.packages.values()];
  }

  getAccessPackage(id: string): StoredAccessPackage {
    const found = this.packages.get(id);
    if (!found) throw notFound();
    return withoutSeq(found);
  }

  createAccessPackage(input: AccessPackageCreate, by: string, now = new Date()): StoredAccessPackage {
    if (!this.catalogs.has(input.catalogId)) {
      throw new GraphHttpError(404, 'ResourceNotFound', `The catalog '${input.catalogId}' was not found.`, [
        { code: 'ResourceNotFound', target: 'catalogId', message: `No catalog has the id '${input.catalogId}'.` },
      ]);
    }
    const at = graphTimestamp(now);
    const created: StoredAccessPackage = defined({
      id: randomUUID(),
      catalogId: input.catalogId,
      displayName: input.displayName,
      description: input.description,
      isHidden: input.isHidden ?? false,
      isRoleScopesVisible: input.isRoleScopesVisible ?? false,
      createdBy: by,
      createdDateTime: at,
      modifiedBy: by,
      modifiedDateTime: at,
    });
    this.packages.set(created.id, { ...created, seq: this.nextSeq() });
    return created;
  }

  updateAccessPackage(id: string, changes: AccessPackageUpdate, by: string, now = new Date()): StoredAccessPackage {
    const current = this.packages.get(id);
    if (!current) throw notFound();
    const { '@odata.type': _annotation, ...fields } = changes;
    const updated = defined({ ...current, ...fields, modifiedBy: by, modifiedDateTime: graphTimestamp(now) });
    this.packages.set(id, updated);
    return withoutSeq(updated);
  }

  deleteAccessPackage(id: string): void {
    if (!this.packages.delete(id)) throw notFound();
  }

  /** In creation order, each with its `seq`. */
  listCatalogs(): Ranked<StoredCatalog>[] {
    return [...this.catalogs.values()];
  }

  getCatalog(id: string): StoredCatalog {
    const found = this.findCatalog(id);
    if (!found) throw notFound();
    return found;
  }

  findCatalog(id: string): StoredCatalog | undefined {
    const found = this.catalogs.get(id);
    return found && withoutSeq(found);
  }

  createCatalog(input: AccessPackageCatalogCreate, by: string, now = new Date()): StoredCatalog {
    const at = graphTimestamp(now);
    const created: StoredCatalog = defined({
      id: randomUUID(),
      displayName: input.displayName,
      description: input.description,
      catalogType: input.catalogType ?? 'UserManaged',
      catalogStatus: input.catalogStatus ?? 'Published',
      isExternallyVisible: input.isExternallyVisible ?? false,
      createdBy: by,
      createdDateTime: at,
      modifiedBy: by,
      modifiedDateTime: at,
    });
    this.catalogs.set(created.id, { ...created, seq: this.nextSeq() });
    return created;
  }

  updateCatalog(id: string, changes: AccessPackageCatalogUpdate, by: string, now = new Date()): StoredCatalog {
    const current = this.catalogs.get(id);
    if (!current) throw notFound();
    const { '@odata.type': _annotation, ...fields } = changes;
    const updated = defined({ ...current, ...fields, modifiedBy: by, modifiedDateTime: graphTimestamp(now) });
    this.catalogs.set(id, updated);
    return withoutSeq(updated);
  }

  deleteCatalog(id: string): void {
    const catalog = this.getCatalog(id);
    if (catalog.catalogType === 'ServiceDefault') {
      throw new GraphHttpError(400, 'InvalidRequest', `The built-in catalog '${catalog.displayName}' cannot be deleted.`);
    }
    const held = this.listAccessPackages().filter((p) => p.catalogId === id).length;
    if (held > 0) {
      throw new GraphHttpError(
        409,
        'CatalogNotEmpty',
        `The catalog '${catalog.displayName}' still holds ${held} access package(s). Delete them or move them to another catalog first.`,
      );
    }
    this.catalogs.delete(id);
  }
}
