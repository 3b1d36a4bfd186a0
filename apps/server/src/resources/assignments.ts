import type { AccessPackageAssignment } from '@accesspackage/types';
import { callerObjectId, createdByOf } from '../auth/identity.js';
import { GraphHttpError, notFound } from '../graph/http-error.js';
import { equals, idIn, NOTHING } from '../odata/conditions.js';
import {
  CREATED_BY_OBJECT,
  OF_ASSIGNMENT,
  OF_PACKAGE,
  OF_POLICY,
  TARGET_OBJECT,
  TARGET_SUBJECT,
} from '../store/references.js';
import { noHttpResource } from './catalog-resources.js';
import { grant } from './lifecycle/grants.js';
import { ASSIGNMENT, REQUEST, type StoredAssignment, SUBJECT } from './lifecycle/keys.js';
import type { Handler, Handlers } from './operation.js';
import { POLICY } from './policies.js';
import { declareResource } from './resource.js';

export const assignments = declareResource<StoredAssignment, AccessPackageAssignment>({
  entity: ASSIGNMENT,
  references: [OF_PACKAGE, OF_POLICY, TARGET_OBJECT, TARGET_SUBJECT],
  navigation: {
    target: async (assignment, store) => await store.get(SUBJECT, String(assignment[TARGET_SUBJECT])),
    accessPackage: async (assignment, store) => await store.get('accessPackage', assignment.accessPackageId),
    accessPackageAssignmentPolicy: async (assignment, store) => await store.get(POLICY, assignment.assignmentPolicyId),
  },
  handlers: (crud) => {
    type ListInput = Parameters<Handler<'listAccessPackageAssignments'>>[0];
    return {
      listAccessPackageAssignments: crud.list,
      getAccessPackageAssignment: crud.get,
      // Graph does not delete assignments (microsoftgraph/msgraph-sdk-powershell#2493); requests remove them.
      deleteAccessPackageAssignment: async ({ path }) => {
        throw noHttpResource(`accessPackageAssignments('${path.accessPackageAssignmentId}')`);
      },
      listAccessPackageAssignmentsFilteredByCurrentUserTarget: async (input: ListInput) => {
        const oid = callerObjectId(input.caller);
        return crud.list(input, { scope: oid ? equals(TARGET_OBJECT, oid) : NOTHING, typed: true }) as never;
      },
      // The assignments made by the caller's requests.
      listAccessPackageAssignmentsFilteredByCurrentUserCreatedBy: async (input: ListInput) => {
        const mine = createdByOf(input.caller);
        const ids = new Set<string>();
        for (const request of await input.store.where(REQUEST, CREATED_BY_OBJECT, mine)) {
          if (typeof request[OF_ASSIGNMENT] === 'string') ids.add(request[OF_ASSIGNMENT]);
        }
        return crud.list(input, { scope: idIn(ids), typed: true }) as never;
      },
      // The current assignments of one package whose targets also currently hold the other.
      listAccessPackageAssignmentsAdditionalAccess: async (input) => {
        const { accessPackageId, incompatibleAccessPackageId } = input.path;
        const held = async (packageId: string) => {
          if (!(await input.store.get('accessPackage', packageId))) throw notFound();
          return (await input.store.where(ASSIGNMENT, OF_PACKAGE, packageId)).filter(
            (assignment) => assignment.assignmentState === 'Delivered',
          );
        };
        const mine = await held(accessPackageId);
        const holders = new Set((await held(incompatibleAccessPackageId)).map((assignment) => assignment.targetId));
        const ids = mine.filter((assignment) => holders.has(assignment.targetId)).map((assignment) => assignment.id);
        return crud.list(input, { scope: idIn(ids), typed: true }) as never;
      },
      reprocessAccessPackageAssignment: ({ path, store, reply }) =>
        store.transaction(async (tx) => {
          const assignment = (await tx.lock(ASSIGNMENT, path.accessPackageAssignmentId, 'update')) as
            | StoredAssignment
            | undefined;
          if (!assignment) throw notFound();
          if (assignment.assignmentState !== 'Delivered') {
            throw new GraphHttpError(
              400,
              'BadRequest',
              `The assignment '${assignment.id}' is ${assignment.assignmentState}: only a Delivered assignment can be reprocessed.`,
            );
          }
          await grant(tx, assignment);
          return reply(202);
        }),
    } satisfies Handlers;
  },
});
