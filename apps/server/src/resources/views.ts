import type { ODataEntityInfo } from '@accesspackage/openapi';
import type { Request } from 'express';
import { GraphHttpError } from '../graph/http-error.js';
import { publicOriginOf, requestUrlOf } from '../http/hosts.js';
import { collectionContext, entityContext } from '../odata/context.js';
import { buildNextLink, parseFilter, parseOrderBy, parseSelect, project, readQueryOptions } from '../odata/index.js';
import type { StoredEntity, TenantStore } from '../store/store.js';

/** How each navigation property of V is found for an item T, for `$expand`. */
export type Navigation<T, V> = { [P in keyof V]?: (item: T, store: TenantStore) => Promise<V[P]> };

/** An entity as views see it: its capabilities from the contract and its navigation resolvers. */
export interface EntityShape<T extends { id: string }, V> {
  /** Its schema name, which also names it in the store. */
  name: string;
  info: ODataEntityInfo;
  navigation: Navigation<T, V>;
}

/** A page of a collection as the contract's `*CollectionResponse` schemas describe it. */
export interface CollectionPage<V> {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: V[];
}

function parseExpand(text: string | undefined, info: ODataEntityInfo): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const name = text.trim();
  if (name.includes(',') || name.includes('(')) {
    throw new GraphHttpError(
      400,
      'BadRequest',
      `Only one navigation property can be expanded, without nested options; got '${name}'.`,
    );
  }
  if (!Object.hasOwn(info.expandable, name)) {
    const allowed = Object.keys(info.expandable);
    throw new GraphHttpError(
      400,
      'BadRequest',
      `Could not find a navigation property named '${name}' on type '${info.type}'. Expandable: ${allowed.join(', ') || 'none'}.`,
    );
  }
  return name;
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
// the expanded navigation property, which its typed resolver produced.
async function view<T extends { id: string }, V>(
  item: T,
  shape: EntityShape<T, V>,
  store: TenantStore,
  select: string[] | undefined,
  expand: string | undefined,
): Promise<V> {
  const resolve = expand === undefined ? undefined : shape.navigation[expand as keyof V];
  const resolved: unknown = resolve ? await resolve(item, store) : undefined;
  const bounded = Array.isArray(resolved) ? resolved.slice(0, MAX_EXPANDED) : resolved;
  const expanded: Record<string, unknown> = resolve ? { ...item, [expand as string]: bounded } : { ...item };
  return project(expanded, select && expand ? [...select, expand] : select) as V;
}

const serviceRootOf = (req: Request) => `${publicOriginOf(req)}${req.baseUrl}`;

// Graph names the selected properties in the context, e.g. `...accessPackages(id,displayName)`.
function contextSet(entitySet: string, select: string[] | undefined): string {
  return select ? `${entitySet}(${select.join(',')})` : entitySet;
}

/** One page of a collection, shaped by $filter, $select, $orderby, $top, $skiptoken, $count and $expand. */
export async function listView<T extends { id: string }, V>(
  req: Request,
  store: TenantStore,
  shape: EntityShape<T, V>,
  pageSize: number,
): Promise<CollectionPage<V>> {
  const { info } = shape;
  const options = readQueryOptions(req.query as Record<string, unknown>);
  const filter = options.filter === undefined ? undefined : parseFilter(options.filter, info.filterable);
  const select = parseSelect(options.select, info.selectable, info.type);
  const expand = parseExpand(options.expand, info);
  const orderBy = parseOrderBy(options.orderby, info.orderable);
  // Each item is shaped once: weighed for the page's budget, then sent as it was weighed. Without $select or
  // $expand an item is its view, as stored: no copy.
  const views = new Map<StoredEntity, V>();
  const viewOf = async (item: StoredEntity): Promise<V> => {
    if (select === undefined && expand === undefined) return item as unknown as V;
    let shaped = views.get(item);
    if (shaped === undefined) {
      shaped = await view(item as unknown as T, shape, store, select, expand);
      views.set(item, shaped);
    }
    return shaped;
  };
  const expandsCollection = expand !== undefined && info.expandable[expand]?.many === true;
  const size = Math.min(
    options.top ?? pageSize,
    expandsCollection ? MAX_PAGE_WITH_EXPANDED_COLLECTION : Number.POSITIVE_INFINITY,
  );
  const { items, count, nextSkiptoken } = await store.list(shape.name, {
    ...(filter ? { filter } : {}),
    ...(orderBy ? { orderBy } : {}),
    size,
    // Each item is weighed as it will be sent, its expansion included: a page stops before MAX_PAGE_CHARS.
    budget: { weigh: async (item) => JSON.stringify(await viewOf(item)).length, max: MAX_PAGE_CHARS },
    ...(options.skiptoken !== undefined ? { skiptoken: options.skiptoken } : {}),
    fingerprint: JSON.stringify([
      options.filter,
      options.orderby,
      options.select,
      options.expand,
      options.top,
      options.count,
    ]),
    count: options.count === true && options.skiptoken === undefined,
  });
  const value: V[] = [];
  for (const item of items) value.push(await viewOf(item));
  return {
    '@odata.context': collectionContext(serviceRootOf(req), contextSet(info.entitySet, select)),
    ...(count !== undefined ? { '@odata.count': count } : {}),
    ...(nextSkiptoken ? { '@odata.nextLink': buildNextLink(requestUrlOf(req), nextSkiptoken) } : {}),
    value,
  };
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
  const expand = parseExpand(options.expand, info);
  return {
    '@odata.context': entityContext(serviceRootOf(req), contextSet(entitySet, select)),
    ...(await view(item, shape, store, select, expand)),
  };
}
