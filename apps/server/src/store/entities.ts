import type {
  AccessPackageCustomExtensionStage,
  ApprovalStage,
  ApprovalStep,
  ODataEntityTypes,
  odataEntities,
  RequestSchedule,
} from '@accesspackage/types';
import {
  ASKED_SCHEDULE,
  AWAITING,
  CREATED_BY_OBJECT,
  DUE,
  EXTENSION_HANDLERS,
  EXTENSION_STAGE_SETTINGS,
  IN_CATALOG,
  OF_ASSIGNMENT,
  OF_EXTENSION,
  OF_GROUP,
  OF_MEMBER,
  OF_ORGANIZATION,
  OF_PACKAGE,
  OF_POLICY,
  OF_REQUESTOR,
  OF_RESOURCE,
  OF_ROLE,
  OF_SCOPE,
  OTHER_PACKAGE,
  STAGES,
  TARGET_OBJECT,
  TARGET_SUBJECT,
} from './references.js';

// What the store holds under each entity name, typed: `store.get('accessPackage', id)` is a stored access package
// without a cast. An entity of the contract is stored as its contract type (generated, by name, from its schema's
// `x-odata`) without annotations and navigation properties, plus the references the stub keeps on it
// (references.ts); the stub's own links (group memberships, incompatibilities) have shapes of their own. A name the
// stub does not know (an extension's resource) holds any plain entity.

/** Any stored entity: its plain properties by name. */
export type StoredEntity = { id: string } & Record<string, unknown>;

type Navigation<E> = E extends keyof typeof odataEntities ? keyof (typeof odataEntities)[E]['expandable'] : never;

/**
 * An entity of the contract as stored: no annotations, no navigation properties (nor the properties in `Without`,
 * which the stored shape types more narrowly), an id.
 */
type Stored<E extends keyof ODataEntityTypes, Without extends string = never> = Omit<
  ODataEntityTypes[E],
  '@odata.context' | '@odata.type' | Navigation<E> | Without
> &
  StoredEntity;

export type RequestType = 'UserAdd' | 'UserExtend' | 'UserRemove' | 'AdminAdd' | 'AdminUpdate' | 'AdminRemove';

export type StoredAccessPackage = Stored<'accessPackage'>;
export type StoredCatalog = Stored<'accessPackageCatalog'>;
export type StoredUser = Stored<'user'>;
export type StoredGroup = Stored<'group'>;
/** A stage at which a policy calls a custom workflow extension (a handler, or a stage setting). */
export type StoredExtensionHandler = { id: string; stage: AccessPackageCustomExtensionStage; [OF_EXTENSION]: string };
export type StoredPolicy = Stored<'accessPackageAssignmentPolicy'> & {
  [EXTENSION_HANDLERS]?: StoredExtensionHandler[];
  [EXTENSION_STAGE_SETTINGS]?: StoredExtensionHandler[];
};
export type StoredCustomExtension = Stored<'customAccessPackageWorkflowExtension'> & { [IN_CATALOG]: string };
export type StoredSubject = Stored<'accessPackageSubject'>;
export type StoredResourceRequest = Stored<'accessPackageResourceRequest'>;
export type StoredRoleDefinition = Stored<'unifiedRoleDefinition'>;
export type StoredRoleAssignment = Stored<'unifiedRoleAssignment'>;
export type StoredResource = Stored<'accessPackageResource'> & { [IN_CATALOG]: string };
export type StoredResourceRole = Stored<'accessPackageResourceRole'> & { [IN_CATALOG]: string; [OF_RESOURCE]: string };
export type StoredResourceScope = Stored<'accessPackageResourceScope'> & {
  [IN_CATALOG]: string;
  [OF_RESOURCE]: string;
};
export type StoredRoleScope = Stored<'accessPackageResourceRoleScope'> & {
  [OF_PACKAGE]: string;
  [OF_ROLE]: string;
  [OF_SCOPE]: string;
  [OF_RESOURCE]: string;
};

