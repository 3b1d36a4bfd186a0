// Reads the contract for the packages that need it at run time or at generation time: the stub
// (routes, OData capabilities), the contract tests, and generate-odata (which turns the same
// readings into TypeScript). Plain CommonJS, so that every package can load it as it is.
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** The contract's path: openapi/accesspackage.yaml. */
const SPEC_PATH = join(__dirname, 'accesspackage.yaml');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SCHEMA_REF = '#/components/schemas/';

// Parsing the YAML took most of a stub's start-up (about half a second; JSON.parse of the same document takes 10 ms).
// The parsed document is kept as JSON in a cache named by a hash of the YAML's bytes, so a changed contract is
// parsed again, never served stale; the cache is best-effort: where it cannot be written, the YAML is parsed.
const CACHE_DIRS = [join(__dirname, 'node_modules', '.cache', 'contract'), join(tmpdir(), 'accesspackage-contract-cache')];

// The cache keeps the contracts read most recently; older versions (a contract being edited) are removed.
const CACHE_KEPT = 8;
function pruneCache(dir) {
  try {
    const files = readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => ({ file, at: statSync(join(dir, file)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { file } of files.slice(CACHE_KEPT)) unlinkSync(join(dir, file));
  } catch {
    // Another process pruned first, or the directory is read-only: the cache only grows a little.
  }
}

function loadContract(path = SPEC_PATH) {
  const text = readFileSync(path, 'utf8');
  const name = `${createHash('sha256').update(text).digest('hex')}.json`;
  for (const dir of CACHE_DIRS) {
    try {
      return JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      // Not cached there (or unreadable): try the next place, then parse.
    }
  }
  const contract = require('yaml').parse(text);
  const json = JSON.stringify(contract);
  for (const dir of CACHE_DIRS) {
    try {
      mkdirSync(dir, { recursive: true });
      // Written aside and renamed, so a reader never sees half a file.
      const temporary = join(dir, `${name}.${process.pid}.tmp`);
      writeFileSync(temporary, json);
      renameSync(temporary, join(dir, name));
      pruneCache(dir);
      break;
    } catch {
      // A read-only install: the next place, or none.
    }
  }
  return contract;
}

// `https://graph.microsoft.com/beta` -> `/beta`; `http://127.0.0.1:4010` -> ``.
function pathOfServer(server) {
  const url = String(server?.url ?? '');
  let path;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  return path.replace(/\/+$/, '');
}

// The permissions of each alternative of a security requirement (any one alternative suffices).
function alternativesOf(requirement) {
  if (!Array.isArray(requirement)) return [];
  return requirement.map((alternative) => Object.values(alternative ?? {}).flatMap((scopes) => (Array.isArray(scopes) ? scopes.map(String) : [])));
}

/**
 * Every operation by operationId: its method and path template; the URL paths it is served under
 * (`servers`: its own path-level servers, else the root ones, e.g. `['/beta', '/v1.0']`, or `['']`
 * at the origin); the permissions of each alternative of its security requirement; and whether it requires a body.
 */
function readOperations(contract) {
  const operations = {};
  const rootServers = [...new Set((contract.servers ?? []).map(pathOfServer))];
  for (const [path, item] of Object.entries(contract.paths ?? {})) {
    const servers = Array.isArray(item?.servers) ? [...new Set(item.servers.map(pathOfServer))] : rootServers;
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation?.operationId) continue;
      const security = alternativesOf(operation.security ?? contract.security);
      const bodyRequired = operation.requestBody?.required === true;
      operations[operation.operationId] = { method, path, servers, security, bodyRequired };
    }
  }
  return operations;
}

/** The URL paths the API is served under: the root servers' (`/beta`) and every other one a path's servers name (`/v1.0`), not the origin. */
function readApiBasePaths(contract) {
  const paths = new Set((contract.servers ?? []).map(pathOfServer));
  for (const operation of Object.values(readOperations(contract))) {
    if (operation.servers.some((server) => paths.has(server))) for (const server of operation.servers) paths.add(server);
  }
  paths.delete('');
  return [...paths];
}

