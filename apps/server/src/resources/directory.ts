import type { Group, User } from '@accesspackage/types';
import type { Request } from 'express';
import { GraphHttpError } from '../graph/http-error.js';
import { collectionContext } from '../odata/context.js';
import type { Condition } from '../odata/filter-syntax.js';
import { EXTERNAL_SPONSOR, INTERNAL_SPONSOR } from '../store/entities.js';
import { OF_GROUP, OF_MEMBER } from '../store/references.js';
import { MEMBERSHIP, type StoredEntity, type StoredMembership, type TenantStore } from '../store/store.js';
import { linkPage, type PageAnnotations, serviceRootOf } from './views.js';

export { MEMBERSHIP };
/**
 * A group's owners are stored as its members are, as links from the group to a user (`member/id` names the owner):
 * one shape, one set of handlers, another entity.
 */
export const OWNERSHIP = 'groupOwner';
export type GroupLink = typeof MEMBERSHIP | typeof OWNERSHIP;
export type Membership = StoredMembership;
export type MemberType = StoredMembership['memberType'];

/** The id of the link that makes `memberId` a member of `groupId`. */
export const membershipId = (groupId: string, memberId: string) => `${groupId}_${memberId}`;

/** The directory's own 404, with its own wording (Graph's users and groups do not answer `ResourceNotFound`). */
export function directoryObjectNotFound(id: string): GraphHttpError {
  return new GraphHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** The directory's 400, `Request_BadRequest`. */
export function directoryBadRequest(message: string): GraphHttpError {
  return new GraphHttpError(400, 'Request_BadRequest', message);
}

// `https://graph.microsoft.com/v1.0/directoryObjects/{id}` (or `users/{id}`, `groups/{id}`, under any host) -> `{id}`.
const REFERENCE = /(?:^|\/)(?:directoryObjects|users|groups)\/([^/?#]+)\/?(?:[?#].*)?$/;

/** The object id an `@odata.id` names; 400 when it names none. */
export function referencedId(odataId: string): string {
  const id = REFERENCE.exec(odataId)?.[1];
  if (!id) {
    throw directoryBadRequest(
      `Invalid URL format specified in @odata.id: '${odataId}'. Give the object's URL, e.g. https://graph.microsoft.com/v1.0/directoryObjects/{id}.`,
    );
  }
  return decodeURIComponent(id);
}

/** The user or group `id` names (locked against deletion inside a transaction), with its type; 404 when neither. */
export async function directoryObject(
  store: TenantStore,
  id: string,
): Promise<{ type: MemberType; item: StoredEntity }> {
  const user = await store.lock('user', id, 'share');
  if (user) return { type: 'user', item: user };
  const group = await store.lock('group', id, 'share');
  if (group) return { type: 'group', item: group };
  throw directoryObjectNotFound(id);
}

/** A directory object as a mixed list shows it: with its `@odata.type`. */
export function typed(type: MemberType, item: StoredEntity): User | Group {
  return { '@odata.type': `#microsoft.graph.${type}`, ...item } as User | Group;
}

/**
 * Removes every membership and ownership of `id`, as a group and as a member or owner, and its sponsorships of
 * connected organizations (when the object is deleted).
 */
export async function dropMemberships(store: TenantStore, id: string): Promise<void> {
  for (const entity of [MEMBERSHIP, OWNERSHIP]) {
    for (const end of [OF_GROUP, OF_MEMBER]) {
      for (const link of await store.where(entity, end, id)) await store.delete(entity, link.id);
    }
  }
  for (const entity of [INTERNAL_SPONSOR, EXTERNAL_SPONSOR]) {
    for (const link of await store.where(entity, OF_MEMBER, id)) await store.delete(entity, link.id);
  }
}

/**
 * One page of the users and groups that `entity`'s links pick (a group's members, an organization's sponsors), each
 * with its `@odata.type`, as `directoryObjects`: a link to an object since deleted is passed by.
 */
export async function directoryLinkPage(
  req: Request,
  store: TenantStore,
  entity: string,
  filter: Condition,
  pageSize: number,
): Promise<PageAnnotations & { '@odata.context': string; value: Array<User | Group> }> {
  const { items, annotations } = await linkPage(req, store, entity, filter, pageSize);
  const value: Array<User | Group> = [];
  for (const link of items) {
    const type = link.memberType as MemberType;
    const object = await store.get(type, String(link[OF_MEMBER]));
    if (object) value.push(typed(type, object));
  }
  return { '@odata.context': collectionContext(serviceRootOf(req), 'directoryObjects'), ...annotations, value };
}
