// The references the stub keeps on stored items for itself, each under a key with a `/` (which no property of the
// contract has, so views never show them). One place names each, so that its writers and its readers agree. Lists
// scope by them, `$filter` may name some (x-odata), and adding one needs no migration.

/** The access package an item belongs to: a role scope, a request, an assignment, an incompatibility. */
export const OF_PACKAGE = 'accessPackage/id';
/** The policy a request or an assignment is under. */
export const OF_POLICY = 'accessPackageAssignmentPolicy/id';
/** The assignment a request made, or acts on. */
export const OF_ASSIGNMENT = 'accessPackageAssignment/id';
/** The subject who made a request. */
export const OF_REQUESTOR = 'requestor/id';
/** A request's or an assignment's target: its subject's id. */
export const TARGET_SUBJECT = 'target/id';
/** A request's or an assignment's target: the directory user its subject stands for (for approvals, that user). */
export const TARGET_OBJECT = 'target/objectId';
/** Who made a request: the caller's directory user id, or an application's name. */
export const CREATED_BY_OBJECT = 'createdBy/objectId';
/** The catalog a resource, a resource role or a resource scope is in. */
export const IN_CATALOG = 'accessPackageCatalog/id';
/** The catalog resource a role, a scope or a role scope belongs to. */
export const OF_RESOURCE = 'accessPackageResource/id';
/** The resource role and scope a role scope grants. */
export const OF_ROLE = 'accessPackageResourceRole/id';
export const OF_SCOPE = 'accessPackageResourceScope/id';
/** The two ends of a group membership or ownership link. */
export const OF_GROUP = 'group/id';
export const OF_MEMBER = 'member/id';
/** The other end of an incompatibility between packages (`accessPackage/id` is the package whose list holds it). */
export const OTHER_PACKAGE = 'incompatibleAccessPackage/id';

/** When an open request next moves on (or times out), on the stub's clock. */
export const DUE = 'stub/dueAt';
/** The schedule a request asked for, if any: its `schedule` shows what it will get. */
export const ASKED_SCHEDULE = 'stub/askedSchedule';
/** An approval's stages (the policy's, as they were when approval began). */
export const STAGES = 'stub/stages';
/** `'true'` while an approval's step awaits a decision, for `where`. */
export const AWAITING = 'stub/awaiting';
/** A policy's custom extension handlers and stage settings, shown only through `$expand`. */
export const EXTENSION_HANDLERS = 'stub/customExtensionHandlers';
export const EXTENSION_STAGE_SETTINGS = 'stub/customExtensionStageSettings';
/** The custom workflow extension a policy's handler calls. */
export const OF_EXTENSION = 'customExtension/id';
/** The connected organization a sponsor link belongs to (`member/id` names the sponsor). */
export const OF_ORGANIZATION = 'connectedOrganization/id';
