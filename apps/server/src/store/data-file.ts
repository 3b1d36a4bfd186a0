import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadContract, type ODataEntityInfo, readODataEntities, readRoles } from '@accesspackage/openapi';
import type { AccessPackageAssignmentPolicyCreate } from '@accesspackage/types';
import { graphTimestamp } from '../graph/timestamps.js';
import { dateTimeKey } from '../odata/index.js';
import { catalogResourceOf, type OriginSystem } from './catalog-resources.js';
import type { StoredRoleAssignment, StoredRoleScope } from './entities.js';
import { policyOf } from './policy-defaults.js';
import { IN_CATALOG, OF_GROUP, OF_MEMBER, OF_PACKAGE, OF_RESOURCE, OF_ROLE, OF_SCOPE } from './references.js';
import {
  GENERAL_CATALOG_ID,
  type StoredAccessPackage,
  type StoredCatalog,
  type StoredEntity,
  type StoredGroup,
  type StoredMembership,
  type StoredUser,
  type StubData,
} from './store.js';

/** The sections a data file may have, besides `tenantId`. */
const SECTIONS = [
  'accessPackageCatalogs',
  'accessPackages',
  'accessPackageAssignmentPolicies',
  'users',
  'groups',
  'accessPackageResources',
  'accessPackageResourceRoleScopes',
  'roleAssignments',
];
// What a policy in a data file may say: its plain properties, and its settings as the contract shapes them.
const POLICY_SETTINGS = ['requestorSettings', 'requestApprovalSettings', 'accessReviewSettings', 'questions'];
const ORIGIN_SYSTEMS = ['AadGroup', 'AadApplication', 'SharePointOnline'];

/** A data file that cannot be used; the message says where and what to change. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
}

type Json = Record<string, unknown>;
type Fields = ODataEntityInfo['properties'];

// What a data file may hold of each entity: its plain properties, read from the contract when
// the first file is checked (not at import, so that --help and `token` stay quick).
let entities: ReturnType<typeof readODataEntities> | undefined;
function fieldsOf(entity: string): Fields {
  entities ??= readODataEntities(loadContract());
  const info = entities[entity];
  if (!info) throw new Error(`The contract has no x-odata schema '${entity}'.`);
  return info.properties;
}

function fits(value: unknown, { type, nullable, maxLength }: Fields[string]): boolean {
  if (value === null) return nullable;
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'number') return typeof value === 'number';
  if (type === 'datetime') return typeof value === 'string' && dateTimeKey(value) !== undefined;
  return typeof value === 'string' && (maxLength === undefined || Array.from(value).length <= maxLength);
}

// Date-times are stored as Graph writes them (UTC, seven fraction digits), whatever form the file uses:
// the store's SQL compares them in that form (store/sql/compile-filter.ts).
function graphForm(item: Json, fields: Fields): Json {
  const out: Json = { ...item };
  for (const [key, value] of Object.entries(item)) {
    const key12 = fields[key]?.type === 'datetime' && typeof value === 'string' ? dateTimeKey(value) : undefined;
    if (key12) out[key] = `${key12.slice(0, 27)}Z`;
  }
  return out;
}

function checkFields(item: unknown, where: string, fields: Fields, problems: string[]): item is Json {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    problems.push(`${where} must be an object.`);
    return false;
  }
  for (const [key, value] of Object.entries(item)) {
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!field) {
      problems.push(`${where}.${key} is not a property this stub stores (allowed: ${Object.keys(fields).join(', ')}).`);
    } else if (!fits(value, field)) {
      problems.push(
        `${where}.${key} must be ${{ boolean: 'true or false', number: 'a number', datetime: 'an ISO 8601 date-time such as 2024-05-01T09:00:00Z', string: `a string${field.maxLength === undefined ? '' : ` of at most ${field.maxLength} characters`}` }[field.type]}.`,
      );
    }
  }
  if (typeof (item as Json).displayName !== 'string' || (item as Json).displayName === '') {
    problems.push(`${where}.displayName is required.`);
  }
  return true;
}

/**
 * Checks start-up data and fills in what Graph would have set (ids, timestamps, defaults), so a
 * file can be as short as `{"accessPackages":[{"catalogId":"...","displayName":"..."}]}`.
 * Every problem is reported at once.
 */
