import type { ContractCase } from './cases/case.js';
import type { Exchange } from './exchange.js';
import { assignable, FAR_FUTURE, firstStep, groupInCatalog, pendingApproval } from './recipes.js';
import type { ContractRun } from './run.js';

type Item = Record<string, unknown> & { id: string };

const GROUP = 'round trips of the access package lifecycle';

/** The body of a 4xx answer's `error.code`, to check the refusal is the one the contract documents. */
function codeOf(exchange: Exchange): unknown {
  return (exchange.response.json as { error?: { code?: unknown } }).error?.code;
}

function expectCode(what: string, exchange: Exchange, code: string): void {
  const got = codeOf(exchange);
  if (got !== code) throw new Error(`${what} answered the error code ${JSON.stringify(got)}, not ${code}.`);
}

/**
 * The lifecycle Microsoft's tutorial walks, end to end, in a catalog of the run's own: a group into the catalog,
 * its resource and Member role found, a package granted the role, a policy; the package reads back with both;
 * the referential refusals on the way out (a resource in use, a package with a policy, a catalog that still holds
 * things); and the removal order that works. Only objects of the run are touched, so it runs against a tenant too.
 */
export function lifecycleCases(): ContractCase[] {
  const run = async (r: ContractRun) => {
    const op = (id: string) => r.operation(id);
    const catalogId = String((await r.createObject(r.resource('accessPackageCatalog'))).id);
    const groupId = await groupInCatalog(r, catalogId);

    const resources = await r.call(
      op('listAccessPackageCatalogResources'),
      { params: { accessPackageCatalogId: catalogId }, query: [['$filter', `originId eq '${groupId}'`]] },
      'success',
    );
    const resource = (resources.response.json as { value: Item[] }).value[0];
    if (!resource || resource.id === groupId) {
      throw new Error(`The catalog lists no resource of its own for the group ${groupId}.`);
    }
    const roles = await r.call(
      op('listAccessPackageCatalogResourceRoles'),
      {
        params: { accessPackageCatalogId: catalogId },
        query: [
          [
            '$filter',
            `(originSystem eq 'AadGroup' and accessPackageResource/id eq '${resource.id}' and displayName eq 'Member')`,
          ],
          ['$expand', 'accessPackageResource'],
        ],
      },
      'success',
    );
    const role = (roles.response.json as { value: Item[] }).value[0];
    if (role?.originId !== `Member_${groupId}`) throw new Error(`The group's Member role is not Member_${groupId}.`);

    const accessPackageId = String(
      (await r.createObject(r.resource('accessPackage'), { references: { catalogId } })).id,
    );
    const roleScope = (
      await r.call(
        op('createAccessPackageResourceRoleScope'),
        {
          params: { accessPackageId },
          body: {
            accessPackageResourceRole: {
              originId: role.originId,
              originSystem: 'AadGroup',
              accessPackageResource: { id: resource.id },
            },
            accessPackageResourceScope: { originId: groupId, originSystem: 'AadGroup' },
          },
        },
        'success',
      )
    ).response.json as Item;
    if (!roleScope.id.startsWith(`${role.id}_`))
      throw new Error(`The role scope's id ${roleScope.id} is not {roleId}_{scopeId}.`);
    const policy = await r.createObject(r.resource('accessPackageAssignmentPolicy'), {
      references: { accessPackageId },
    });

    const read = (
      await r.call(
        op('getAccessPackage'),
        {
          params: { accessPackageId },
          query: [
            [
              '$expand',
              'accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope),accessPackageAssignmentPolicies',
            ],
          ],
        },
        'success',
      )
    ).response.json as { accessPackageResourceRoleScopes?: Item[]; accessPackageAssignmentPolicies?: Item[] };
    const granted = read.accessPackageResourceRoleScopes?.map((s) => (s.accessPackageResourceRole as Item)?.originId);
    if (JSON.stringify(granted) !== JSON.stringify([`Member_${groupId}`])) {
      throw new Error(`The package's role scopes read back as ${JSON.stringify(granted)}.`);
    }
    if (!read.accessPackageAssignmentPolicies?.some((p) => p.id === policy.id)) {
      throw new Error('The package does not expand to its policy.');
    }

    // The refusals on the way out, each with the code the contract documents.
    const removeResource = {
      catalogId,
      requestType: 'AdminRemove',
      accessPackageResource: { id: resource.id },
    };
    expectCode(
      'Removing a resource whose role a package grants',
      await r.call(op('createAccessPackageResourceRequest'), { body: removeResource }, 400),
      'InvalidDeleteResourceHasEntitlements',
    );
    expectCode(
      'Deleting a package with a policy',
      await r.call(op('deleteAccessPackage'), { params: { accessPackageId } }, 409),
      'AccessPackageHasAssignmentPolicies',
    );
    expectCode(
      'Deleting a catalog that holds a package and a resource',
      await r.call(op('deleteAccessPackageCatalog'), { params: { accessPackageCatalogId: catalogId } }, 409),
      'CatalogNotEmpty',
    );

    // The order that works: policy, package (its role scopes go with it), resource, catalog.
    await r.call(
      op('deleteAccessPackageAssignmentPolicy'),
      { params: { accessPackageAssignmentPolicyId: policy.id as string } },
      'success',
    );
    await r.call(op('deleteAccessPackage'), { params: { accessPackageId } }, 'success');
    await r.call(op('createAccessPackageResourceRequest'), { body: removeResource }, 'success');
    await r.call(op('deleteAccessPackageCatalog'), { params: { accessPackageCatalogId: catalogId } }, 'success');
  };
  // A second request for what is already asked for, on either path, is refused; so is an add of what is held.
  const duplicates = async (r: ContractRun) => {
    const assignment = await assignable(r);
    const body = {
      requestType: 'AdminAdd',
      accessPackageAssignment: assignment,
      schedule: { startDateTime: FAR_FUTURE },
    };
    await r.call(r.operation('createAssignmentRequest'), { body }, 'success');
    for (const id of ['createAssignmentRequest', 'createAccessPackageAssignmentRequest']) {
      expectCode('A second open request', await r.call(r.operation(id), { body }, 409), 'ExistingOpenRequest');
      const unknownPolicy = {
        ...body,
        accessPackageAssignment: { ...assignment, assignmentPolicyId: crypto.randomUUID() },
      };
      expectCode(
        'A request under no policy',
        await r.call(r.operation(id), { body: unknownPolicy }, 404),
        'ResourceNotFound',
      );
    }
    // Nor can its policy go while the request is open.
    expectCode(
      'Deleting a policy with an open request',
      await r.call(
        r.operation('deleteAccessPackageAssignmentPolicy'),
        { params: { accessPackageAssignmentPolicyId: assignment.assignmentPolicyId } },
        409,
      ),
      'AssignmentPolicyHasAssignments',
    );
  };
  // An approver's decision is taken once; the approved request leaves PendingApproval for delivery.
  const decidedOnce = async (r: ContractRun) => {
    const accessPackageAssignmentApprovalId = await pendingApproval(r);
    const params = {
      accessPackageAssignmentApprovalId,
      approvalStepId: await firstStep(r, accessPackageAssignmentApprovalId),
    };
    const step = r.operation('updateAccessPackageAssignmentApprovalStep');
    await r.call(step, { params, body: { reviewResult: 'Approve', justification: 'As the run' } }, 'success');
    expectCode(
      'A second decision on a decided step',
      await r.call(step, { params, body: { reviewResult: 'Deny', justification: 'Too late' } }, 409),
      'ApprovalStepCompleted',
    );
    const decided = (await r.call(r.operation('getAccessPackageAssignmentApprovalStep'), { params }, 'success'))
      .response.json as { status?: string; reviewResult?: string; justification?: string };
    if (
      decided.status !== 'Completed' ||
      decided.reviewResult !== 'Approved' ||
      decided.justification !== 'As the run'
    ) {
      throw new Error(`The approved step reads back as ${JSON.stringify(decided)}.`);
    }
    const read = await r.call(
      r.operation('getAssignmentRequest'),
      { params: { accessPackageAssignmentRequestId: accessPackageAssignmentApprovalId } },
      'success',
    );
    const state = (read.response.json as { requestState?: string }).requestState;
    if (state !== 'Delivering' && state !== 'Delivered') {
      throw new Error(`The approved request is ${state}, not Delivering or Delivered.`);
    }
  };
  // Delegation: a role given over the API is listed for its catalog, and is given once.
  const roleGivenOnce = async (r: ContractRun) => {
    const create = r.operation('createEntitlementManagementRoleAssignment');
    const body = await r.bind(create, r.exampleBody(create));
    const given = (await r.call(create, { body }, 'success')).response.json as Item;
    expectCode('The same role given twice', await r.call(create, { body }, 409), 'RoleAssignmentExists');
    const listed = await r.call(
      r.operation('listEntitlementManagementRoleAssignments'),
      { query: [['$filter', `appScopeId eq '${String(given.appScopeId)}'`]] },
      'success',
    );
    if (!(listed.response.json as { value: Item[] }).value.some((item) => item.id === given.id))
      throw new Error(`The role assignment ${given.id} is not listed for its scope ${String(given.appScopeId)}.`);
    await r.call(
      r.operation('deleteEntitlementManagementRoleAssignment'),
      { params: { unifiedRoleAssignmentId: given.id } },
      'success',
    );
  };
  // A custom workflow extension a policy calls stays while the policy calls it, and goes once it does not.
  const extensionInUse = async (r: ContractRun) => {
    const extension = String((await r.createObject(r.resource('customAccessPackageWorkflowExtension'))).id);
    const accessPackageId = String((await r.createObject(r.resource('accessPackage'))).id);
    const creator = r.operation('createAccessPackageAssignmentPolicy');
    const bound = (await r.bind(creator, r.exampleBody(creator), { accessPackageId })) as Record<string, unknown>;
    // Bound first: binding names the run's shared extension, and this policy calls an extension of its own.
    const body = {
      ...bound,
      customExtensionHandlers: [{ stage: 'assignmentRequestCreated', customExtension: { id: extension } }],
    };
    const policy = (await r.call(creator, { body }, 'success')).response.json as Item;
    const read = (
      await r.call(
        r.operation('getAccessPackageAssignmentPolicy'),
        {
          params: { accessPackageAssignmentPolicyId: String(policy.id) },
          query: [['$expand', 'customExtensionHandlers($expand=customExtension)']],
        },
        'success',
      )
    ).response.json as { customExtensionHandlers?: Array<{ customExtension?: Item }> };
    const called = read.customExtensionHandlers?.map((handler) => handler.customExtension?.id);
    if (JSON.stringify(called) !== JSON.stringify([extension])) {
      throw new Error(`The policy's handlers expand to ${JSON.stringify(called)}, not the extension ${extension}.`);
    }
    const accessPackageCatalogId = await r.sharedObject(r.resource('accessPackageCatalog'));
    const params = { accessPackageCatalogId, customAccessPackageWorkflowExtensionId: extension };
    const remove = r.operation('deleteCustomAccessPackageWorkflowExtension');
    expectCode('Deleting an extension a policy calls', await r.call(remove, { params }, 409), 'CustomExtensionInUse');
    await r.call(
      r.operation('deleteAccessPackageAssignmentPolicy'),
      { params: { accessPackageAssignmentPolicyId: String(policy.id) } },
      'success',
    );
    await r.call(remove, { params }, 'success');
  };
  return [
    {
      group: GROUP,
      title: 'a custom workflow extension a policy calls cannot be deleted (409) until the policy goes',
      requests: 10,
      run: extensionInUse,
    },
    {
      group: GROUP,
      title: 'a role given in a catalog is listed for it, is given once (then 409), and is taken back',
      requests: 8,
      run: roleGivenOnce,
    },
    {
      group: GROUP,
      title: "an approver's decision is taken once (then 409), and the approved request goes on to delivery",
      requests: 14,
      run: decidedOnce,
    },
    {
      group: GROUP,
      title: 'a second open request for the same target, package and policy is refused on both paths',
      requests: 12,
      run: duplicates,
    },
    {
      group: GROUP,
      title:
        'a group goes into a catalog, a package gets its Member role and a policy, and they leave in the order Graph requires',
      requests: 24,
      run,
    },
  ];
}
