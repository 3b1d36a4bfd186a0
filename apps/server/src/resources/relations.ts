import type { AccessPackage, Group } from '@accesspackage/types';
import { callerObjectId, isAdministrator } from '../auth/identity.js';
import type { Caller } from '../auth/index.js';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { graphTimestamp } from '../graph/timestamps.js';
import { equals, idIn } from '../odata/conditions.js';
import { collectionContext } from '../odata/context.js';
import type { Condition } from '../odata/index.js';
import { RESOURCE_ROLE, RESOURCE_SCOPE } from '../store/catalog-resources.js';
import type { StoredResource, StoredResourceRole, StoredResourceScope, StoredRoleScope } from '../store/entities.js';
import { OF_GROUP, OF_PACKAGE, OF_RESOURCE, OF_ROLE, OF_SCOPE, OTHER_PACKAGE } from '../store/references.js';
import type { StoredAccessPackage, StoredEntity, TenantStore } from '../store/store.js';
import { catalogOf, ROLE_SCOPE, resourceByOrigin } from './catalog-resources.js';
import { mayRequest, transitiveGroups } from './lifecycle/requestors.js';
import { scheduleOf } from './lifecycle/schedules.js';
import type { Handlers } from './operation.js';
import { POLICY } from './policies.js';
import { assertRoomForOneMore } from './quota.js';
import type { Crud, ResourceContext } from './resource.js';
import { linkPage, serviceRootOf } from './views.js';

/**
 * Incompatibility links, one per pair (not entities of the contract): a package's incompatible packages and
 * groups. `accessPackage/id` is the package whose list holds the other end.
 */
const INCOMPATIBLE_PACKAGE = 'incompatibleAccessPackage';
const INCOMPATIBLE_GROUP = 'incompatibleGroup';

const linkId = (accessPackageId: string, otherId: string) => `${accessPackageId}_${otherId}`;
const PACKAGES_SET = 'identityGovernance/entitlementManagement/accessPackages';

/** The packages (either way) and groups a package is incompatible with, for the checks an assignment request makes. */
export async function incompatibilitiesOf(
  store: TenantStore,
  accessPackageId: string,
): Promise<{ packages: Set<string>; groups: Set<string> }> {
  const packages = new Set<string>();
  for (const link of await store.where(INCOMPATIBLE_PACKAGE, OF_PACKAGE, accessPackageId))
    packages.add(String(link[OTHER_PACKAGE]));
  for (const link of await store.where(INCOMPATIBLE_PACKAGE, OTHER_PACKAGE, accessPackageId))
    packages.add(String(link[OF_PACKAGE]));
  const groups = new Set(
    (await store.where(INCOMPATIBLE_GROUP, OF_PACKAGE, accessPackageId)).map((link) => String(link[OF_GROUP])),
  );
  return { packages, groups };
}

/** Removes every incompatibility link of a package, both ways (when it is deleted). */
export async function dropPackageLinks(store: TenantStore, accessPackageId: string): Promise<void> {
  for (const [entity, end] of [
    [INCOMPATIBLE_PACKAGE, OF_PACKAGE],
    [INCOMPATIBLE_PACKAGE, OTHER_PACKAGE],
    [INCOMPATIBLE_GROUP, OF_PACKAGE],
  ] as const) {
    for (const link of await store.where(entity, end, accessPackageId)) await store.delete(entity, link.id);
  }
}

/** Removes a group from every package's incompatible groups (when it is deleted). */
export async function dropGroupLinks(store: TenantStore, groupId: string): Promise<void> {
  for (const link of await store.where(INCOMPATIBLE_GROUP, OF_GROUP, groupId)) {
    await store.delete(INCOMPATIBLE_GROUP, link.id);
  }
}

