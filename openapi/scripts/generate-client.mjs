#!/usr/bin/env node
// Writes the client's per-operation layer from accesspackage.yaml into a package's src/gen folder, so that no call is
// written by hand:
//   calls.gen.ts   one function per operation (or per family of operations told apart by `on`), named by its
//                  operationId (or its `x-client.function`), taking a transport first: `createAccessPackage(graph, body)`;
//   facade.gen.ts  the same calls grouped as `x-client.call` names them (`graph.accessPackages.create`), and every
//                  list's `listAll`.
// What a call takes and answers is read from the operation: its path parameters in the order the path names them, its
// body's generated type, its OData options ($select narrows the answer's type; $filter, $orderby and $expand are typed
// from the entity's x-odata), and whether its answer has a body. `x-client` on an operation names its call
// (`call: accessPackages.moveToCatalog`), and where the call's arguments are not the path's parameters and a body,
// says where each goes (`arguments: ['accessPackageId', 'catalogId: body.catalogId']`: a path parameter, a property of
// the body, `path.<name>` under another name, `ref.<kind>` the URL a `$ref` body names). `x-client: false` keeps an
// operation out of the client (a deprecated path, one Graph does not serve).
// Usage: generate-client <outDir> [--contract <path to a contract>] (default: this package's accesspackage.yaml).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import contract from '../index.js';

const HEADER =
  '// This file is auto-generated from openapi/accesspackage.yaml by openapi/scripts/generate-client.mjs. Do not edit.\n';
const [outDir, ...flags] = process.argv.slice(2);
const contractAt = flags[0] === '--contract' ? flags[1] : undefined;
if (!outDir || (flags.length > 0 && !contractAt)) {
  process.stderr.write('usage: generate-client <outDir> [--contract <path>]\n');
  process.exit(2);
}

