import { readRoles } from '@accesspackage/openapi';
import { NeedsStub } from './refusals.js';
import type { ContractRun } from './run.js';
import { isObject } from './spec.js';
import type { Target } from './target.js';

/**
 * How to make a well-formed request of an operation whose path or body names other objects in ways the
 * contract cannot say: an OData `@odata.id` reference, a member that must already be in a group. Every
 * other operation is bound generically (path parameters that are a resource's id, body properties named
 * `<resource>Id`). A recipe only ever names objects the run created, so it runs against a tenant too.
 */
export interface Recipe {
  /** Path parameters of a well-formed request. */
  params?(run: ContractRun): Promise<Record<string, string>>;
  /**
   * The object takes one well-formed request only (an approval step is decided once): each generated body gets
   * path parameters of its own.
   */
  onePerRequest?: boolean;
  /** Binds a body (the contract's example, or a generated one) to objects of the run, given the request's path parameters. */
  bind?(run: ContractRun, body: Record<string, unknown>, params: Record<string, string>): Promise<unknown>;
  /** The bound body as a caller holding only the operation's least role may send it. */
  asLeastRole?(body: unknown): unknown;
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
    // A catalog owner adds only groups it owns: with its least role alone, a caller adds an application.
    asLeastRole: (body) =>
      isObject(body) && body.requestType === 'AdminAdd'
        ? { ...body, accessPackageResource: { originId: crypto.randomUUID(), originSystem: 'AadApplication' } }
        : body,
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
};

// A role given to a fresh user of the run, in the run's own catalog: the same principal, role and scope twice is a
// conflict, and a tenant's other catalogs are not the run's to change.
RECIPES.createEntitlementManagementRoleAssignment = {
  bind: async (run, body) => {
    // A role held in one catalog (Catalog creator is held tenant-wide only); an id that names no role stays as it is.
    const definitions = readRoles(run.contract.document).definitions;
    const given = definitions.find((role) => role.id === body.roleDefinitionId);
    return {
      ...body,
      roleDefinitionId: given?.tenantOnly ? definitions.find((role) => !role.tenantOnly)?.id : body.roleDefinitionId,
      principalId: await freshUser(run),
      appScopeId: `/AccessPackageCatalog/${await run.sharedObject(run.resource('accessPackageCatalog'))}`,
    };
  },
};

// A group's members and owners: a fresh user each time (a link is made only once), added first for a removal.
for (const link of ['Member', 'Owner'] as const) {
  RECIPES[`addGroup${link}`] = {
    bind: async (run, body) => ({ ...body, '@odata.id': directoryObjectUrl(await freshUser(run)) }),
  };
  RECIPES[`removeGroup${link}`] = {
    params: async (run) => {
      const groupId = await run.sharedObject(run.resource('group'));
      const directoryObjectId = await freshUser(run);
      await run.call(
        run.operation(`addGroup${link}`),
        { params: { groupId }, body: { '@odata.id': directoryObjectUrl(directoryObjectId) } },
        'success',
      );
      return { groupId, directoryObjectId };
    },
  };
}

// A connected organization's sponsors: a fresh user each time (a sponsor is added once), added first for a removal.
for (const kind of ['Internal', 'External'] as const) {
  RECIPES[`addConnectedOrganization${kind}Sponsor`] = {
    bind: async (run, body) => ({ ...body, '@odata.id': directoryObjectUrl(await freshUser(run)) }),
  };
  RECIPES[`removeConnectedOrganization${kind}Sponsor`] = {
    params: async (run) => {
      const connectedOrganizationId = await run.sharedObject(run.resource('connectedOrganization'));
      const directoryObjectId = await freshUser(run);
      await run.call(
        run.operation(`addConnectedOrganization${kind}Sponsor`),
        { params: { connectedOrganizationId }, body: { '@odata.id': directoryObjectUrl(directoryObjectId) } },
        'success',
      );
      return { connectedOrganizationId, directoryObjectId };
    },
  };
}

// Assignment requests and assignments. An administrator's add (the run's token holds Identity Governance
// Administrator) of a fresh user, to a fresh package under a policy of its own; the stub the suite starts delivers it
// on its next request. One that starts in a hundred years stays open (Submitted), to be canceled or deleted, however
// far a case moves the stub's clock.

