/** The contract's path: openapi/accesspackage.yaml. */
export declare const SPEC_PATH: string;

/** The parsed contract (an OpenAPI 3.1 document). */
export type Contract = Record<string, unknown> & { paths?: Record<string, unknown>; components?: Record<string, unknown> };

export declare function loadContract(path?: string): Contract;

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** One operation of the contract, as the stub routes it. */
export interface OperationInfo {
  method: HttpMethod;
  /** The path template, e.g. `/accessPackages/{accessPackageId}`. */
  path: string;
  /** The URL paths it is served under: its path-level servers', else the root servers' (`['/beta', '/v1.0']`; `['']` at the origin). */
  servers: string[];
  /** The permissions of each alternative of its security requirement; any one alternative suffices. Empty: no token needed. */
  security: string[][];
  /** Whether its request body is required (`requestBody.required`); false for operations that take none. */
  bodyRequired: boolean;
}

/** Every operation by operationId. */
export declare function readOperations(contract: Contract): Record<string, OperationInfo>;

/**
 * The URL paths the API is served under (`['/beta', '/v1.0']`): the root servers', plus the other versions
 * that paths served there also name in their own servers. The origin (admin routes) is not one of them.
 */
export declare function readApiBasePaths(contract: Contract): string[];

export type PropertyType = 'string' | 'boolean' | 'datetime' | 'number';

/** An entity's OData capabilities, from the `x-odata` extension of its schema. */
export interface ODataEntityInfo {
  /** The qualified OData type, e.g. `microsoft.graph.accessPackage`. */
  type: string;
  /** Its path under the service root, e.g. `identityGovernance/entitlementManagement/accessPackages`. */
  entitySet: string;
  /** Every plain (non-navigation, non-annotation) property, with how it is compared. */
  properties: Record<string, { type: PropertyType; nullable: boolean; /** The schema's maxLength, for strings that have one. */ maxLength?: number }>;
  /** Every property but annotations and navigation properties (complex and collection ones too). */
  selectable: string[];
  /** Plain properties, and paths through a single navigation property (`accessPackageResource/id`). */
  filterable: Record<string, Exclude<PropertyType, 'number'>>;
  orderable: string[];
  /** Navigation properties: the schema they lead to, and whether they hold many. */
  expandable: Record<string, { target: string; many: boolean }>;
}

export declare function readODataEntities(contract: Contract): Record<string, ODataEntityInfo>;

/** A role: one of Entitlement Management's (`definitions`) or a directory role that acts on it (`directoryRoles`). */
export interface RoleInfo {
  /** Its well-known id (a directory role's template id, as in a token's `wids`). */
  id: string;
  /** Its name on the token command's `--roles`: `catalogOwner`, `identityGovernanceAdministrator`. */
  name: string;
  displayName: string;
  allowedResourceActions: string[];
  /** Held at `/` only (Catalog creator). */
  tenantOnly: boolean;
}

/** Where an operation finds a value: a path parameter or a body property (dotted), and the entity it names. */
export interface ScopeLocator {
  source: 'path' | 'body';
  name: string;
  /** The value names this entity, whose catalog is looked up; `appScope`: the value is a role scope; none: a catalog id. */
  entity?: string;
}

export type RoleScope =
  | { kind: 'tenant' }
  /** A collection of `entity`, narrowed to the catalogs where the caller holds the action. */
  | { kind: 'list'; entity: string }
  /** Every entry must be allowed; within one, the first locator that finds a value is used. */
  | { kind: 'object'; all: ScopeLocator[][] };

/** What an operation needs of a delegated caller: a role that allows `action` at `scope`, unless `except` applies. */
export type OperationRoles =
  | { anyone: string }
  | { action: string; scope: RoleScope; except?: 'own' | 'selfService' | 'approver' };

export interface RolesInfo {
  definitions: RoleInfo[];
  directoryRoles: RoleInfo[];
  /** By operationId; operations outside Entitlement Management (the directory's, the stub's) have none. */
  operations: Record<string, OperationRoles>;
}

/** The roles and each operation's `x-roles`; throws an Error listing every problem. */
export declare function readRoles(contract: Contract): RolesInfo;

/** Whether one allowed resource action (with `allEntities` and `allTasks`) covers `action`. */
export declare function actionAllows(allowed: string, action: string): boolean;

/**
 * The roles that allow `action`: Entitlement Management's, least privileged first (the fewest of the contract's
 * actions allowed), then the directory roles.
 */
export declare function rolesAllowing(roles: RolesInfo, action: string): RoleInfo[];

/** Who may call each Entitlement Management operation, as the markdown table docs/roles.md holds. */
export declare function rolesTable(contract: Contract): string;