// How a property is compared and stored; undefined for navigation properties and annotations.
function kindOf(property) {
  const types = Array.isArray(property.type) ? property.type : [property.type];
  const nullable = types.includes('null');
  const type = types.find((t) => t !== 'null');
  if (type === 'boolean') return { type: 'boolean', nullable };
  if (type === 'integer' || type === 'number') return { type: 'number', nullable };
  if (type === 'string') {
    const kind = { type: property.format === 'date-time' ? 'datetime' : 'string', nullable };
    return typeof property.maxLength === 'number' ? { ...kind, maxLength: property.maxLength } : kind;
  }
  return undefined;
}

/**
 * What each entity supports in $select, $filter, $orderby and $expand, from the `x-odata`
 * extension of its schema. Selectable: every property but annotations and navigation properties. Throws an Error listing every
 * name that does not fit the schema.
 */
function readODataEntities(contract) {
  const schemas = contract.components?.schemas ?? {};
  const refName = (ref) => (typeof ref === 'string' && ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : undefined);
  const navigationOf = (property) => {
    const single = refName(property.$ref);
    if (single && schemas[single]?.['x-odata']) return { target: single, many: false };
    const many = property.type === 'array' ? refName(property.items?.$ref) : undefined;
    if (many && schemas[many]?.['x-odata']) return { target: many, many: true };
    return undefined;
  };
  const problems = [];
  const entities = {};
  for (const [schemaName, schema] of Object.entries(schemas)) {
    const odata = schema['x-odata'];
    if (!odata) continue;
    const where = `x-odata of schema '${schemaName}'`;
    const properties = {};
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const kind = name.startsWith('@odata.') ? undefined : kindOf(property);
      if (kind) properties[name] = kind;
    }
    for (const key of ['type', 'entitySet']) {
      if (typeof odata[key] !== 'string') problems.push(`${where} needs '${key}', a string.`);
    }
    const names = (key) => {
      const list = odata[key] ?? [];
      if (Array.isArray(list)) return list;
      problems.push(`${where}: '${key}' must be a list of property names.`);
      return [];
    };
    const filterable = {};
    for (const name of names('filterable')) {
      if (name.includes('/')) {
        // `accessPackageResource/id`: a plain property of the schema a single-valued navigation property leads to.
        const [nav, leaf, ...rest] = name.split('/');
        const navigation = schema.properties?.[nav] && navigationOf(schema.properties[nav]);
        const target = navigation && !navigation.many && rest.length === 0 ? schemas[navigation.target] : undefined;
        const type = target?.properties?.[leaf] ? kindOf(target.properties[leaf])?.type : undefined;
        if (type === undefined || type === 'number') {
          problems.push(`${where} lists '${name}' as filterable, but it is no path from a single navigation property to a plain string, boolean or date-time property of its schema.`);
        } else filterable[name] = type;
        continue;
      }
      const type = properties[name]?.type;
      if (type === undefined) problems.push(`${where} lists '${name}' as filterable, but the schema has no such plain property.`);
      else if (type === 'number') problems.push(`${where} lists '${name}' as filterable; $filter supports string, boolean and date-time properties only.`);
      else filterable[name] = type;
    }
    for (const name of names('orderable')) {
      if (!properties[name]) problems.push(`${where} lists '${name}' as orderable, but the schema has no such plain property.`);
    }
    const expandable = {};
    for (const name of names('expandable')) {
      const property = schema.properties?.[name];
      const navigation = property && navigationOf(property);
      if (navigation) expandable[name] = navigation;
      else problems.push(`${where} lists '${name}' as expandable, but it is no property referring to another x-odata schema.`);
    }
    // Every property but annotations and navigation properties: complex and collection ones (groupTypes, requestorSettings) too.
    const selectable = Object.entries(schema.properties ?? {})
      .filter(([name, property]) => !name.startsWith('@odata.') && !navigationOf(property))
      .map(([name]) => name);
    entities[schemaName] = {
      type: odata.type,
      entitySet: odata.entitySet,
      properties,
      selectable,
      filterable,
      orderable: names('orderable'),
      expandable,
    };
  }
  if (problems.length > 0) throw new Error(`The contract's x-odata extensions do not fit its schemas:\n  - ${problems.join('\n  - ')}`);
  return entities;
}

module.exports = { SPEC_PATH, loadContract, readApiBasePaths, readOperations, readODataEntities };