const DAY_MS = 24 * 3600 * 1000;
export const FAR_FUTURE = '2126-01-01T00:00:00Z';

/** A fresh user, and a fresh package with a policy, to assign one to the other. */
export async function assignable(
  run: ContractRun,
): Promise<{ targetId: string; accessPackageId: string; assignmentPolicyId: string }> {
  const targetId = await freshUser(run);
  const accessPackageId = await freshPackage(run);
  const policy = await run.createObject(run.resource('accessPackageAssignmentPolicy'), {
    references: { accessPackageId },
  });
  return { targetId, accessPackageId, assignmentPolicyId: String(policy.id) };
}

/** An AdminAdd request of the run; `startsLater` keeps it Submitted (its schedule starts tomorrow). */
async function assignmentRequest(run: ContractRun, startsLater: boolean): Promise<string> {
  const body = {
    requestType: 'AdminAdd',
    accessPackageAssignment: await assignable(run),
    ...(startsLater ? { schedule: { startDateTime: FAR_FUTURE } } : {}),
  };
  const { response } = await run.call(run.operation('createAssignmentRequest'), { body }, 'success');
  return String((response.json as { id: string }).id);
}

/** A canceled request, which may be deleted. */
async function canceledRequest(run: ContractRun): Promise<string> {
  const id = await assignmentRequest(run, true);
  await run.call(
    run.operation('cancelAssignmentRequest'),
    { params: { accessPackageAssignmentRequestId: id } },
    'success',
  );
  return id;
}

/**
 * A request whose delivery failed: its target is deleted before it starts, then the stub's clock moves past its
 * start (stub only: a tenant has no clock to move).
 */
async function failedRequest(run: ContractRun): Promise<string> {
  const { targetId, ...rest } = await assignable(run);
  // The clock of the run's own stub (admin routes otherwise go to a stub of their own).
  const target = run.target;
  const clock = await run.call(run.operation('stubClockGet'), { target }, 'success');
  const now = Date.parse((clock.response.json as { now: string }).now);
  const body = {
    requestType: 'AdminAdd',
    accessPackageAssignment: { targetId, ...rest },
    schedule: { startDateTime: new Date(now + DAY_MS).toISOString() },
  };
  const { response } = await run.call(run.operation('createAssignmentRequest'), { body }, 'success');
  await run.call(run.operation('deleteUser'), { params: { userId: targetId } }, 'success');
  await run.call(run.operation('stubClockChange'), { target, body: { advance: 'P2D' } }, 'success');
  return String((response.json as { id: string }).id);
}

/** A delivered assignment (its id is its request's), shared by the cases that read it. */
const deliveredAssignment = (run: ContractRun) =>
  run.once('a delivered assignment', () => assignmentRequest(run, false));

const requestParams = (make: (run: ContractRun) => Promise<string>) => ({
  params: async (run: ContractRun) => ({ accessPackageAssignmentRequestId: await make(run) }),
});
const assignmentParams = {
  params: async (run: ContractRun) => ({ accessPackageAssignmentId: await deliveredAssignment(run) }),
};

/**
 * A generated schedule made one the stub can honour, keeping its shape: a start tomorrow, an end in a year, a
 * duration of a week (generated dates and durations may lie in the past, or past the year 9999).
 */
function honourable(schedule: unknown): unknown {
  if (typeof schedule !== 'object' || schedule === null) return schedule;
  const { startDateTime, expiration } = schedule as { startDateTime?: unknown; expiration?: unknown };
  const ends =
    typeof expiration === 'object' && expiration !== null
      ? {
          expiration: {
            ...expiration,
            ...(typeof (expiration as { endDateTime?: unknown }).endDateTime === 'string'
              ? { endDateTime: new Date(Date.now() + 365 * DAY_MS).toISOString() }
              : {}),
            ...(typeof (expiration as { duration?: unknown }).duration === 'string' ? { duration: 'P7D' } : {}),
          },
        }
      : {};
  return {
    ...schedule,
    ...(typeof startDateTime === 'string' ? { startDateTime: new Date(Date.now() + DAY_MS).toISOString() } : {}),
    ...ends,
  };
}

