import { GraphHttpError } from '../graph/http-error.js';

/**
 * Reads $select into the property names to return, in the order given, without duplicates.
 * Undefined means every property: $select absent, blank, or containing `*`. `typeName` is the
 * qualified OData type the names belong to (e.g. `microsoft.graph.accessPackage`), for messages.
 */
export function parseSelect(
  text: string | undefined,
  allowed: readonly string[],
  typeName: string,
): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const names = text.split(',').map((name) => name.trim());
  if (names.includes('*')) return undefined;
  for (const name of names) {
    if (name === '') {
      throw new GraphHttpError(
        400,
        'BadRequest',
        `$select '${text}' has an empty property name. Separate property names with single commas, e.g. $select=id,displayName.`,
      );
    }
    if (!allowed.includes(name)) throw unknownProperty(name, allowed, typeName);
  }
  return [...new Set(names)];
}

function unknownProperty(name: string, allowed: readonly string[], typeName: string): GraphHttpError {
  const caseless = allowed.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const hint = caseless ? ` Property names are case-sensitive: did you mean '${caseless}'?` : '';
  return new GraphHttpError(
    400,
    'BadRequest',
    `Could not find a property named '${name}' on type '${typeName}'.${hint} Select from: ${allowed.join(', ')}, or * for all.`,
  );
}

/**
 * The selected part of an item. `id` and `@odata.*` annotations are always kept, as Graph does;
 * so are annotations of a kept property (`displayName@odata.type`). Undefined keeps everything.
 */
export function project<T extends object>(item: T, select: readonly string[] | undefined): Partial<T> {
  if (select === undefined) return { ...item };
  const keep = keptBy(select);
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    const at = key.indexOf('@');
    if (key.startsWith('@odata.') || keep.has(at > 0 ? key.slice(0, at) : key)) kept[key] = value;
  }
  return kept as Partial<T>;
}

// A page projects each of its items by the same $select: the names it keeps are worked out once per $select.
const kept = new WeakMap<readonly string[], ReadonlySet<string>>();

function keptBy(select: readonly string[]): ReadonlySet<string> {
  let keep = kept.get(select);
  if (!keep) {
    keep = new Set(['id', ...select]);
    kept.set(select, keep);
  }
  return keep;
}