export type StoredRequest = Stored<'accessPackageAssignmentRequest', 'requestType' | 'requestState'> & {
  /** As the request sent it (`AdminAdd` or `adminAdd`): requestTypeOf reads it. */
  requestType: string;
  requestState: string;
  requestStatus: string;
  /** When it next moves on (or times out), while it is open. */
  [DUE]?: string;
  [ASKED_SCHEDULE]?: RequestSchedule;
  [OF_PACKAGE]: string;
  [OF_POLICY]?: string;
  [OF_ASSIGNMENT]?: string;
  [OF_REQUESTOR]?: string;
  [TARGET_SUBJECT]?: string;
  [TARGET_OBJECT]?: string | null;
  [CREATED_BY_OBJECT]?: string;
};

export type StoredAssignment = Stored<'accessPackageAssignment'> & {
  accessPackageId: string;
  assignmentPolicyId: string;
  targetId: string;
  assignmentState: string;
  schedule?: RequestSchedule;
  [OF_PACKAGE]?: string;
  [OF_POLICY]?: string;
  [TARGET_SUBJECT]?: string;
  [TARGET_OBJECT]?: string | null;
};

export type StoredApproval = Stored<'approval', 'steps'> & {
  steps: ApprovalStep[];
  [STAGES]: ApprovalStage[];
  [AWAITING]: 'true' | 'false';
  /** The request's target, who may not approve it. */
  [TARGET_OBJECT]?: string | null;
};

/**
 * A group membership or ownership, stored as one link per member (not an entity of the contract): `memberType` says
 * which entity the member is; `granted`, whether an assignment's delivery made it (and its end may take it back).
 */
export type StoredMembership = StoredEntity & {
  [OF_GROUP]: string;
  [OF_MEMBER]: string;
  memberType: 'user' | 'group';
  granted?: boolean;
};

/** An incompatibility: `accessPackage/id`'s list holds the other package, or the group. */
export type StoredIncompatiblePackage = StoredEntity & { [OF_PACKAGE]: string; [OTHER_PACKAGE]: string };
export type StoredIncompatibleGroup = StoredEntity & { [OF_PACKAGE]: string; [OF_GROUP]: string };

export type StoredConnectedOrganization = Stored<'connectedOrganization'>;

/** A connected organization's internal or external sponsor: a link to a user or a group, one entity each. */
export const INTERNAL_SPONSOR = 'connectedOrganizationInternalSponsor';
export const EXTERNAL_SPONSOR = 'connectedOrganizationExternalSponsor';
export type SponsorLink = typeof INTERNAL_SPONSOR | typeof EXTERNAL_SPONSOR;
export type StoredSponsor = StoredEntity & {
  [OF_ORGANIZATION]: string;
  [OF_MEMBER]: string;
  memberType: 'user' | 'group';
};

/** Every entity the stub stores, by the name it stores it under. */
export interface StoredEntities {
  accessPackage: StoredAccessPackage;
  accessPackageCatalog: StoredCatalog;
  accessPackageResourceRequest: StoredResourceRequest;
  accessPackageResource: StoredResource;
  accessPackageResourceRole: StoredResourceRole;
  accessPackageResourceScope: StoredResourceScope;
  accessPackageResourceRoleScope: StoredRoleScope;
  accessPackageAssignmentPolicy: StoredPolicy;
  accessPackageSubject: StoredSubject;
  accessPackageAssignmentRequest: StoredRequest;
  accessPackageAssignment: StoredAssignment;
  approval: StoredApproval;
  customAccessPackageWorkflowExtension: StoredCustomExtension;
  connectedOrganization: StoredConnectedOrganization;
  connectedOrganizationInternalSponsor: StoredSponsor;
  connectedOrganizationExternalSponsor: StoredSponsor;
  user: StoredUser;
  group: StoredGroup;
  unifiedRoleDefinition: StoredRoleDefinition;
  unifiedRoleAssignment: StoredRoleAssignment;
  groupMember: StoredMembership;
  groupOwner: StoredMembership;
  incompatibleAccessPackage: StoredIncompatiblePackage;
  incompatibleGroup: StoredIncompatibleGroup;
}

export type EntityName = keyof StoredEntities;

/** What the store holds under `entity`: its stored shape where the stub knows the name, any plain entity otherwise. */
export type StoredOf<E extends string> = E extends EntityName ? StoredEntities[E] : StoredEntity;
