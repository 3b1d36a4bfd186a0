import { GraphHttpError } from '../graph/http-error.js';
import { parseSelect } from './select.js';

/** What `$expand` needs to know of an entity: its navigation properties and selectable properties. */
export interface Expandable {
  type: string;
  selectable: readonly string[];
  expandable: Readonly<Record<string, { target: string; many: boolean }>>;
}

/** One navigation property to embed, with the options nested in its parentheses. */
export interface ExpandItem {
  name: string;
  /** The target's own `$select`, when given. */
  select?: string[];
  /** The target's own `$expand`. */
  expand: ExpandItem[];
}

const badRequest = (message: string) => new GraphHttpError(400, 'BadRequest', message);

/** Splits at `separator` outside parentheses and single-quoted text. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw badRequest(`$expand '${text}' closes a parenthesis it never opened.`);
  }
  if (depth !== 0) throw badRequest(`$expand '${text}' leaves a parenthesis open.`);
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/**
 * Reads `$expand` into the navigation properties to embed, with nested options as Graph documents
 * them: `accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope)`.
 * Several properties are separated by commas; inside parentheses, `$expand` and `$select` (separated by
 * `;`) apply to the target. Any other name or option answers 400 BadRequest.
 */
export function parseExpand(
  text: string | undefined,
  entity: Expandable,
  entityOf: (target: string) => Expandable,
): ExpandItem[] {
  if (text === undefined || text.trim() === '') return [];
  const items: ExpandItem[] = [];
  for (const part of splitTopLevel(text.trim(), ',')) {
    const open = part.indexOf('(');
    const name = (open < 0 ? part : part.slice(0, open)).trim();
    if (name === '') {
      throw badRequest(`$expand '${text}' has an empty navigation property. Separate them with single commas.`);
    }
    const navigation = Object.hasOwn(entity.expandable, name) ? entity.expandable[name] : undefined;
    if (!navigation) {
      const allowed = Object.keys(entity.expandable);
      throw badRequest(
        `Could not find a navigation property named '${name}' on type '${entity.type}'. Expandable: ${allowed.join(', ') || 'none'}.`,
      );
    }
    if (items.some((item) => item.name === name)) throw badRequest(`$expand names '${name}' twice.`);
    const target = entityOf(navigation.target);
    const item: ExpandItem = { name, expand: [] };
    if (open >= 0) {
      if (!part.endsWith(')')) throw badRequest(`$expand '${part}' has text after its closing parenthesis.`);
      for (const option of splitTopLevel(part.slice(open + 1, -1), ';').filter((o) => o !== '')) {
        const equals = option.indexOf('=');
        const key = (equals < 0 ? option : option.slice(0, equals)).trim().replace(/^\$/, '').toLowerCase();
        const value = equals < 0 ? '' : option.slice(equals + 1);
        if (key === 'expand') item.expand = parseExpand(value, target, entityOf);
        else if (key === 'select') item.select = parseSelect(value, target.selectable, target.type);
        else {
          throw badRequest(
            `$expand of '${name}' takes only $expand and $select in its parentheses, not '${option}'. Separate them with ';'.`,
          );
        }
      }
    }
    items.push(item);
  }
  return items;
}
