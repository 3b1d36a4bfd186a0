import type { ODataEntityInfo } from '@accesspackage/openapi';
import type { Request } from 'express';
import { publicOriginOf, requestUrlOf } from '../http/hosts.js';
import { StoredJsonPage } from '../http/json-answers.js';
import { collectionContext, entityContext } from '../odata/context.js';
import {
  buildNextLink,
  type Condition,
  type ExpandItem,
  parseExpand,
  parseFilter,
  parseOrderBy,
  parseSelect,
  project,
  readQueryOptions,
} from '../odata/index.js';
import type { StoredEntity, StoredOf, TenantStore } from '../store/store.js';

/** How each navigation property of V is found for an item T, for `$expand`. */
export type Navigation<T, V> = { [P in keyof V]?: (item: T, store: TenantStore) => Promise<V[P]> };

/** An entity as views see it: its capabilities from the contract and its navigation resolvers. */
export interface EntityShape<T extends { id: string }, V> {
  /** Its schema name, which also names it in the store. */
  name: string;
  info: ODataEntityInfo;
  navigation: Navigation<T, V>;
  /**
   * Whether its stored items carry references the stub keeps for itself: keys with a `/`, such as
   * `accessPackageCatalog/id`, which `$filter` may name and views never show.
   */
  references: boolean;
  /** The shape of another entity, for nested `$expand`. */
  shapeOf(entity: string): EntityShape<StoredEntity, unknown>;
}

/** A page of a collection as the contract's `*CollectionResponse` schemas describe it. */
export interface CollectionPage<V> {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: V[];
}

/** Narrows a list to one parent's items, e.g. a catalog's resources. */
export interface ListScope<T = StoredEntity> {
  /** Conjoined with the caller's `$filter`. */
  scope?: Condition;
  /** What the caller sees of an item, where some of it is the caller's own (an approval step's `assignedToMe`). */
  prepare?: (item: T) => Promise<T>;
  /**
   * Each item names its type (`"@odata.type": "#microsoft.graph.accessPackageAssignment"`), as Graph's function
   * results (`filterByCurrentUser`, `additionalAccess`) do where its entity sets' lists do not.
   */
  typed?: boolean;
}

function expandOf(text: string | undefined, shape: EntityShape<{ id: string }, unknown>): ExpandItem[] {
  return parseExpand(text, shape.info, (target) => shape.shapeOf(target).info);
}

/**
 * **Undocumented** bounds on one answer, which the contract states: an expanded collection holds at
 * most MAX_EXPANDED items (Graph caps expansions too, e.g. at 20 for directory objects), a list
 * page with such an expansion at most MAX_PAGE_WITH_EXPANDED_COLLECTION items, and any page about
 * MAX_PAGE_CHARS characters of JSON before @odata.nextLink takes over, whatever `$top` asks for.
 */
export const MAX_EXPANDED = 100;
export const MAX_PAGE_WITH_EXPANDED_COLLECTION = 20;
export const MAX_PAGE_CHARS = 4 * 1024 * 1024;

// The one place a stored item becomes its contract type: a projection keeps a subset of the
// stored properties (every one of which the contract types declare optional, except id) plus
// the expanded navigation properties, which their typed resolvers produced and which are shaped
// in turn by their own nested options. References the stub keeps for itself are dropped.
async function view<T extends { id: string }, V>(
  item: T,
  shape: EntityShape<T, V>,
  store: TenantStore,
  select: string[] | undefined,
  expand: ExpandItem[],
): Promise<V> {
  // Nothing to expand and nothing the stub keeps for itself: the item is projected as it is, without a copy first.
  if (expand.length === 0 && !shape.references) return project(item, select) as V;
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) if (!key.includes('/')) shown[key] = value;
  for (const { name, select: nestedSelect, expand: nestedExpand } of expand) {
    const resolve = shape.navigation[name as keyof V];
    const value = resolve ? ((await resolve(item, store)) as unknown) : undefined;
    const target = shape.shapeOf(shape.info.expandable[name]?.target ?? '');
    const shapeOne = (one: unknown) =>
      view(one as StoredEntity, target, store, nestedSelect, nestedExpand) as Promise<unknown>;
    if (Array.isArray(value)) shown[name] = await Promise.all(value.slice(0, MAX_EXPANDED).map(shapeOne));
    else if (value !== undefined && value !== null) shown[name] = await shapeOne(value);
    else shown[name] = value;
  }
  return project(shown, select && expand.length > 0 ? [...select, ...expand.map((e) => e.name)] : select) as V;
}

/** The OData service root a request was served under, e.g. `http://127.0.0.1:4010/beta`: never from its Host. */
export const serviceRootOf = (req: Request): string => `${publicOriginOf(req)}${req.baseUrl}`;

// Graph names the selected properties in the context, e.g. `...accessPackages(id,displayName)`.
function contextSet(entitySet: string, select: string[] | undefined): string {
  return select ? `${entitySet}(${select.join(',')})` : entitySet;
}

// An entity set under a parent (`accessPackageCatalogs('{accessPackageCatalogId}')/accessPackageResources`)
// names the parent the request did.
function entitySetOf(template: string, req: Request): string {
  const params = req.params as Record<string, string>;
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? name);
}

