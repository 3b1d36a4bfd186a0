/** The contract's path: openapi/accesspackage.yaml. */
export declare const SPEC_PATH: string;

/** The parsed contract (an OpenAPI 3.1 document). */
export type Contract = Record<string, unknown> & { paths?: Record<string, unknown>; components?: Record<string, unknown> };

export declare function loadContract(path?: string): Contract;

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** Every operation by operationId: its method and path template (e.g. `/accessPackages/{accessPackageId}`). */
export declare function readOperations(contract: Contract): Record<string, { method: HttpMethod; path: string }>;

export type PropertyType = 'string' | 'boolean' | 'datetime' | 'number';

/** An entity's OData capabilities, from the `x-odata` extension of its schema. */
export interface ODataEntityInfo {
  /** The qualified OData type, e.g. `microsoft.graph.accessPackage`. */
  type: string;
  /** Its path under the service root, e.g. `identityGovernance/entitlementManagement/accessPackages`. */
  entitySet: string;
  /** Every plain (non-navigation, non-annotation) property, with how it is compared. */
  properties: Record<string, { type: PropertyType; nullable: boolean; /** The schema's maxLength, for strings that have one. */ maxLength?: number }>;
  selectable: string[];
  filterable: Record<string, Exclude<PropertyType, 'number'>>;
  orderable: string[];
  /** Navigation properties: the schema they lead to, and whether they hold many. */
  expandable: Record<string, { target: string; many: boolean }>;
}

export declare function readODataEntities(contract: Contract): Record<string, ODataEntityInfo>;
