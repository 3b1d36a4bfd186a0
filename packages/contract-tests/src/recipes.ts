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

async function freshGroup(run: ContractRun): Promise<string> {
  return String((await run.createObject(run.resource('group'))).id);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A resource request's body naming one resource of a catalog. */
const resourceRequest = (catalogId: string, requestType: string, originId: string, originSystem: string) => ({
  catalogId,
  requestType,
  accessPackageResource: { originId, originSystem },
});

/**
 * Removes the resource from the catalog when the run ends (before the catalog is deleted); a catalog that no
 * longer holds it answers 404, which is fine.
 */
function removeLater(run: ContractRun, catalogId: string, originId: string, originSystem: string): void {
  run.defer(`resource ${originId} (${originSystem}) in catalog ${catalogId}`, async () => {
    await run.call(
      run.operation('createAccessPackageResourceRequest'),
      { body: resourceRequest(catalogId, 'AdminRemove', originId, originSystem) },
      'success',
    );
  });
}

/** Adds a fresh group of the run to a catalog of the run; returns the group's id. */
export async function groupInCatalog(run: ContractRun, catalogId: string): Promise<string> {
  const groupId = await freshGroup(run);
  await run.call(
    run.operation('createAccessPackageResourceRequest'),
    { body: resourceRequest(catalogId, 'AdminAdd', groupId, 'AadGroup') },
    'success',
  );
  removeLater(run, catalogId, groupId, 'AadGroup');
  return groupId;
}

/**
 * A role scope body naming the Member role of a fresh group of the run, added to the catalog of the package
 * `accessPackageId` names; the role scope is deleted when the run ends. Returns the body and the role scope's id.
 */
async function memberRoleScope(
  run: ContractRun,
  accessPackageId: string,
): Promise<{ body: Record<string, unknown>; roleScopeId: string }> {
  const pkg = (await run.call(run.operation('getAccessPackage'), { params: { accessPackageId } }, 'success')).response
    .json as { catalogId: string };
  const groupId = await groupInCatalog(run, pkg.catalogId);
  const listed = await run.call(
    run.operation('listAccessPackageCatalogResources'),
    {
      params: { accessPackageCatalogId: pkg.catalogId },
      query: [
        ['$filter', `originId eq '${groupId}'`],
        ['$expand', 'accessPackageResourceRoles,accessPackageResourceScopes'],
      ],
    },
    'success',
  );
  type Part = { id: string; originId: string };
  const resource = (listed.response.json as { value: Array<Part & Record<string, unknown>> }).value[0];
  const roles = (resource?.accessPackageResourceRoles ?? []) as Part[];
  const scopes = (resource?.accessPackageResourceScopes ?? []) as Part[];
  const role = roles.find((r) => r.originId === `Member_${groupId}`);
  if (!resource || !role || !scopes[0]) throw new Error(`The group ${groupId} added to a catalog has no Member role.`);
  const roleScopeId = `${role.id}_${scopes[0].id}`;
  run.defer(`role scope ${roleScopeId} of access package ${accessPackageId}`, async () => {
    await run.call(
      run.operation('deleteAccessPackageResourceRoleScope'),
      { params: { accessPackageId, accessPackageResourceRoleScopeId: roleScopeId } },
      'success',
    );
  });
  return {
    roleScopeId,
    body: {
      accessPackageResourceRole: {
        originId: role.originId,
        displayName: 'Member',
        originSystem: 'AadGroup',
        accessPackageResource: {
          id: resource.id,
          resourceType: resource.resourceType,
          originId: groupId,
          originSystem: 'AadGroup',
        },
      },
      accessPackageResourceScope: { originId: groupId, originSystem: 'AadGroup' },
    },
  };
}

const PACKAGES = 'https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages';

async function freshPackage(run: ContractRun): Promise<string> {
  return String((await run.createObject(run.resource('accessPackage'))).id);
}

export const RECIPES: Record<string, Recipe> = {
  // A package cannot be incompatible with itself: the other end is a package of its own.
  addIncompatibleAccessPackage: {
    bind: async (run, body) => ({ ...body, '@odata.id': `${PACKAGES}/${await freshPackage(run)}` }),
  },
  removeIncompatibleAccessPackage: {
    params: async (run) => {
      const accessPackageId = await run.sharedObject(run.resource('accessPackage'));
      const incompatibleAccessPackageId = await freshPackage(run);
      await run.call(
        run.operation('addIncompatibleAccessPackage'),
        { params: { accessPackageId }, body: { '@odata.id': `${PACKAGES}/${incompatibleAccessPackageId}` } },
        'success',
      );
      return { accessPackageId, incompatibleAccessPackageId };
    },
  },
  addIncompatibleGroup: {
    bind: async (run, body) => ({
      ...body,
      '@odata.id': `https://graph.microsoft.com/beta/groups/${await freshGroup(run)}`,
    }),
  },
  removeIncompatibleGroup: {
    params: async (run) => {
      const accessPackageId = await run.sharedObject(run.resource('accessPackage'));
      const groupId = await freshGroup(run);
      await run.call(
        run.operation('addIncompatibleGroup'),
        { params: { accessPackageId }, body: { '@odata.id': `https://graph.microsoft.com/beta/groups/${groupId}` } },
        'success',
      );
      return { accessPackageId, groupId };
    },
  },
  // The role and the scope must be a resource's in the package's catalog: a fresh group's, added for it.
  createAccessPackageResourceRoleScope: {
    bind: async (run, body, params) => {
      const { body: named } = await memberRoleScope(run, String(params.accessPackageId));
      return { ...body, ...named };
    },
  },
  deleteAccessPackageResourceRoleScope: {
    params: async (run) => {
      const accessPackageId = await run.sharedObject(run.resource('accessPackage'));
      const { body, roleScopeId } = await memberRoleScope(run, accessPackageId);
      await run.call(
        run.operation('createAccessPackageResourceRoleScope'),
        { params: { accessPackageId }, body },
        'success',
      );
      return { accessPackageId, accessPackageResourceRoleScopeId: roleScopeId };
    },
  },
  // A group of the run's own (adding one the catalog already holds changes nothing), or an application or site by
  // any originId (the stub checks none); a removal removes a group added for it.
  createAccessPackageResourceRequest: {
    bind: async (run, body) => {
      const catalogId = String(body.catalogId);
      const given: Record<string, unknown> = isObject(body.accessPackageResource)
        ? { ...body.accessPackageResource }
        : {};
      delete given.id;
      if (body.requestType === 'AdminRemove') {
        given.originId = await groupInCatalog(run, catalogId);
        given.originSystem = 'AadGroup';
      } else {
        if (given.originSystem !== 'AadApplication' && given.originSystem !== 'SharePointOnline') {
          given.originSystem = 'AadGroup';
          given.originId = await freshGroup(run);
        } else if (typeof given.originId !== 'string' || given.originId === '') {
          given.originId = crypto.randomUUID();
        }
        removeLater(run, catalogId, String(given.originId), String(given.originSystem));
      }
      return { ...body, accessPackageResource: given };
    },
  },
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