/** One page of a collection, shaped by $filter, $select, $orderby, $top, $skiptoken, $count and $expand. */
export async function listView<T extends { id: string }, V>(
  req: Request,
  store: TenantStore,
  shape: EntityShape<T, V>,
  pageSize: number,
  within: ListScope<T> = {},
): Promise<CollectionPage<V>> {
  const { info } = shape;
  const options = readQueryOptions(req.query as Record<string, unknown>);
  const parsed = options.filter === undefined ? undefined : parseFilter(options.filter, info.filterable);
  const filter: Condition | undefined =
    within.scope && parsed ? { kind: 'and', operands: [within.scope, parsed] } : (within.scope ?? parsed);
  const select = parseSelect(options.select, info.selectable, info.type);
  const expand = expandOf(options.expand, shape);
  const orderBy = parseOrderBy(options.orderby, info.orderable);
  // Each item is shaped once: weighed for the page's budget, then sent as it was weighed. Without $select or
  // $expand an item is its view, as stored: no copy.
  const views = new Map<StoredEntity, V>();
  const plain = select === undefined && expand.length === 0 && !shape.references;
  const asStored = plain && !within.prepare && !within.typed;
  const viewOf = async (item: StoredEntity): Promise<V> => {
    if (asStored) return item as unknown as V;
    let shaped = views.get(item);
    if (shaped === undefined) {
      // The store answers the shape's own entity: `item` is a T, which the store's typing does not carry here.
      const seen = within.prepare ? await within.prepare(item as unknown as T) : item;
      shaped = plain ? (seen as unknown as V) : await view(seen as unknown as T, shape, store, select, expand);
      if (within.typed) shaped = { '@odata.type': `#${info.type}`, ...shaped };
      views.set(item, shaped);
    }
    return shaped;
  };
  const expandsCollection = expand.some(({ name }) => info.expandable[name]?.many === true);
  const size = Math.min(
    options.top ?? pageSize,
    expandsCollection ? MAX_PAGE_WITH_EXPANDED_COLLECTION : Number.POSITIVE_INFINITY,
  );
  const { items, texts, count, nextSkiptoken } = await store.list(shape.name, {
    ...(filter ? { filter } : {}),
    ...(orderBy ? { orderBy } : {}),
    size,
    // Each item is weighed as it will be sent, its expansion included: a page stops before MAX_PAGE_CHARS. An item
    // sent as stored weighs what the store says it holds, without being serialized once more to learn it.
    budget: {
      weigh: (item, storedChars) =>
        asStored && storedChars !== undefined
          ? storedChars
          : viewOf(item).then((shown) => JSON.stringify(shown).length),
      max: MAX_PAGE_CHARS,
    },
    ...(options.skiptoken !== undefined ? { skiptoken: options.skiptoken } : {}),
    fingerprint: JSON.stringify([
      req.path,
      options.filter,
      options.orderby,
      options.select,
      options.expand,
      options.top,
      options.count,
    ]),
    count: options.count === true && options.skiptoken === undefined,
    asStoredText: asStored,
  });
  const annotations = {
    '@odata.context': collectionContext(serviceRootOf(req), contextSet(entitySetOf(info.entitySet, req), select)),
    ...(count !== undefined ? { '@odata.count': count } : {}),
    ...(nextSkiptoken ? { '@odata.nextLink': buildNextLink(requestUrlOf(req), nextSkiptoken) } : {}),
  };
  // Items the store handed back as their stored JSON are answered as that text (http/json-answers.ts); the page
  // still reads as a CollectionPage wherever it is read as an object.
  if (texts) return new StoredJsonPage(annotations, texts) as unknown as CollectionPage<V>;
  // Items sent as stored are their own views: no turn of the promise queue each.
  const value: V[] = [];
  if (asStored) value.push(...(items as unknown as V[]));
  else for (const item of items) value.push(await viewOf(item));
  return { ...annotations, value };
}

/** One entity, shaped by $select and $expand. `entitySet` overrides the context's set (the seed path's). */
export async function entityView<T extends { id: string }, V>(
  req: Request,
  item: T,
  store: TenantStore,
  shape: EntityShape<T, V>,
  entitySet = shape.info.entitySet,
): Promise<V & { '@odata.context': string }> {
  const { info } = shape;
  const options = readQueryOptions(req.query as Record<string, unknown>);
  const select = parseSelect(options.select, info.selectable, info.type);
  const expand = expandOf(options.expand, shape);
  return {
    '@odata.context': entityContext(serviceRootOf(req), contextSet(entitySetOf(entitySet, req), select)),
    ...(await view(item, shape, store, select, expand)),
  };
}

/** What a page of a collection says beside its items: the count (first page, `$count=true`) and the next link. */
export interface PageAnnotations {
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
}

/**
 * One page of the stored `entity` items that `filter` picks (the links of one parent, such as a group's
 * memberships), paged by `$top` and `$skiptoken` in creation order and counted with `$count`, for
 * collections whose items are not themselves a listed entity set.
 */
export async function linkPage<E extends string>(
  req: Request,
  store: TenantStore,
  entity: E,
  filter: Condition,
  pageSize: number,
): Promise<{ items: Array<StoredOf<E>>; annotations: PageAnnotations }> {
  const options = readQueryOptions(req.query as Record<string, unknown>);
  const { items, count, nextSkiptoken } = await store.list(entity, {
    filter,
    size: options.top ?? pageSize,
    ...(options.skiptoken !== undefined ? { skiptoken: options.skiptoken } : {}),
    fingerprint: JSON.stringify([req.path, options.top, options.count]),
    count: options.count === true && options.skiptoken === undefined,
  });
  return {
    items,
    annotations: {
      ...(count !== undefined ? { '@odata.count': count } : {}),
      ...(nextSkiptoken ? { '@odata.nextLink': buildNextLink(requestUrlOf(req), nextSkiptoken) } : {}),
    },
  };
}
