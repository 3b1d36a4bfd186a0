import type { ContractRun } from './run.js';

/**
 * How to make a well-formed request of an operation whose path or body names other objects in ways the
 * contract cannot say: an OData `@odata.id` reference, a member that must already be in a group. Every
 * other operation is bound generically (path parameters that are a resource's id, body properties named
 * `<resource>Id`). A recipe only ever names objects the run created, so it runs against a tenant too.
 */
export interface Recipe {
  /** Path parameters of a well-formed request. */
  params?(run: ContractRun): Promise<Record<string, string>>;
  /** Binds a body (the contract's example, or a generated one) to objects of the run, given the request's path parameters. */
  bind?(run: ContractRun, body: Record<string, unknown>, params: Record<string, string>): Promise<unknown>;
}

/** The URL an OData `$ref` body names a directory object by. */
export const directoryObjectUrl = (id: string) => `https://graph.microsoft.com/v1.0/directoryObjects/${id}`;

/** A user the run creates for one request: a member can be added to a group only once. */
async function freshUser(run: ContractRun): Promise<string> {
  return String((await run.createObject(run.resource('user'))).id);
}

export const RECIPES: Record<string, Recipe> = {
  addGroupMember: {
    bind: async (run, body) => ({ ...body, '@odata.id': directoryObjectUrl(await freshUser(run)) }),
  },
  removeGroupMember: {
    params: async (run) => {
      const groupId = await run.sharedObject(run.resource('group'));
      const directoryObjectId = await freshUser(run);
      await run.call(
        run.operation('addGroupMember'),
        { params: { groupId }, body: { '@odata.id': directoryObjectUrl(directoryObjectId) } },
        'success',
      );
      return { groupId, directoryObjectId };
    },
  },
};