// `https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages/{id}` -> `{id}`.
function referenced(odataId: string, collection: 'accessPackages' | 'groups'): string {
  const match = new RegExp(`(?:^|/)${collection}(?:/|\\(')([^/?#']+)'?\\)?/?(?:[?#].*)?$`).exec(odataId);
  if (!match?.[1]) {
    throw new GraphHttpError(
      400,
      'BadRequest',
      `@odata.id '${odataId}' names no ${collection === 'groups' ? 'group' : 'access package'}: give its URL, e.g. https://graph.microsoft.com/beta/${collection === 'groups' ? 'groups' : `${PACKAGES_SET}`}/{id}.`,
    );
  }
  return decodeURIComponent(match[1]);
}

const packageNotFound = (id: string) =>
  new GraphHttpError(404, 'ResourceNotFound', `The access package '${id}' was not found.`);

/** A page of the items a package's links lead to, with the list's context. */
async function linkedPage<V>(
  input: { req: Parameters<typeof linkPage>[0]; store: TenantStore },
  entity: string,
  filter: Condition,
  pageSize: number,
  target: { entity: string; end: string; entitySet: string },
) {
  const { items, annotations } = await linkPage(input.req, input.store, entity, filter, pageSize);
  const value: V[] = [];
  for (const link of items) {
    const item = await input.store.get(target.entity, String(link[target.end]));
    if (item) value.push(item as V);
  }
  return { '@odata.context': collectionContext(serviceRootOf(input.req), target.entitySet), ...annotations, value };
}

/**
 * Moves a package's role scopes to the target catalog's roles and scopes of the same resources (by origin);
 * throws 400 naming the resources the target catalog lacks.
 */
async function relinkRoleScopes(tx: TenantStore, pkg: StoredEntity, catalogId: string, caller: Caller): Promise<void> {
  const roleScopes = await tx.where(ROLE_SCOPE, OF_PACKAGE, pkg.id);
  const moves: Array<{
    from: StoredRoleScope;
    role: StoredResourceRole;
    scope: StoredResourceScope;
    resource: StoredResource;
  }> = [];
  const missing: string[] = [];
  for (const roleScope of roleScopes) {
    const role = await tx.get(RESOURCE_ROLE, String(roleScope[OF_ROLE]));
    const scope = await tx.get(RESOURCE_SCOPE, String(roleScope[OF_SCOPE]));
    const source = await tx.get('accessPackageResource', String(roleScope[OF_RESOURCE]));
    if (!role || !scope || !source) continue;
    const resource = await resourceByOrigin(tx, catalogId, String(source.originSystem), String(source.originId));
    const targetRole =
      resource && (await tx.where(RESOURCE_ROLE, OF_RESOURCE, resource.id)).find((r) => r.originId === role.originId);
    const targetScope =
      resource && (await tx.where(RESOURCE_SCOPE, OF_RESOURCE, resource.id)).find((s) => s.originId === scope.originId);
    if (!resource || !targetRole || !targetScope)
      missing.push(`'${source.displayName}' (${source.originSystem} ${source.originId})`);
    else moves.push({ from: roleScope, role: targetRole, scope: targetScope, resource });
  }
  if (missing.length > 0) {
    throw new GraphHttpError(
      400,
      'InvalidRequest',
      `The resources ${missing.join(', ')} whose roles the access package grants are not in the catalog '${catalogId}'. Add them to it first.`,
    );
  }
  for (const { from, role, scope, resource } of moves) {
    await tx.delete(ROLE_SCOPE, from.id);
    const id = `${pkg.id}:${role.id}_${scope.id}`;
    if (await tx.get(ROLE_SCOPE, id)) continue;
    await tx.insert(ROLE_SCOPE, {
      ...from,
      id,
      [OF_ROLE]: role.id,
      [OF_SCOPE]: scope.id,
      [OF_RESOURCE]: resource.id,
      modifiedBy: caller.name,
      modifiedDateTime: graphTimestamp(),
    });
  }
}

/**
 * The access package's relations and actions: incompatible packages and groups, `moveToCatalog` and
 * `filterByCurrentUser`. Part of the access package resource (access-packages.ts), which spreads them in.
 */