export function parseStubData(raw: unknown, source = 'data'): StubData {
  const problems: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DataFileError(
      `${source}: expected a JSON object like {"accessPackageCatalogs": [...], "accessPackages": [...]}.`,
    );
  }
  const root = raw as Json;
  for (const key of Object.keys(root)) {
    if (!SECTIONS.includes(key) && key !== 'tenantId') {
      problems.push(`"${key}" is not a section this stub knows (use tenantId, ${SECTIONS.join(', ')}).`);
    }
  }
  const tenantId = root.tenantId;
  if (tenantId !== undefined && (typeof tenantId !== 'string' || tenantId.trim() === '')) {
    problems.push('tenantId must be the id of the tenant the data belongs to (a GUID, the tid of its tokens).');
  }
  const section = (key: string): unknown[] => {
    const value = root[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      problems.push(`${key} must be an array.`);
      return [];
    }
    return value;
  };

  const at = graphTimestamp();
  const ids = new Set<string>([GENERAL_CATALOG_ID]);
  const catalogs: StoredCatalog[] = [];
  section('accessPackageCatalogs').forEach((item, i) => {
    const where = `accessPackageCatalogs[${i}]`;
    if (!checkFields(item, where, fieldsOf('accessPackageCatalog'), problems)) return;
    const id = typeof item.id === 'string' ? item.id : randomUUID();
    if (ids.has(id)) problems.push(`${where}.id '${id}' is used twice (the General catalog is ${GENERAL_CATALOG_ID}).`);
    ids.add(id);
    catalogs.push({
      catalogType: 'UserManaged',
      catalogStatus: 'Published',
      isExternallyVisible: false,
      createdBy: 'data-file',
      createdDateTime: at,
      modifiedBy: 'data-file',
      modifiedDateTime: at,
      ...(graphForm(item, fieldsOf('accessPackageCatalog')) as Partial<StoredCatalog>),
      id,
    } as StoredCatalog);
  });

  const packages: StoredAccessPackage[] = [];
  section('accessPackages').forEach((item, i) => {
    const where = `accessPackages[${i}]`;
    if (!checkFields(item, where, fieldsOf('accessPackage'), problems)) return;
    if (typeof item.catalogId !== 'string') {
      problems.push(`${where}.catalogId is required.`);
    } else if (!ids.has(item.catalogId)) {
      problems.push(`${where}.catalogId '${item.catalogId}' names no catalog in the file nor the General catalog.`);
    }
    const id = typeof item.id === 'string' ? item.id : randomUUID();
    if (ids.has(id)) problems.push(`${where}.id '${id}' is used twice.`);
    ids.add(id);
    packages.push({
      isHidden: false,
      isRoleScopesVisible: false,
      createdBy: 'data-file',
      createdDateTime: at,
      modifiedBy: 'data-file',
      modifiedDateTime: at,
      ...(graphForm(item, fieldsOf('accessPackage')) as Partial<StoredAccessPackage>),
      id,
    } as StoredAccessPackage);
  });

  // Directory objects: users, then groups with the ids of their members (users or groups of the file).
  const directoryAt = at.replace(/\.\d+Z$/, 'Z');
  const kinds = new Map<string, 'user' | 'group'>();
  const users: StoredUser[] = [];
  section('users').forEach((item, i) => {
    const where = `users[${i}]`;
    if (!checkFields(item, where, fieldsOf('user'), problems)) return;
    const id = typeof item.id === 'string' ? item.id : randomUUID();
    if (ids.has(id)) problems.push(`${where}.id '${id}' is used twice.`);
    ids.add(id);
    kinds.set(id, 'user');
    const nickname =
      typeof item.mailNickname === 'string' ? item.mailNickname : String(item.displayName).replace(/\W/g, '');
    users.push({
      mailNickname: nickname,
      userPrincipalName: `${nickname}@contoso.onmicrosoft.com`,
      mail: null,
      accountEnabled: true,
      createdDateTime: directoryAt,
      ...(graphForm(item, fieldsOf('user')) as Partial<StoredUser>),
      id,
    } as StoredUser);
  });
  const groups: StoredGroup[] = [];
  const memberLists: Array<[string, unknown, string]> = [];
  section('groups').forEach((raw, i) => {
    const where = `groups[${i}]`;
    const { members, groupTypes, ...item } = (raw && typeof raw === 'object' ? raw : { raw }) as Json;
    if (!checkFields(item, where, fieldsOf('group'), problems)) return;
    const id = typeof item.id === 'string' ? item.id : randomUUID();
    if (ids.has(id)) problems.push(`${where}.id '${id}' is used twice.`);
    ids.add(id);
    kinds.set(id, 'group');
    const types = groupTypes ?? [];
    if (!Array.isArray(types) || types.some((t) => t !== 'Unified')) {
      problems.push(`${where}.groupTypes must be [] or ["Unified"].`);
    }
    memberLists.push([id, members ?? [], where]);
    groups.push({
      description: null,
      mailNickname: String(item.displayName).replace(/\W/g, ''),
      mail: null,
      mailEnabled: false,
      securityEnabled: true,
      createdDateTime: directoryAt,
      ...(graphForm(item, fieldsOf('group')) as Partial<StoredGroup>),
      groupTypes: Array.isArray(types) ? (types as string[]) : [],
      id,
    } as StoredGroup);
  });
  const groupMembers: StoredMembership[] = [];
  for (const [groupId, members, where] of memberLists) {
    if (!Array.isArray(members) || members.some((m) => typeof m !== 'string')) {
      problems.push(`${where}.members must be a list of ids of users or groups in the file.`);
      continue;
    }
    for (const memberId of new Set(members as string[])) {
      const memberType = kinds.get(memberId);
      if (!memberType || memberId === groupId) {
        problems.push(`${where}.members: '${memberId}' names no other user or group in the file.`);
        continue;
      }
      groupMembers.push({ id: `${groupId}_${memberId}`, [OF_GROUP]: groupId, [OF_MEMBER]: memberId, memberType });
    }
  }

  // Catalog resources: a group of the file, or an application or site by originId, each with its roles and scope.
  const groupsById = new Map(groups.map((g) => [g.id, g]));
  const accessPackageResources: NonNullable<StubData['accessPackageResources']> = [];
  section('accessPackageResources').forEach((raw, i) => {
    const where = `accessPackageResources[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(
        `${where} must be an object like {"catalogId": "...", "originId": "<group id>", "originSystem": "AadGroup"}.`,
      );
      return;
    }
    const item = raw as Json;
    const allowed = ['catalogId', 'originId', 'originSystem', 'displayName', 'description', 'url'];
    for (const key of Object.keys(item).filter((k) => !allowed.includes(k))) {
      problems.push(
        `${where}.${key} is not a property of a catalog resource in a data file (allowed: ${allowed.join(', ')}).`,
      );
    }
    for (const key of allowed.filter((k) => item[k] !== undefined && item[k] !== null && typeof item[k] !== 'string')) {
      problems.push(`${where}.${key} must be a string.`);
    }
    const originSystem = (item.originSystem ?? 'AadGroup') as string;
    if (!ORIGIN_SYSTEMS.includes(originSystem))
      problems.push(`${where}.originSystem must be one of ${ORIGIN_SYSTEMS.join(', ')}.`);
    const catalogIds = new Set([GENERAL_CATALOG_ID, ...catalogs.map((c) => c.id)]);
    if (typeof item.catalogId !== 'string' || !catalogIds.has(item.catalogId)) {
      problems.push(`${where}.catalogId must name a catalog in the file or the General catalog.`);
    }
    if (typeof item.originId !== 'string' || item.originId === '') {
      problems.push(`${where}.originId is required: the group's id, the service principal's id or the site's URL.`);
      return;
    }
    const group = groupsById.get(item.originId);
    if (originSystem === 'AadGroup' && !group)
      problems.push(`${where}.originId '${item.originId}' names no group in the file.`);
    accessPackageResources.push(
      catalogResourceOf({
        catalogId: String(item.catalogId),
        originId: item.originId,
        originSystem: originSystem as OriginSystem,
        displayName: (item.displayName as string | undefined) ?? group?.displayName ?? item.originId,
        description: (item.description as string | undefined) ?? group?.description ?? null,
        url: (item.url as string | undefined) ?? (originSystem === 'SharePointOnline' ? item.originId : null),
        resourceType:
          originSystem === 'AadGroup'
            ? group?.groupTypes?.includes('Unified')
              ? 'O365 Group'
              : 'Security Group'
            : originSystem === 'AadApplication'
              ? 'Application'
              : 'SharePoint Online Site',
        addedBy: 'data-file',
        addedOn: at,
      }),
    );
  });

  // Assignment policies of the file's packages, with Graph's defaults filled in as a create would.
  const packageIds = new Set(packages.map((p) => p.id));
  const accessPackageAssignmentPolicies: StoredEntity[] = [];
  section('accessPackageAssignmentPolicies').forEach((raw, i) => {
    const where = `accessPackageAssignmentPolicies[${i}]`;
    const settings: Json = {};
    const rest: Json = {};
    for (const [key, value] of Object.entries(raw && typeof raw === 'object' ? (raw as Json) : {})) {
      (POLICY_SETTINGS.includes(key) ? settings : rest)[key] = value;
    }
    if (
      !checkFields(
        raw && typeof raw === 'object' ? rest : raw,
        where,
        fieldsOf('accessPackageAssignmentPolicy'),
        problems,
      )
    )
      return;
    for (const [key, value] of Object.entries(settings)) {
      const shape =
        key === 'questions'
          ? Array.isArray(value)
          : value === null || (typeof value === 'object' && !Array.isArray(value));
      if (shape) continue;
      problems.push(`${where}.${key} must be ${key === 'questions' ? 'a list of questions' : 'an object or null'}.`);
      delete settings[key];
    }
    if (typeof rest.accessPackageId !== 'string' || !packageIds.has(rest.accessPackageId)) {
      problems.push(`${where}.accessPackageId must name an access package in the file.`);
    }
    const id = typeof rest.id === 'string' ? rest.id : randomUUID();
    if (ids.has(id)) problems.push(`${where}.id '${id}' is used twice.`);
    ids.add(id);
    const given = { description: '', ...rest, ...settings } as unknown as AccessPackageAssignmentPolicyCreate;
    accessPackageAssignmentPolicies.push({
      ...policyOf(given, true),
      createdBy: 'data-file',
      createdDateTime: at,
      modifiedBy: 'data-file',
      modifiedDateTime: at,
      id,
    } as StoredEntity);
  });

  // Role scopes: a package of the file granting a role of a resource of its catalog, named by the resource's originId
  // and the role's name (`Member`, `Owner`) or originId, at the resource's root scope.
  const packagesById = new Map(packages.map((p) => [p.id, p]));
  const accessPackageResourceRoleScopes: StoredRoleScope[] = [];
  section('accessPackageResourceRoleScopes').forEach((raw, i) => {
    const where = `accessPackageResourceRoleScopes[${i}]`;
    const item = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Json;
    const allowed = ['accessPackageId', 'originId', 'role'];
    if (allowed.some((key) => typeof item[key] !== 'string') || Object.keys(item).some((k) => !allowed.includes(k))) {
      problems.push(
        `${where} must be an object like {"accessPackageId": "<a package of the file>", "originId": "<a resource's originId>", "role": "Member"}.`,
      );
      return;
    }
    const pkg = packagesById.get(String(item.accessPackageId));
    if (!pkg) {
      problems.push(`${where}.accessPackageId must name an access package in the file.`);
      return;
    }
    const held = accessPackageResources.find(
      ({ resource }) => resource.originId === item.originId && resource[IN_CATALOG] === pkg.catalogId,
    );
    if (!held) {
      problems.push(`${where}.originId '${item.originId}' names no resource of the package's catalog in the file.`);
      return;
    }
    const role = held.roles.find((r) => r.displayName === item.role || r.originId === item.role);
    const scope = held.scopes.find((s) => s.isRootScope === true);
    if (!role || !scope) {
      problems.push(
        `${where}.role '${item.role}' is no role of '${item.originId}' (its roles: ${held.roles.map((r) => r.displayName).join(', ')}).`,
      );
      return;
    }
    accessPackageResourceRoleScopes.push({
      id: `${pkg.id}:${role.id}_${scope.id}`,
      createdBy: 'data-file',
      createdDateTime: at,
      modifiedBy: 'data-file',
      modifiedDateTime: at,
      [OF_PACKAGE]: pkg.id,
      [OF_ROLE]: role.id,
      [OF_SCOPE]: scope.id,
      [OF_RESOURCE]: held.resource.id,
    });
  });

  // Entitlement Management roles, as roleAssignments creates them: a user's role in a catalog of the file (or at `/`).
  const roles = readRoles(loadContract());
  const roleAssignments: StoredRoleAssignment[] = [];
  const roleCatalogIds = new Set([GENERAL_CATALOG_ID, ...catalogs.map((c) => c.id)]);
  section('roleAssignments').forEach((raw, i) => {
    const where = `roleAssignments[${i}]`;
    const item = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Json;
    const allowed = ['id', 'principalId', 'roleDefinitionId', 'appScopeId'];
    if (
      ['principalId', 'roleDefinitionId', 'appScopeId'].some((key) => typeof item[key] !== 'string') ||
      Object.keys(item).some((k) => !allowed.includes(k))
    ) {
      problems.push(
        `${where} must be an object like {"principalId": "<a user's id>", "roleDefinitionId": "ae79f266-94d4-4dab-b730-feca7e132178", "appScopeId": "/AccessPackageCatalog/<a catalog's id>"}.`,
      );
      return;
    }
    const role = roles.definitions.find((r) => r.id === String(item.roleDefinitionId).toLowerCase());
    if (!role) {
      problems.push(
        `${where}.roleDefinitionId '${item.roleDefinitionId}' is none of ${roles.definitions.map((r) => `${r.id} (${r.displayName})`).join(', ')}.`,
      );
      return;
    }
    const scope = String(item.appScopeId);
    const catalogId = /^\/AccessPackageCatalog\/(.+)$/.exec(scope)?.[1];
    if (scope !== '/' && (catalogId === undefined || !roleCatalogIds.has(catalogId))) {
      problems.push(
        `${where}.appScopeId must be '/' or '/AccessPackageCatalog/<a catalog of the file, or the General catalog>'.`,
      );
      return;
    }
    if (role.tenantOnly && scope !== '/') {
      problems.push(`${where}: ${role.displayName} is held tenant-wide: its appScopeId is '/'.`);
      return;
    }
    const id = typeof item.id === 'string' ? item.id : randomUUID();
    if (ids.has(id)) problems.push(`${where}.id '${id}' is used twice.`);
    ids.add(id);
    roleAssignments.push({
      id,
      principalId: String(item.principalId).toLowerCase(),
      roleDefinitionId: role.id,
      appScopeId: scope,
      directoryScopeId: null,
      condition: null,
      principalOrganizationId: typeof tenantId === 'string' ? tenantId.trim().toLowerCase() : null,
    });
  });

  if (problems.length > 0) {
    throw new DataFileError(`${source} is not valid stub data:\n  - ${problems.join('\n  - ')}`);
  }
  return {
    ...(typeof tenantId === 'string' ? { tenantId: tenantId.trim().toLowerCase() } : {}),
    accessPackageCatalogs: catalogs,
    accessPackages: packages,
    users,
    groups,
    groupMembers,
    accessPackageResources,
    accessPackageResourceRoleScopes,
    accessPackageAssignmentPolicies,
    roleAssignments,
  };
}

export function loadDataFile(path: string): StubData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DataFileError(
      `cannot read the data file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DataFileError(`the data file ${path} is not valid JSON: ${(err as Error).message}.`);
  }
  return parseStubData(raw, `the data file ${path}`);
}