// The same recipes for both paths of assignment requests.
const bindAssignmentRequest: Recipe = {
  bind: async (run, body) => {
    const { assignment: _other, displayName: _name, schedule, ...rest } = body;
    return {
      ...rest,
      ...(schedule === undefined ? {} : { schedule: honourable(schedule) }),
      requestType: 'AdminAdd',
      accessPackageAssignment: await assignable(run),
    };
  },
};
for (const [current, deprecated] of [['AssignmentRequest', 'AccessPackageAssignmentRequest']] as const) {
  for (const name of [current, deprecated]) {
    RECIPES[`create${name}`] = bindAssignmentRequest;
    RECIPES[`cancel${name}`] = requestParams((run) => assignmentRequest(run, true));
    RECIPES[`cancelPascalCase${name}`] = requestParams((run) => assignmentRequest(run, true));
    RECIPES[`delete${name}`] = requestParams(canceledRequest);
    RECIPES[`reprocess${name}`] = requestParams(failedRequest);
  }
}
// Two packages of the run: additionalAccess answers the assignments of one whose targets also hold the other.
RECIPES.listAccessPackageAssignmentsAdditionalAccess = {
  params: async (run) => ({
    accessPackageId: await run.sharedObject(run.resource('accessPackage')),
    incompatibleAccessPackageId: await freshPackage(run),
  }),
};
RECIPES.getAccessPackageAssignment = assignmentParams;
RECIPES.deleteAccessPackageAssignment = assignmentParams;
RECIPES.reprocessAccessPackageAssignment = assignmentParams;

// Approvals. The run's own token (its oid) is the approver of every approval the run makes, so the run may decide
// them; the requestor is a fresh user of the run, signed in with a token minted for it (stub only: a tenant's
// tokens cannot be minted).

/** The `oid` of the run's own token. */
function ownObjectId(run: ContractRun): string {
  const payload = run.target.token.split('.')[1] ?? '';
  const oid = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid?: unknown }).oid;
  if (typeof oid !== 'string') throw new Error("The run's token has no oid: approvals need an approver who signs in.");
  return oid;
}

const singleUser = (id: string) => ({ '@odata.type': '#microsoft.graph.singleUser', id });

