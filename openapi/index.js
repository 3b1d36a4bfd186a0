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

// Who may do what (the root `x-entitlement-management-roles` and each operation's `x-roles`): read here so that the
// stub's checks, the docs page and the contract tests take it from one place.
const ROLE_NAMESPACE = 'microsoft.entitlementManagement/';
const EXCEPTIONS = ['own', 'selfService', 'approver'];
const ROLE_ENTITIES = [
  'accessPackageCatalog',
  'accessPackage',
  'accessPackageAssignmentPolicy',
  'accessPackageAssignmentRequest',
  'accessPackageAssignment',
  'accessPackageResourceRequest',
  'unifiedRoleAssignment',
];

/**
 * Whether a role's allowed resource action covers `action`: segment by segment, `allEntities` standing for any number
 * of entity segments (none included) and `allTasks` for the rest of the action, whatever it is.
 */
function actionAllows(allowed, action) {
  const want = action.split('/');
  const have = allowed.split('/');
  const match = (i, j) => {
    if (i === have.length) return j === want.length;
    const segment = have[i];
    if (segment === 'allTasks') return j < want.length;
    if (segment === 'allEntities') {
      // Entity segments only: the task (the last segment) is left for what follows.
      for (let k = j; k < want.length; k += 1) if (match(i + 1, k)) return true;
      return false;
    }
    return j < want.length && want[j] === segment && match(i + 1, j + 1);
  };
  return match(0, 0);
}

// `path accessPackageId -> accessPackage`, `body accessPackageAssignment.id -> accessPackageAssignment`, `body catalogId`.
function readLocator(text, where, problems) {
  const found = /^(path|body) ([A-Za-z][\w.]*)(?: -> (\w+))?$/.exec(text.trim());
  if (!found) {
    problems.push(`${where}: '${text}' is no place to find a scope ('path <parameter>' or 'body <property>', optionally '-> <entity>').`);
    return undefined;
  }
  const [, source, name, entity] = found;
  if (entity !== undefined && entity !== 'appScope' && !ROLE_ENTITIES.includes(entity))
    problems.push(`${where}: '-> ${entity}' names no entity the stub can place in a catalog (${ROLE_ENTITIES.join(', ')}, appScope).`);
  return { source, name, ...(entity === undefined ? {} : { entity }) };
}

function readScope(text, where, problems) {
  const scope = String(text ?? '').trim();
  if (scope === 'tenant') return { kind: 'tenant' };
  const list = /^list (\w+)$/.exec(scope);
  if (list) {
    if (!ROLE_ENTITIES.includes(list[1])) problems.push(`${where}: 'list ${list[1]}' names no entity the stub can narrow by catalog.`);
    return { kind: 'list', entity: list[1] };
  }
  const all = scope.split('&').map((part) => part.split('|').map((alternative) => readLocator(alternative, where, problems)).filter(Boolean));
  return { kind: 'object', all };
}

function readRoleList(list, where, problems) {
  if (!Array.isArray(list)) {
    problems.push(`${where} must be a list of roles.`);
    return [];
  }
  return list.map((role, index) => {
    const at = `${where}[${index}]`;
    for (const key of ['id', 'name', 'displayName']) if (typeof role?.[key] !== 'string') problems.push(`${at} needs a string '${key}'.`);
    const actions = Array.isArray(role?.allowedResourceActions) ? role.allowedResourceActions.map(String) : [];
    if (actions.length === 0) problems.push(`${at} allows no resource action.`);
    for (const action of actions) if (!action.startsWith(ROLE_NAMESPACE)) problems.push(`${at}: '${action}' is not under ${ROLE_NAMESPACE}.`);
    return {
      id: String(role?.id),
      name: String(role?.name),
      displayName: String(role?.displayName),
      allowedResourceActions: actions,
      tenantOnly: role?.tenantOnly === true,
    };
  });
}

/**
 * The roles of Entitlement Management and what each operation needs (see `RolesInfo`). Throws an Error listing every
 * problem: an unreadable rule, or an Entitlement Management operation without `x-roles`.
 */
