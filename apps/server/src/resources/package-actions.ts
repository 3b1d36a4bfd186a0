import type { AccessPackage } from '@accesspackage/types';
import { callerObjectId } from '../auth/identity.js';
import type { Caller } from '../auth/index.js';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { graphTimestamp } from '../graph/timestamps.js';
import { idIn } from '../odata/conditions.js';
import { RESOURCE_ROLE, RESOURCE_SCOPE } from '../store/catalog-resources.js';
import type { StoredResource, StoredResourceRole, StoredResourceScope, StoredRoleScope } from '../store/entities.js';
import { OF_PACKAGE, OF_POLICY, OF_RESOURCE, OF_ROLE, OF_SCOPE, TARGET_OBJECT } from '../store/references.js';
import { everyItem, type StoredAccessPackage, type StoredEntity, type TenantStore } from '../store/store.js';
import { catalogOf, ROLE_SCOPE, resourceByOrigin } from './catalog-resources.js';
import { REQUEST } from './lifecycle/keys.js';
import { mayRequest, transitiveGroups } from './lifecycle/requestors.js';
import { scheduleOf } from './lifecycle/schedules.js';
import type { Handlers } from './operation.js';
import { POLICY } from './policies.js';
import type { Crud, ResourceContext } from './resource.js';

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
 * The answers the user gave last under the policy (its latest delivered request that brought some), which a request
 * to extend may show again; `[]` when none.
 */
async function existingAnswers(store: TenantStore, userId: string, policyId: string) {
  const delivered = (await store.where(REQUEST, TARGET_OBJECT, userId)).filter(
    (request) =>
      request[OF_POLICY] === policyId && request.requestState === 'Delivered' && (request.answers ?? []).length > 0,
  );
  return delivered.at(-1)?.answers ?? [];
}

/**
 * The access package's actions and functions: `filterByCurrentUser`, `getApplicablePolicyRequirements` and
 * `moveToCatalog`. Part of the access package resource (access-packages.ts), which spreads them in.
 */
export function packageActionHandlers(crud: Crud<StoredAccessPackage, AccessPackage>, context: ResourceContext) {
  return {
    filterAccessPackagesByCurrentUser: async (input) => {
      const { store, caller } = input;
      const oid = typeof caller.claims.oid === 'string' ? caller.claims.oid : '';
      const groups = await transitiveGroups(store, oid);
      const allowed = new Set<string>();
      // Every policy is read: the stub holds few, and each names its package.
      for (const policy of await everyItem(store, POLICY, 'policies')) {
        if (await mayRequest(store, policy.requestorSettings, oid, groups)) allowed.add(String(policy.accessPackageId));
      }
      return crud.list(input, { scope: idIn(allowed), typed: true });
    },

    // The policies the caller (or, for an assignment manager, `subject.objectId`) may request the package under.
    getAccessPackageApplicablePolicyRequirements: async ({ body, caller, path, store, reply }) => {
      if (!(await store.get('accessPackage', path.accessPackageId))) throw notFound();
      const oid = callerObjectId(caller) ?? '';
      const asked = body?.subject?.objectId?.toLowerCase();
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
          existingAnswers: await existingAnswers(store, userId, policy.id),
          schedule: scheduleOf(policy, context.clocks.of(store.tenantId).now()),
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
  } satisfies Handlers;
}
