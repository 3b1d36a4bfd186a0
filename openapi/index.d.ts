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
