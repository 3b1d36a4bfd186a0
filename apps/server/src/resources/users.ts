import type { User } from '@accesspackage/types';
import type { StoredUser } from '../store/store.js';
import { directoryObjectNotFound, dropMemberships } from './directory.js';
import type { Handlers } from './operation.js';
import { declareResource } from './resource.js';
import { dropRoleAssignments } from './role-management.js';

// The directory writes createdDateTime to the second (`2026-11-28T10:00:00Z`), unlike Entitlement Management.
export const directoryTimestamp = (date = new Date()) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export const users = declareResource<StoredUser, User>({
  entity: 'user',
  notFound: directoryObjectNotFound,
  handlers: (crud) =>
    ({
      listUsers: crud.list,
      getUser: crud.get,
      createUser: async (input) => {
        const { body, caller } = input;
        // passwordProfile is accepted and never stored: Graph never returns it.
        const created = await crud.insert(
          input.store,
          {
            displayName: body.displayName,
            userPrincipalName: body.userPrincipalName,
            mailNickname: body.mailNickname,
            mail: body.mail ?? null,
            accountEnabled: body.accountEnabled,
            createdDateTime: directoryTimestamp(),
          },
          caller,
        );
        return crud.created(input, created);
      },
      // The user leaves every group with it.
      deleteUser: (input) =>
        input.store.transaction(async (tx) => {
          const answer = await crud.remove({ ...input, store: tx });
          await dropMemberships(tx, input.path.userId);
          await dropRoleAssignments(tx, 'principalId', input.path.userId.toLowerCase());
          return answer;
        }),
    }) satisfies Handlers,
});