const spec = contract.loadContract(contractAt);
const entities = contract.readODataEntities(spec);
const fail = (message) => {
  process.stderr.write(`generate-client: ${message}\n`);
  process.exit(1);
};
const deref = (node) => {
  if (!node?.$ref) return node;
  const found = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((at, key) => at?.[key], spec);
  if (!found) fail(`${node.$ref} names nothing in the contract.`);
  return deref(found);
};
const refName = (node) => node?.$ref?.split('/').pop();
const pascal = (name) => name[0].toUpperCase() + name.slice(1);
const docLines = (text, indent) =>
  text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim()} */\n` : '';

const REF_URLS = {
  accessPackage: 'accessPackageUrl',
  group: 'groupUrl',
  directoryObject: 'directoryObjectUrl',
};

/** Everything the generator needs of one operation. */
function describe(path, method, operation, pathItem) {
  const xc = operation['x-client'];
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map(deref);
  const query = new Map(parameters.filter((p) => p.in === 'query').map((p) => [p.name.replace(/^\$/, ''), p]));
  const pathNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
  if (success.length !== 1) fail(`${operation.operationId} must document one 2xx answer to have a call.`);
  const answer = deref(success[0][1]);
  const schema = answer.content?.['application/json']?.schema;
  const body = schema ? deref(schema) : undefined;
  const itemRef = body?.properties?.value?.items;
  const entityName = (node) => {
    const name = refName(node);
    return name && entities[name] ? name : undefined;
  };
  const collection = Boolean(itemRef);
  const entity = collection ? entityName(itemRef) : entityName(schema);
  const has = (name) => query.has(name);
  const kind = has('filter') || has('orderby') ? 'list' : has('top') ? 'page' : has('select') || has('expand') ? 'get' : 'call';
  if ((has('select') || has('expand')) && !entity) fail(`${operation.operationId} takes $select without an x-odata entity.`);
  return {
    id: operation.operationId,
    fn: xc.function ?? operation.operationId,
    call: xc.call,
    doc: xc.doc ?? operation.summary,
    arguments: xc.arguments,
    method: method.toUpperCase(),
    path,
    pathNames,
    body: operation.requestBody ? { required: deref(operation.requestBody).required === true } : undefined,
    empty: !schema,
    collection,
    entity,
    select: has('select'),
    expand: has('expand'),
    orderby: has('orderby'),
    filterRequired: query.get('filter')?.required === true,
    kind,
  };
}

const operations = [];
for (const [path, pathItem] of Object.entries(spec.paths ?? {})) {
  for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
    const operation = pathItem[method];
    if (!operation) continue;
    if (operation['x-client'] === false) continue;
    if (!operation['x-client']?.call) {
      fail(`${operation.operationId} has no x-client: name its call (x-client: { call: group.name }), or keep it out (x-client: false).`);
    }
    operations.push(describe(path, method, operation, pathItem));
  }
}

// Operations that share a function are one family, told apart by `on` (filterByCurrentUser(on='target'), ...).
const families = new Map();
for (const operation of operations) {
  const family = families.get(operation.fn) ?? [];
  family.push(operation);
  families.set(operation.fn, family);
}

/** The type parameters, options and answer of a call, as TypeScript text. */
function shape(op) {
  const P = `Property<'${op.entity}'>`;
  const E = `Expand<'${op.entity}'>`;
  const typeParams = [
    ...(op.select ? [`P extends ${P} = ${P}`] : []),
    ...(op.expand ? [`E extends ${E} = never`] : []),
  ];
  const p = op.select ? 'P' : 'never';
  const e = op.expand ? 'E' : 'never';
  const responses = `T.${pascal(op.id)}Responses`;
  const item = op.collection ? `Item<${responses}>` : `Answer<${responses}>`;
  const shown = op.select ? `Selected<${item}, ${p}, ${e}>` : item;
  const answer = op.empty ? 'void' : op.collection ? `Page<${shown}>` : shown;
  let options;
  switch (op.kind) {
    case 'list':
      options = {
        name: 'listOptions',
        type: `ListOptions<${p}, ${e}, ${op.orderby ? `Orderable<'${op.entity}'>` : 'never'}>${op.filterRequired ? ' & { filter: string }' : ''}`,
        required: op.filterRequired,
        query: true,
      };
      break;
    case 'page':
      options = { name: 'pageOptions', type: op.select ? `PageOptions & { select?: readonly P[] }` : 'PageOptions', query: true };
      break;
    case 'get':
      options = { name: 'getOptions', type: `GetOptions<${p}, ${e}>`, query: true };
      break;
    default:
      options = { name: 'callOptions', type: 'CallOptions', query: false };
  }
  return { typeParams, answer, options };
}

/** The call's arguments, and how each lands in the request. */
function argumentsOf(op) {
  if (!op.arguments) {
    return [
      ...op.pathNames.map((name) => ({ name, type: 'string', into: { path: name } })),
      ...(op.body
        ? [{ name: 'body', type: `NonNullable<T.${pascal(op.id)}Data['body']>`, optional: !op.body.required, into: { body: '' } }]
        : []),
    ];
  }
  return op.arguments.map((text) => {
    const match = /^(\w+)(\?)?(?::\s*(path|body|ref)(?:\.([\w.]+))?)?$/.exec(text);
    if (!match) fail(`${op.id}: x-client argument '${text}' is not 'name', 'name: path.param', 'name: body.a.b' or 'name: ref.kind'.`);
    const [, name, optional, where, what] = match;
    if (!where) {
      if (!op.pathNames.includes(name)) fail(`${op.id}: x-client argument '${name}' is no path parameter.`);
      return { name, type: 'string', into: { path: name } };
    }
    if (where === 'path') return { name, type: 'string', optional: Boolean(optional), into: { path: what } };
    if (where === 'ref') {
      if (!REF_URLS[what]) fail(`${op.id}: ref.${what} is no kind of reference (${Object.keys(REF_URLS).join(', ')}).`);
      return { name, type: 'string', into: { ref: REF_URLS[what] } };
    }
    return { name, type: 'string', optional: Boolean(optional), into: { body: what } };
  });
}

/** The request object a call sends, as TypeScript text. */
function requestOf(op, args, options, url) {
  const path = args.filter((a) => a.into.path).map((a) => (a.into.path === a.name ? a.name : `${a.into.path}: ${a.name}`));
  const fields = [`method: '${op.method}'`, `url: ${url}`];
  if (path.length > 0) fields.push(`path: { ${path.join(', ')} }`);
  if (options.query) fields.push(`query: toQuery(${options.name})`);
  const whole = args.find((a) => a.into.body === '');
  const ref = args.find((a) => a.into.ref);
  const parts = args.filter((a) => a.into.body);
  let spread = '';
  if (whole) fields.push(whole.optional ? `...(body === undefined ? {} : { body })` : 'body');
  else if (ref) fields.push(`body: { '@odata.id': ${ref.into.ref}(${ref.name}) }`);
  else if (parts.length > 0) {
    const nest = (keys, value) => (keys.length === 0 ? value : `{ ${keys[0]}: ${nest(keys.slice(1), value)} }`);
    const bodies = parts.map((a) => nest(a.into.body.split('.'), a.name));
    const optional = parts.find((a) => a.optional);
    if (parts.length > 1) fail(`${op.id}: one body property per call is all the generator maps.`);
    if (optional) spread = `...(${optional.name} === undefined ? {} : { body: ${bodies[0]} })`;
    else fields.push(`body: ${bodies[0]}`);
  }
  if (spread) fields.push(spread);
  if (op.empty) fields.push('empty: true');
  return fields;
}

const calls = [];
const facade = [];
for (const [fn, family] of families) {
  const first = family[0];
  const { typeParams, answer, options } = shape(first);
  for (const other of family.slice(1)) {
    if (shape(other).answer !== answer.replaceAll(pascal(first.id), pascal(other.id)) && other.kind !== first.kind) {
      fail(`${fn}: the operations of a family must take and answer alike.`);
    }
  }
  const args = argumentsOf(first);
  const on = family.length > 1 ? family.map((op) => /\(on='([^']+)'\)/.exec(op.path)?.[1]) : undefined;
  if (on?.some((value) => !value)) fail(`${fn}: operations sharing a function must differ only in on='...'.`);
  const url = on
    ? `\`${first.path.replace(/\(on='[^']+'\)/, "(on='${on}')")}\` as const`
    : JSON.stringify(first.path);
  const parameters = [
    `graph: GraphTransport<Raw>`,
    ...args.map((a) => `${a.name}${a.optional ? '?' : ''}: ${a.type}`),
    ...(on ? [`on: ${on.map((value) => `'${value}'`).join(' | ')}`] : []),
    `${options.name}${options.required ? '' : '?'}: ${options.type}`,
  ];
  const data = family.map((op) => `T.${pascal(op.id)}Data`).join(' | ');
  // The answer's type names the first operation of a family: its members answer alike.
  calls.push(
    `${docLines(first.doc, '')}export function ${fn}<${[...typeParams, 'Raw extends boolean = false'].join(', ')}>(
  ${parameters.join(',\n  ')},
) {
  return graph.send<${answer}>(
    { ${requestOf(first, args, options, url).join(', ')} } satisfies Operation<${data}>,
    ${options.name},
  );
}
`,
  );
  const typeArgs = [...(first.select ? ['P'] : []), ...(first.expand ? ['E'] : [])];
  facade.push({
    call: first.call,
    doc: first.doc,
    typeParams,
    parameters: parameters.slice(1),
    invoke: `calls.${fn}${typeArgs.length > 0 ? `<${[...typeArgs, 'Raw'].join(', ')}>` : ''}(graph, ${[
      ...args.map((a) => a.name),
      ...(on ? ['on'] : []),
      options.name,
    ].join(', ')})`,
    pages:
      first.collection && options.query
        ? {
            item: answer.replace(/^Page<(.*)>$/, '$1'),
            invoke: `calls.${fn}${typeArgs.length > 0 ? `<${typeArgs.join(', ')}>` : ''}(graph, ${[
              ...args.map((a) => a.name),
              ...(on ? ['on'] : []),
              options.name,
            ].join(', ')})`,
            options: options.name,
          }
        : undefined,
  });
}