function readRoles(contract) {
  const problems = [];
  const root = contract['x-entitlement-management-roles'] ?? {};
  const definitions = readRoleList(root.definitions, 'x-entitlement-management-roles.definitions', problems);
  const directoryRoles = readRoleList(root.directoryRoles, 'x-entitlement-management-roles.directoryRoles', problems);
  const operations = {};
  for (const [path, item] of Object.entries(contract.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (!operation?.operationId) continue;
      const where = `x-roles of ${operation.operationId}`;
      const rule = operation['x-roles'];
      const security = alternativesOf(operation.security ?? contract.security);
      const entitlementManagement =
        security.length > 0 && security.every((alternative) => alternative.length > 0 && alternative.every((p) => p.startsWith('EntitlementManagement.')));
      if (rule === undefined) {
        if (entitlementManagement) problems.push(`${operation.operationId} (${method.toUpperCase()} ${path}) has no x-roles: say which role it needs, or 'anyone' and why.`);
        continue;
      }
      if (typeof rule?.anyone === 'string') {
        operations[operation.operationId] = { anyone: rule.anyone };
        continue;
      }
      const action = typeof rule?.action === 'string' ? rule.action : '';
      if (!action.startsWith(ROLE_NAMESPACE)) problems.push(`${where}: action '${action}' is not under ${ROLE_NAMESPACE}.`);
      if (rule?.except !== undefined && !EXCEPTIONS.includes(rule.except))
        problems.push(`${where}: except '${rule.except}' is none of ${EXCEPTIONS.join(', ')}.`);
      const scope = readScope(rule?.scope, where, problems);
      const allowedBy = [...definitions, ...directoryRoles].filter((role) => role.allowedResourceActions.some((allowed) => actionAllows(allowed, action)));
      if (allowedBy.length === 0) problems.push(`${where}: no role allows '${action}'.`);
      operations[operation.operationId] = { action, scope, ...(rule?.except === undefined ? {} : { except: rule.except }) };
    }
  }
  if (problems.length > 0) throw new Error(`The contract's roles do not hold together:\n  - ${problems.join('\n  - ')}`);
  return { definitions, directoryRoles, operations };
}

/**
 * The roles that allow `action`: Entitlement Management's, least privileged first (the fewest of the contract's
 * actions allowed), then the directory roles, in the contract's order.
 */
function rolesAllowing(roles, action) {
  const actions = [...new Set(Object.values(roles.operations).flatMap((rule) => (rule.action ? [rule.action] : [])))];
  const allows = (role, wanted) => role.allowedResourceActions.some((allowed) => actionAllows(allowed, wanted));
  const reach = (role) => actions.filter((wanted) => allows(role, wanted)).length;
  const allowing = (list) => list.filter((role) => allows(role, action));
  return [...allowing(roles.definitions).sort((a, b) => reach(a) - reach(b)), ...allowing(roles.directoryRoles)];
}

const SCOPE_WORDS = { tenant: 'tenant-wide (`/`)', list: 'the catalogs it holds the role in (a list narrowed to them)' };
const EXCEPT_WORDS = {
  own: 'its own request or assignment',
  selfService: 'a user asking for themself (`User*`)',
  approver: 'an approver of the approval',
};

/**
 * Who may call each Entitlement Management operation, as a markdown table (docs/roles.md holds it, a test checks it
 * is this): the action, where it must be held, the roles that hold it (least privileged first) and who needs none.
 */
function rolesTable(contract) {
  const roles = readRoles(contract);
  const operations = readOperations(contract);
  const prefix = '/identityGovernance/entitlementManagement';
  const rows = ['| operation | needs | where | least role first | without a role |', '|---|---|---|---|---|'];
  for (const [id, rule] of Object.entries(roles.operations)) {
    const op = operations[id];
    const path = op.path.startsWith(prefix) ? `…${op.path.slice(prefix.length)}` : op.path;
    const what = `\`${op.method.toUpperCase()} ${path.replaceAll('|', '\\|')}\``;
    if (rule.anyone !== undefined) {
      rows.push(`| ${what} | no role | | | anyone: ${rule.anyone} |`);
      continue;
    }
    const where =
      SCOPE_WORDS[rule.scope.kind] ??
      `the catalog of ${rule.scope.all.map((alternatives) => alternatives.map((l) => `${l.source} \`${l.name}\``).join(' or ')).join(' and of ')}`;
    // Directory roles are the same for every operation (administrators everything, readers every read): the page says so once.
    const allowing = rolesAllowing(roles, rule.action)
      .filter((role) => roles.definitions.includes(role))
      .map((role) => role.displayName);
    rows.push(
      `| ${what} | \`${rule.action.replace(ROLE_NAMESPACE, '')}\` | ${where} | ${allowing.join(', ')} | ${rule.except ? EXCEPT_WORDS[rule.except] : ''} |`,
    );
  }
  return `${rows.join('\n')}\n`;
}

module.exports = {
  SPEC_PATH,
  actionAllows,
  loadContract,
  readApiBasePaths,
  readOperations,
  readODataEntities,
  readRoles,
  rolesAllowing,
  rolesTable,
};
