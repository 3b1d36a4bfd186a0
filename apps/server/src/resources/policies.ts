import type { AccessPackageAssignmentPolicy } from '@accesspackage/types';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { graphTimestamp } from '../graph/timestamps.js';
import type { StoredPolicy } from '../store/entities.js';
import { policyOf } from '../store/policy-defaults.js';
import { EXTENSION_HANDLERS, EXTENSION_STAGE_SETTINGS, OF_POLICY } from '../store/references.js';
import type { TenantStore } from '../store/store.js';
import { noHttpResource } from './catalog-resources.js';
import { extensionHandlersOf } from './custom-extensions.js';
import { ASSIGNMENT, OPEN, REQUEST } from './lifecycle/keys.js';
import type { Handlers } from './operation.js';
import { declareResource } from './resource.js';

export const POLICY = 'accessPackageAssignmentPolicy';

/** The package a policy names, locked against its deletion; 404 when there is none. Its catalog's id. */
async function lockPackage(store: TenantStore, accessPackageId: string): Promise<string> {
  const pkg = await store.lock('accessPackage', accessPackageId, 'share');
  if (!pkg) {
    throw new GraphHttpError(404, 'ResourceNotFound', `The access package '${accessPackageId}' was not found.`, [
      {
        code: 'ResourceNotFound',
        target: 'accessPackageId',
        message: `No access package has the id '${accessPackageId}'.`,
      },
    ]);
  }
  return String(pkg.catalogId);
}

/** The policies of a package. */
export async function policiesOf(store: TenantStore, accessPackageId: string): Promise<StoredPolicy[]> {
  return await store.where(POLICY, 'accessPackageId', accessPackageId);
}

const directPath = (accessPackageId: string) => `accessPackages('${accessPackageId}')/accessPackageAssignmentPolicies`;

export const policies = declareResource<StoredPolicy, AccessPackageAssignmentPolicy>({
  entity: POLICY,
  // Its handlers and stage settings are kept apart from what it shows: Graph shows them only through `$expand`.
  references: [EXTENSION_HANDLERS, EXTENSION_STAGE_SETTINGS],
  navigation: {
    accessPackage: async (policy, store) => await store.get('accessPackage', policy.accessPackageId ?? ''),
    customExtensionHandlers: async (policy) => policy[EXTENSION_HANDLERS] ?? [],
    customExtensionStageSettings: async (policy) => policy[EXTENSION_STAGE_SETTINGS] ?? [],
  },
  handlers: (crud) =>
    ({
      listAccessPackageAssignmentPolicies: crud.list,
      getAccessPackageAssignmentPolicy: crud.get,
      createAccessPackageAssignmentPolicy: async (input) => {
        const { body, caller } = input;
        const created = await input.store.transaction(async (tx) => {
          const catalogId = await lockPackage(tx, body.accessPackageId);
          const handlers = await extensionHandlersOf(tx, catalogId, body);
          return crud.insert(tx, { ...policyOf(body, false), ...handlers } as Omit<StoredPolicy, 'id'>, caller);
        });
        return crud.created(input, created);
      },
      // PUT replaces the policy: what the body leaves out takes its default again.
      updateAccessPackageAssignmentPolicy: async (input) => {
        const { body, caller, path } = input;
        const id = path.accessPackageAssignmentPolicyId;
        await input.store.transaction(async (tx) => {
          if (!(await tx.lock(POLICY, id, 'update'))) throw notFound();
          const catalogId = await lockPackage(tx, body.accessPackageId);
          const { id: _ignored, ...replacement } = body;
          const handlers = await extensionHandlersOf(tx, catalogId, replacement);
          await tx.update(POLICY, id, (current) =>
            JSON.parse(
              JSON.stringify({
                id,
                ...policyOf(replacement, true),
                ...handlers,
                createdBy: current.createdBy,
                createdDateTime: current.createdDateTime,
                modifiedBy: caller.name,
                modifiedDateTime: graphTimestamp(),
              }),
            ),
          );
        });
        return crud.get(input);
      },
      // Assignments go first, as Microsoft's tutorial removes them before the policy (the contract's choice: 409).
      deleteAccessPackageAssignmentPolicy: (input) =>
        input.store.transaction(async (tx) => {
          const id = input.path.accessPackageAssignmentPolicyId;
          const policy = await tx.lock(POLICY, id, 'update');
          if (policy) {
            const held = (await tx.where(ASSIGNMENT, 'assignmentPolicyId', id)).filter(
              (assignment) => assignment.assignmentState !== 'Expired',
            ).length;
            const open = (await tx.where(REQUEST, OF_POLICY, id)).filter((request) =>
              OPEN.has(String(request.requestState)),
            ).length;
            if (held > 0 || open > 0) {
              throw new GraphHttpError(
                409,
                'AssignmentPolicyHasAssignments',
                `The assignment policy '${policy.displayName}' still has ${held} assignment(s) and ${open} open request(s). Remove the assignments (AdminRemove requests) and let the requests end first.`,
              );
            }
          }
          return crud.remove({ ...input, store: tx });
        }),
      // Graph serves nothing under a package's own path (microsoftgraph/msgraph-sdk-powershell#786).
      listAccessPackageAssignmentPoliciesOfAccessPackage: async ({ path }) => {
        throw noHttpResource(directPath(path.accessPackageId));
      },
      createAccessPackageAssignmentPolicyOfAccessPackage: async ({ path }) => {
        throw noHttpResource(directPath(path.accessPackageId));
      },
    }) satisfies Handlers,
});
