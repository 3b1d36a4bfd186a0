import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadContract, type ODataEntityInfo, readODataEntities } from '@accesspackage/openapi';
import { graphTimestamp } from '../graph/timestamps.js';
import { dateTimeKey } from '../odata/index.js';
import {
  GENERAL_CATALOG_ID,
  type StoredAccessPackage,
  type StoredCatalog,
  type StoredGroup,
  type StoredMembership,
  type StoredUser,
  type StubData,
} from './store.js';

/** The sections a data file may have, besides `tenantId`. */
const SECTIONS = ['accessPackageCatalogs', 'accessPackages', 'users', 'groups'];

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

function fits(value: unknown, { type, nullable }: Fields[string]): boolean {
  if (value === null) return nullable;
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'number') return typeof value === 'number';
  if (type === 'datetime') return typeof value === 'string' && dateTimeKey(value) !== undefined;
  return typeof value === 'string';
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
        `${where}.${key} must be ${{ boolean: 'true or false', number: 'a number', datetime: 'an ISO 8601 date-time such as 2024-05-01T09:00:00Z', string: 'a string' }[field.type]}.`,
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
      groupMembers.push({ id: `${groupId}_${memberId}`, 'group/id': groupId, 'member/id': memberId, memberType });
    }
  }

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
