export { compareValues } from './compare.js';
export { dateTimeKey } from './datetime.js';
export { type Expandable, type ExpandItem, parseExpand } from './expand.js';
export { compileFilter, type Predicate, predicateOf } from './filter.js';
export { parseFilter } from './filter-parse.js';
export type {
  CaseFold,
  CompareOperator,
  Condition,
  FieldType,
  FieldTypes,
  Literal,
  MatchFunction,
  Operand,
} from './filter-syntax.js';
export { encodeFunctionSegments, isParameterSegment, routeablePath, templatePattern } from './function-segments.js';
export { buildNextLink } from './next-link.js';
export { compareBy, type OrderBy, parseOrderBy, type SortDirection } from './orderby.js';
export { cursorAt, type Page, type Pageable, type PageOptions, paginate } from './paging.js';
export { type QueryOptions, readQueryOptions } from './query-options.js';
export { queryRules } from './query-rules.js';
export { parseSelect, project } from './select.js';
export { type Cursor, decodeSkiptoken, encodeSkiptoken, type SortValue } from './skiptoken.js';