/** A fresh user's UserAdd request under a policy the run's token approves, taken to PendingApproval; its id. */
export async function pendingApproval(run: ContractRun): Promise<string> {
  const requestorId = await freshUser(run);
  const accessPackageId = await freshPackage(run);
  const policyResource = run.resource('accessPackageAssignmentPolicy');
  const creator = policyResource.creators[0];
  const example = creator ? (run.exampleBody(creator) as Record<string, unknown>) : {};
  const policy = await run.createObject(policyResource, {
    references: { accessPackageId },
    body: {
      ...example,
      requestorSettings: {
        scopeType: 'SpecificDirectorySubjects',
        acceptRequests: true,
        allowedRequestors: [singleUser(requestorId)],
      },
      requestApprovalSettings: {
        isApprovalRequired: true,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: false,
        approvalMode: 'SingleStage',
        approvalStages: [{ approvalStageTimeOutInDays: 14, primaryApprovers: [singleUser(ownObjectId(run))] }],
      },
    },
  });
  const token = run.target.tokenWith(['EntitlementManagement.ReadWrite.All'], { oid: requestorId });
  if (token === undefined) {
    throw new NeedsStub(
      `${run.target.description} cannot mint a token for the run's requestor: approvals run against the stub only.`,
    );
  }
  const asRequestor = { ...run.target, token };
  const body = {
    requestType: 'UserAdd',
    accessPackageAssignment: { targetId: requestorId, assignmentPolicyId: String(policy.id), accessPackageId },
  };
  const created = await run.call(run.operation('createAssignmentRequest'), { body, target: asRequestor }, 'success');
  const params = { accessPackageAssignmentRequestId: String((created.response.json as { id: string }).id) };
  for (let attempt = 0; attempt < 200; attempt++) {
    const read = await run.call(run.operation('getAssignmentRequest'), { params }, 'success');
    const state = (read.response.json as { requestState?: string }).requestState;
    if (state === 'PendingApproval') return params.accessPackageAssignmentRequestId;
    if (state !== 'Submitted')
      throw new Error(`The request ${params.accessPackageAssignmentRequestId} went ${state}, not PendingApproval.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`The request ${params.accessPackageAssignmentRequestId} never reached PendingApproval.`);
}

/** The first step of an approval. */
export async function firstStep(run: ContractRun, approvalId: string): Promise<string> {
  const read = await run.call(
    run.operation('getAccessPackageAssignmentApproval'),
    { params: { accessPackageAssignmentApprovalId: approvalId } },
    'success',
  );
  const step = (read.response.json as { steps?: { id: string }[] }).steps?.[0];
  if (!step) throw new Error(`The approval ${approvalId} has no step.`);
  return step.id;
}

/** An approval that cases only read, made once per run. */
const sharedApproval = (run: ContractRun) => run.once('an approval awaiting the run', () => pendingApproval(run));
const approvalParams = (make: (run: ContractRun) => Promise<string>, withStep: boolean): Recipe => ({
  params: async (run: ContractRun): Promise<Record<string, string>> => {
    const accessPackageAssignmentApprovalId = await make(run);
    return withStep
      ? { accessPackageAssignmentApprovalId, approvalStepId: await firstStep(run, accessPackageAssignmentApprovalId) }
      : { accessPackageAssignmentApprovalId };
  },
});
RECIPES.getAccessPackageAssignmentApproval = approvalParams(sharedApproval, false);
RECIPES.listAccessPackageAssignmentApprovalSteps = approvalParams(sharedApproval, false);
RECIPES.getAccessPackageAssignmentApprovalStep = approvalParams(sharedApproval, true);
// A decision is made once: each case decides an approval of its own.
RECIPES.updateAccessPackageAssignmentApprovalStep = { ...approvalParams(pendingApproval, true), onePerRequest: true };

/** The object a request of the run made, as its get answers it (its id is the request's). */
const madeBy =
  (make: (run: ContractRun) => Promise<string>, getOperation: string, idParameter: string) =>
  async (run: ContractRun): Promise<Record<string, unknown>> => {
    const params = { [idParameter]: await make(run) };
    return (await run.call(run.operation(getOperation), { params }, 'success')).response.json as Record<
      string,
      unknown
    >;
  };

/**
 * How to make an object of a resource the contract gives no create of: an assignment, made by a delivered request;
 * an approval, by a request that waits for one.
 */
export const MAKERS: Record<string, (run: ContractRun) => Promise<Record<string, unknown>>> = {
  accessPackageAssignment: madeBy(
    (run) => assignmentRequest(run, false),
    'getAccessPackageAssignment',
    'accessPackageAssignmentId',
  ),
  approval: madeBy(pendingApproval, 'getAccessPackageAssignmentApproval', 'accessPackageAssignmentApprovalId'),
};

// Custom workflow extensions: the run's live in its shared catalog, where its packages are, so its policies may call
// them; a policy's generated handlers call the run's shared extension.

const sharedExtension = (run: ContractRun) => run.sharedObject(run.resource('customAccessPackageWorkflowExtension'));

async function callingSharedExtension(run: ContractRun, handlers: unknown): Promise<unknown> {
  if (!Array.isArray(handlers)) return handlers;
  const id = await sharedExtension(run);
  return handlers.map((handler) =>
    isObject(handler)
      ? { ...handler, customExtension: { ...(isObject(handler.customExtension) ? handler.customExtension : {}), id } }
      : handler,
  );
}

const bindPolicyHandlers: Recipe = {
  bind: async (run, body) => ({
    ...body,
    ...('customExtensionHandlers' in body
      ? { customExtensionHandlers: await callingSharedExtension(run, body.customExtensionHandlers) }
      : {}),
    ...('customExtensionStageSettings' in body
      ? { customExtensionStageSettings: await callingSharedExtension(run, body.customExtensionStageSettings) }
      : {}),
  }),
};
RECIPES.createAccessPackageAssignmentPolicy = bindPolicyHandlers;
RECIPES.updateAccessPackageAssignmentPolicy = bindPolicyHandlers;

/** An open request (it starts in a hundred years) under a policy that calls the run's extension when a request is made. */
async function requestWithCall(run: ContractRun): Promise<string> {
  const targetId = await freshUser(run);
  const accessPackageId = await freshPackage(run);
  const policies = run.resource('accessPackageAssignmentPolicy');
  const creator = run.operation('createAccessPackageAssignmentPolicy');
  const policy = await run.createObject(policies, {
    references: { accessPackageId },
    body: {
      ...(run.exampleBody(creator) as Record<string, unknown>),
      customExtensionHandlers: [
        { stage: 'assignmentRequestCreated', customExtension: { id: await sharedExtension(run) } },
      ],
    },
  });
  const body = {
    requestType: 'AdminAdd',
    accessPackageAssignment: { targetId, accessPackageId, assignmentPolicyId: String(policy.id) },
    schedule: { startDateTime: FAR_FUTURE },
  };
  const { response } = await run.call(run.operation('createAssignmentRequest'), { body }, 'success');
  return String((response.json as { id: string }).id);
}

// A callback answers one call of one request: each body gets a request of its own, and names the call it made.
for (const name of ['AssignmentRequest', 'AccessPackageAssignmentRequest']) {
  RECIPES[`resume${name}`] = {
    onePerRequest: true,
    ...requestParams(requestWithCall),
    bind: async (run, body, params) => {
      const read = await run.call(run.operation('getAssignmentRequest'), { params }, 'success');
      const calls = (read.response.json as { customExtensionHandlerInstances?: Array<Record<string, unknown>> })
        .customExtensionHandlerInstances;
      const call = calls?.find((one) => one.status === 'requestSent');
      const data = isObject(body.data) ? body.data : {};
      return {
        ...body,
        data: {
          ...data,
          stage: call?.stage ?? 'assignmentRequestCreated',
          customExtensionStageInstanceId: call?.externalCorrelationId ?? '',
          // A request cannot be denied at its creation's call.
          state: null,
        },
      };
    },
  };
}

/**
 * How to delete an object whose delete needs the way cleared first: an assignment request is canceled while open,
 * or its assignment removed by an AdminRemove request, before it is deleted.
 */
export const CLEANUPS: Record<string, (run: ContractRun, id: string, target: Target) => Promise<void>> = {
  // The run's extensions are all in its shared catalog (a catalog's delete takes its extensions with it).
  customAccessPackageWorkflowExtension: async (run, id, target) => {
    const accessPackageCatalogId = await run.sharedObject(run.resource('accessPackageCatalog'));
    await run.call(
      run.operation('deleteCustomAccessPackageWorkflowExtension'),
      { params: { accessPackageCatalogId, customAccessPackageWorkflowExtensionId: id }, target },
      'success',
    );
  },
  accessPackageAssignmentRequest: async (run, id, target) => {
    const params = { accessPackageAssignmentRequestId: id };
    const read = await run.call(run.operation('getAssignmentRequest'), { params, target }, 'success');
    const request = read.response.json as { requestState?: string; requestType?: string };
    if (['Submitted', 'PendingApproval', 'Scheduled'].includes(request.requestState ?? '')) {
      await run.call(run.operation('cancelAssignmentRequest'), { params, target }, 'success');
    } else if (request.requestState === 'Delivered' && request.requestType?.endsWith('Add')) {
      const assignment = await run.call(
        run.operation('getAccessPackageAssignment'),
        { params: { accessPackageAssignmentId: id }, target },
        'success',
      );
      if ((assignment.response.json as { assignmentState?: string }).assignmentState === 'Delivered') {
        await run.call(
          run.operation('createAssignmentRequest'),
          { body: { requestType: 'AdminRemove', accessPackageAssignment: { id } }, target },
          'success',
        );
      }
    }
    await run.call(run.operation('deleteAssignmentRequest'), { params, target }, 'success');
  },
  // A catalog is deleted once it holds no resource (409 CatalogNotEmpty otherwise): the run's resources go first.
  accessPackageCatalog: async (run, id, target) => {
    const params = { accessPackageCatalogId: id };
    const listed = await run.call(run.operation('listAccessPackageCatalogResources'), { params, target }, 'success');
    for (const resource of (listed.response.json as { value?: Array<{ id: string }> }).value ?? []) {
      await run.call(
        run.operation('createAccessPackageResourceRequest'),
        {
          body: { catalogId: id, requestType: 'AdminRemove', accessPackageResource: { id: resource.id } },
          target,
        },
        'success',
      );
    }
    await run.call(run.operation('deleteAccessPackageCatalog'), { params, target }, 'success');
  },
};