// The facade's groups, nested as `call` names them; each member is TypeScript text for one property.
function tree(entries, member) {
  const root = {};
  for (const entry of entries) {
    const names = entry.call.split('.');
    let at = root;
    for (const name of names.slice(0, -1)) at = at[name] ??= {};
    const leaf = names[names.length - 1];
    if (at[leaf]) fail(`Two operations have the call '${entry.call}'.`);
    at[leaf] = member(entry, leaf);
  }
  return root;
}
function print(node, indent) {
  return Object.entries(node)
    .map(([name, value]) =>
      typeof value === 'string'
        ? value
            .split('\n')
            .map((line) => `${indent}${line}`)
            .join('\n')
        : `${indent}${name}: {\n${print(value, `${indent}  `)}\n${indent}},`,
    )
    .join('\n');
}
const generics = (typeParams) => (typeParams.length > 0 ? `<${typeParams.join(', ')}>` : '');
const callTree = tree(
  facade,
  (entry, name) =>
    `${docLines(entry.doc, '')}${name}: ${generics(entry.typeParams)}(${entry.parameters.join(', ')}) =>\n  ${entry.invoke},`,
);
// Each `list` has a `listAll` beside it: `accessPackages.listAll`, `groups.members.listAll`.
const pageTree = tree(
  facade.filter((entry) => entry.pages && entry.call.endsWith('.list')),
  (entry) =>
    `/** Every item, page after page, following \`@odata.nextLink\` verbatim until the end. */\nlistAll: ${generics(entry.typeParams)}(${entry.parameters.join(', ')}): AsyncGenerator<${entry.pages.item}, void, undefined> =>\n  listAll(graph, () => ${entry.pages.invoke}, ${entry.pages.options}),`,
);
const flattenLists = (node) =>
  Object.fromEntries(
    Object.entries(node).map(([name, value]) => [name === 'list' ? 'listAll' : name, typeof value === 'string' ? value : flattenLists(value)]),
  );

