import type { Group } from '@accesspackage/types';
import { equals } from '../odata/conditions.js';
import { OF_GROUP, OF_MEMBER } from '../store/references.js';
import type { StoredGroup } from '../store/store.js';
import {
  directoryBadRequest,
  directoryLinkPage,
  directoryObject,
  directoryObjectNotFound,
  dropMemberships,
  type GroupLink,
  MEMBERSHIP,
  type Membership,
  type MemberType,
  membershipId,
  OWNERSHIP,
  referencedId,
} from './directory.js';
import { dropGroupLinks } from './incompatibilities.js';
import type { Handler, Handlers } from './operation.js';
import { assertRoomForOneMore } from './quota.js';
import { declareResource } from './resource.js';
import { directoryTimestamp } from './users.js';

// A Microsoft 365 group gets a mailbox at the tenant's domain; the caller's UPN says which that is.
function mailOf(mailNickname: string, groupTypes: string[], upn: string): string | null {
  if (!groupTypes.includes('Unified')) return null;
  const domain = upn.includes('@') ? upn.slice(upn.indexOf('@') + 1) : 'contoso.onmicrosoft.com';
  return `${mailNickname}@${domain}`;
}

export const groups = declareResource<StoredGroup, Group>({
  entity: 'group',
  notFound: directoryObjectNotFound,
  handlers: (crud, context) => {
    // A group's members and its owners: the same links, in entities of their own (owners are users only).
    const links = (entity: GroupLink) => {
      const property = entity === MEMBERSHIP ? 'members' : 'owners';
      return {
        list: (async ({ req, store, path, reply }) => {
          await crud.find(store, path.groupId);
          return reply(
            200,
            await directoryLinkPage(req, store, entity, equals(OF_GROUP, path.groupId), context.pageSize),
          );
        }) as Handler<'listGroupMembers'>,
        add: (({ body, path, store, reply }) =>
          // The group locked against concurrent adds and its deletion, the member against its deletion.
          store.transaction(async (tx) => {
            const { groupId } = path;
            if (!(await tx.lock('group', groupId, 'update'))) throw directoryObjectNotFound(groupId);
            const memberId = referencedId(body['@odata.id']);
            if (memberId === groupId) throw directoryBadRequest(`A group cannot be one of its own ${property}.`);
            const member: { type: MemberType } = await directoryObject(tx, memberId);
            if (entity === OWNERSHIP && member.type !== 'user') {
              throw directoryBadRequest(`Only users can be owners of a group; '${memberId}' is a group.`);
            }
            if (await tx.get(entity, membershipId(groupId, memberId))) {
              throw directoryBadRequest(
                `One or more added object references already exist for the following modified properties: '${property}'.`,
              );
            }
            const link: Membership = {
              id: membershipId(groupId, memberId),
              [OF_GROUP]: groupId,
              [OF_MEMBER]: memberId,
              memberType: member.type,
            };
            await assertRoomForOneMore(tx, context.maxItems);
            await tx.insert(entity, link);
            return reply(204);
          })) as Handler<'addGroupMember'>,
        remove: (async ({ path, store, reply }) => {
          const { groupId, directoryObjectId } = path;
          await crud.find(store, groupId);
          if (!(await store.delete(entity, membershipId(groupId, directoryObjectId)))) {
            throw directoryObjectNotFound(directoryObjectId);
          }
          return reply(204);
        }) as Handler<'removeGroupMember'>,
      };
    };
    const members = links(MEMBERSHIP);
    const owners = links(OWNERSHIP);
    return {
      listGroups: crud.list,
      getGroup: crud.get,
      createGroup: async (input) => {
        const { body, caller } = input;
        const groupTypes = body.groupTypes ?? [];
        const created = await crud.insert(
          input.store,
          {
            displayName: body.displayName,
            description: body.description ?? null,
            mailNickname: body.mailNickname,
            mail: mailOf(body.mailNickname, groupTypes, caller.name),
            mailEnabled: body.mailEnabled,
            securityEnabled: body.securityEnabled,
            groupTypes,
            createdDateTime: directoryTimestamp(),
          },
          caller,
        );
        return crud.created(input, created);
      },
      // Its memberships go with it, both ways (its members, and the groups it was a member of).
      deleteGroup: (input) =>
        input.store.transaction(async (tx) => {
          const answer = await crud.remove({ ...input, store: tx });
          await dropMemberships(tx, input.path.groupId);
          await dropGroupLinks(tx, input.path.groupId);
          return answer;
        }),

      listGroupMembers: members.list,
      addGroupMember: members.add,
      removeGroupMember: members.remove,
      listGroupOwners: owners.list,
      addGroupOwner: owners.add,
      removeGroupOwner: owners.remove,
    } satisfies Handlers;
  },
});