export function relationHandlers(crud: Crud<StoredAccessPackage, AccessPackage>, context: ResourceContext) {
  return {
    filterAccessPackagesByCurrentUser: async (input) => {
      const { store, caller } = input;
      const oid = typeof caller.claims.oid === 'string' ? caller.claims.oid : '';
      const groups = await transitiveGroups(store, oid);
      const allowed = new Set<string>();
      // Every policy is read: the stub holds few, and each names its package.
      for (let page = await store.list(POLICY, { size: 999, fingerprint: 'policies' }); ; ) {
        for (const policy of page.items) {
          if (await mayRequest(store, policy.requestorSettings, oid, groups)) {
            allowed.add(String(policy.accessPackageId));
          }
        }
        if (!page.nextSkiptoken) break;
        page = await store.list(POLICY, { size: 999, fingerprint: 'policies', skiptoken: page.nextSkiptoken });
      }
      return crud.list(input, { scope: idIn(allowed) });
    },

    // The policies the caller (or, for an administrator, `subject.objectId`) may request the package under.
    getAccessPackageApplicablePolicyRequirements: async ({ body, caller, path, store, reply }) => {
      if (!(await store.get('accessPackage', path.accessPackageId))) throw notFound();
      const oid = callerObjectId(caller) ?? '';
      const asked = body?.subject?.objectId?.toLowerCase();
      if (asked !== undefined && asked !== oid && !isAdministrator(caller)) {
        throw new GraphHttpError(
          403,
          'UnAuthorized',
          "User is not authorized to perform the operation. Reason: only an administrator may ask for another user's requirements.",
        );
      }
      const userId = asked ?? oid;
      const groups = await transitiveGroups(store, userId);
      const value = [];
      for (const policy of await store.where(POLICY, 'accessPackageId', path.accessPackageId)) {
        if (!(await mayRequest(store, policy.requestorSettings, userId, groups))) continue;
        const approval = policy.requestApprovalSettings;
        value.push({
          policyId: policy.id,
          policyDisplayName: (policy.displayName as string | undefined) ?? null,
          policyDescription: (policy.description as string | undefined) ?? null,
          isApprovalRequired: approval?.isApprovalRequired ?? false,
          isApprovalRequiredForExtension: approval?.isApprovalRequiredForExtension ?? false,
          isRequestorJustificationRequired: approval?.isRequestorJustificationRequired ?? false,
          isCustomAssignmentScheduleAllowed: false,
          questions: policy.questions ?? [],
          existingAnswers: [],
          schedule: scheduleOf(policy, context.clock.now()),
        });
      }
      return reply(200, { value });
    },

    moveAccessPackageToCatalog: ({ body, caller, path, store, reply }) =>
      store.transaction(async (tx) => {
        const pkg = await tx.lock('accessPackage', path.accessPackageId, 'update');
        if (!pkg) throw notFound();
        await catalogOf(tx, body.catalogId, 'share');
        if (pkg.catalogId === body.catalogId) return reply(200);
        await relinkRoleScopes(tx, pkg, body.catalogId, caller);
        await tx.update('accessPackage', pkg.id, (current) => ({
          ...current,
          catalogId: body.catalogId,
          modifiedBy: caller.name,
          modifiedDateTime: graphTimestamp(),
        }));
        return reply(200);
      }),

    listIncompatibleAccessPackages: async (input) => {
      if (!(await input.store.get('accessPackage', input.path.accessPackageId))) throw notFound();
      const page = await linkedPage<AccessPackage>(
        input,
        INCOMPATIBLE_PACKAGE,
        equals(OF_PACKAGE, input.path.accessPackageId),
        context.pageSize,
        {
          entity: 'accessPackage',
          end: OTHER_PACKAGE,
          entitySet: PACKAGES_SET,
        },
      );
      return input.reply(200, page);
    },
    listAccessPackagesIncompatibleWith: async (input) => {
      if (!(await input.store.get('accessPackage', input.path.accessPackageId))) throw notFound();
      const page = await linkedPage<AccessPackage>(
        input,
        INCOMPATIBLE_PACKAGE,
        equals(OTHER_PACKAGE, input.path.accessPackageId),
        context.pageSize,
        {
          entity: 'accessPackage',
          end: OF_PACKAGE,
          entitySet: PACKAGES_SET,
        },
      );
      return input.reply(200, page);
    },
    addIncompatibleAccessPackage: ({ body, path, store, reply }) =>
      store.transaction(async (tx) => {
        const id = path.accessPackageId;
        if (!(await tx.lock('accessPackage', id, 'update'))) throw notFound();
        const other = referenced(body['@odata.id'], 'accessPackages');
        if (other === id) {
          throw new GraphHttpError(400, 'InvalidRequest', 'An access package cannot be incompatible with itself.');
        }
        if (!(await tx.lock('accessPackage', other, 'share'))) throw packageNotFound(other);
        if (!(await tx.get(INCOMPATIBLE_PACKAGE, linkId(id, other)))) {
          await assertRoomForOneMore(tx, context.maxItems);
          await tx.insert(INCOMPATIBLE_PACKAGE, { id: linkId(id, other), [OF_PACKAGE]: id, [OTHER_PACKAGE]: other });
        }
        return reply(204);
      }),
    removeIncompatibleAccessPackage: async ({ path, store, reply }) => {
      const { accessPackageId, incompatibleAccessPackageId } = path;
      if (!(await store.get('accessPackage', accessPackageId))) throw notFound();
      if (!(await store.delete(INCOMPATIBLE_PACKAGE, linkId(accessPackageId, incompatibleAccessPackageId)))) {
        throw new GraphHttpError(
          404,
          'ResourceNotFound',
          `The access package '${incompatibleAccessPackageId}' is not incompatible with '${accessPackageId}'.`,
        );
      }
      return reply(204);
    },

    listIncompatibleGroups: async (input) => {
      if (!(await input.store.get('accessPackage', input.path.accessPackageId))) throw notFound();
      const page = await linkedPage<Group>(
        input,
        INCOMPATIBLE_GROUP,
        equals(OF_PACKAGE, input.path.accessPackageId),
        context.pageSize,
        {
          entity: 'group',
          end: OF_GROUP,
          entitySet: 'groups',
        },
      );
      return input.reply(200, page);
    },
    addIncompatibleGroup: ({ body, path, store, reply }) =>
      store.transaction(async (tx) => {
        const id = path.accessPackageId;
        if (!(await tx.lock('accessPackage', id, 'update'))) throw notFound();
        const groupId = referenced(body['@odata.id'], 'groups');
        if (!(await tx.lock('group', groupId, 'share'))) {
          throw new GraphHttpError(404, 'ResourceNotFound', `The group '${groupId}' was not found in the directory.`);
        }
        if (!(await tx.get(INCOMPATIBLE_GROUP, linkId(id, groupId)))) {
          await assertRoomForOneMore(tx, context.maxItems);
          await tx.insert(INCOMPATIBLE_GROUP, { id: linkId(id, groupId), [OF_PACKAGE]: id, [OF_GROUP]: groupId });
        }
        return reply(204);
      }),
    removeIncompatibleGroup: async ({ path, store, reply }) => {
      const { accessPackageId, groupId } = path;
      if (!(await store.get('accessPackage', accessPackageId))) throw notFound();
      if (!(await store.delete(INCOMPATIBLE_GROUP, linkId(accessPackageId, groupId)))) {
        throw new GraphHttpError(
          404,
          'ResourceNotFound',
          `The group '${groupId}' is not incompatible with the access package '${accessPackageId}'.`,
        );
      }
      return reply(204);
    },
  } satisfies Handlers;
}