const IMPORTS = `import { listAll } from '../paging.js';
import type {
  CallOptions,
  Expand,
  GetOptions,
  ListOptions,
  Orderable,
  PageOptions,
  Property,
  Selected,
} from '../odata-options.js';
import type { Answer, GraphTransport, Item, Page } from '../request.js';
import type * as T from './types.gen.js';
`;

mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'calls.gen.ts'),
  `${HEADER}
import { toQuery } from '../odata-options.js';
import type {
  CallOptions,
  Expand,
  GetOptions,
  ListOptions,
  Orderable,
  PageOptions,
  Property,
  Selected,
} from '../odata-options.js';
import { accessPackageUrl, directoryObjectUrl, groupUrl } from '../references.js';
import type { Answer, GraphTransport, Item, Operation, Page } from '../request.js';
import type * as T from './types.gen.js';

// Every call of the client as a function of its own, named by the contract's operationId, taking a transport first:
// \`await createAccessPackage(graph, body)\`. A bundler keeps only the functions an app imports. Each request is
// checked against the generated types of its operation (\`satisfies Operation<...Data>\`).

${calls.join('\n')}`,
);
writeFileSync(
  join(outDir, 'facade.gen.ts'),
  `${HEADER}
${IMPORTS}import * as calls from './calls.gen.js';

/** Every call, grouped as the contract's \`x-client\` names them, on a transport (or its \`raw\` twin). */
export function callsOf<Raw extends boolean>(graph: GraphTransport<Raw>) {
  return {
${print(callTree, '    ')}
  };
}

/** Every list's \`listAll\`, grouped as its list is. */
export function pagesOf(graph: GraphTransport<false>) {
  return {
${print(flattenLists(pageTree), '    ')}
  };
}
`,
);
