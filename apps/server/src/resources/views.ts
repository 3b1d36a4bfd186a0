import type { Request } from 'express';
import { GraphHttpError } from '../graph/http-error.js';
import { collectionContext, entityContext } from '../odata/context.js';
import {
  buildNextLink,
  compileFilter,
  type FieldTypes,
  paginate,
  parseOrderBy,
  parseSelect,
  project,
  readQueryOptions,
} from '../odata/index.js';
import { type Ranked, withoutSeq } from '../store/store.js';

/** What a resource allows in OData query options, and how its navigation properties expand. */
export interface ResourceShape<T extends { id: string }> {
  /** For messages, e.g. `microsoft.graph.accessPackage`. */
  typeName: string;
  entitySet: string;
  filterable: FieldTypes;
  selectable: readonly string[];
  orderable: readonly string[];
  expandable: Record<string, (item: T) => unknown>;
}

type Body = Record<string, unknown>;

function parseExpand<T extends { id: string }>(text: string | undefined, shape: ResourceShape<T>): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const name = text.trim();
  if (name.includes(',') || name.includes('(')) {
    throw new GraphHttpError(400, 'BadRequest', `Only one navigation property can be expanded, without nested options; got '${name}'.`);
  }
  if (!(name in shape.expandable)) {
    const allowed = Object.keys(shape.expandable);
    throw new GraphHttpError(
      400,
      'BadRequest',
      `Could not find a navigation property named '${name}' on type '${shape.typeName}'. Expandable: ${allowed.join(', ') || 'none'}.`,
    );
  }
  return name;
}

function view<T extends { id: string }>(item: T, shape: ResourceShape<T>, select: string[] | undefined, expand: string | undefined): Body {
  const expanded: Body = expand ? { ...item, [expand]: shape.expandable[expand]?.(item) } : { ...item };
  return project(expanded, select && expand ? [...select, expand] : select);
}

// Graph names the selected properties in the context, e.g. `...accessPackages(id,displayName)`.
function contextSet(entitySet: string, select: string[] | undefined): string {
  return select ? `${entitySet}(${select.join(',')})` : entitySet;
}

/** One page of a collection, shaped by $filter, $select, $orderby, $top, $skiptoken, $count and $expand. */
export function listView<T extends { id: string }>(req: Request, items: Ranked<T>[], shape: ResourceShape<T>, pageSize: number): Body {
  const options = readQueryOptions(req.query as Record<string, unknown>);
  const matches = options.filter === undefined ? () => true : compileFilter(options.filter, shape.filterable);
  const select = parseSelect(options.select, shape.selectable, shape.typeName);
  const expand = parseExpand(options.expand, shape);
  const orderBy = parseOrderBy(options.orderby, shape.orderable);
  const matching = items.filter((item) => matches(item as unknown as Record<string, unknown>));
  const { page, nextSkiptoken } = paginate(matching, {
    orderBy,
    top: options.top,
    skiptoken: options.skiptoken,
    pageSize,
    queryFingerprint: JSON.stringify([options.filter, options.orderby, options.select, options.expand, options.top, options.count]),
  });
  const requestUrl = new URL(req.originalUrl, `${req.protocol}://${req.get('host')}`);
  return {
    '@odata.context': collectionContext(req, contextSet(shape.entitySet, select)),
    ...(options.count && options.skiptoken === undefined ? { '@odata.count': matching.length } : {}),
    ...(nextSkiptoken ? { '@odata.nextLink': buildNextLink(requestUrl, nextSkiptoken) } : {}),
    value: page.map((item) => view(withoutSeq(item) as T, shape, select, expand)),
  };
}

/** One entity, shaped by $select and $expand. */
export function entityView<T extends { id: string }>(req: Request, item: T, shape: ResourceShape<T>, entitySet = shape.entitySet): Body {
  const options = readQueryOptions(req.query as Record<string, unknown>);
  const select = parseSelect(options.select, shape.selectable, shape.typeName);
  const expand = parseExpand(options.expand, shape);
  return { '@odata.context': entityContext(req, contextSet(entitySet, select)), ...view(item, shape, select, expand) };
}
