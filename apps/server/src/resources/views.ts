import type { ODataEntityInfo } from '@accesspackage/openapi';
import type { Request } from 'express';
import { GraphHttpError } from '../graph/http-error.js';
import { collectionContext, entityContext } from '../odata/context.js';
import {
  buildNextLink,
  type Condition,
  parseFilter,
  parseOrderBy,
  parseSelect,
  project,
  readQueryOptions,
} from '../odata/index.js';
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
  const expanded: Record<string, unknown> = resolve
    ? { ...item, [expand as string]: await resolve(item, store) }
    : { ...item };
  return project(expanded, select && expand ? [...select, expand] : select) as V;
}

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
  const { items, count, nextSkiptoken } = await store.list(shape.name, {
    ...(filter ? { filter } : {}),
    ...(orderBy ? { orderBy } : {}),
    size: options.top ?? pageSize,
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
  const requestUrl = new URL(req.originalUrl, `${req.protocol}://${req.get('host')}`);
  const value: V[] = [];
  // Without $select or $expand an item is its view, as stored: no copy, no await per item.
  if (select === undefined && expand === undefined) value.push(...(items as unknown as V[]));
  else
    for (const item of items)
      value.push(await view(item as StoredEntity as unknown as T, shape, store, select, expand));
  return {
    '@odata.context': collectionContext(req, contextSet(info.entitySet, select)),
    ...(count !== undefined ? { '@odata.count': count } : {}),
    ...(nextSkiptoken ? { '@odata.nextLink': buildNextLink(requestUrl, nextSkiptoken) } : {}),
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
    '@odata.context': entityContext(req, contextSet(entitySet, select)),
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
export async function linkPage(
  req: Request,
  store: TenantStore,
  entity: string,
  filter: Condition,
  pageSize: number,
): Promise<{ items: StoredEntity[]; annotations: PageAnnotations }> {
  const options = readQueryOptions(req.query as Record<string, unknown>);
  const { items, count, nextSkiptoken } = await store.list(entity, {
    filter,
    size: options.top ?? pageSize,
    ...(options.skiptoken !== undefined ? { skiptoken: options.skiptoken } : {}),
    fingerprint: JSON.stringify([req.path, options.top, options.count]),
    count: options.count === true && options.skiptoken === undefined,
  });
  const requestUrl = new URL(req.originalUrl, `${req.protocol}://${req.get('host')}`);
  return {
    items,
    annotations: {
      ...(count !== undefined ? { '@odata.count': count } : {}),
      ...(nextSkiptoken ? { '@odata.nextLink': buildNextLink(requestUrl, nextSkiptoken) } : {}),
    },
  };
}
