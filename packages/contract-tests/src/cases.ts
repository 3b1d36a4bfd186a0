import type { CaseOptions, ContractCase } from './cases/case.js';
import { operationCases } from './cases/operation-cases.js';
import { queryCases } from './cases/query-cases.js';
import { roundTripCases } from './cases/round-trip-cases.js';
import { lifecycleCases } from './lifecycle.js';
import type { Resource } from './resources.js';
import type { Contract } from './spec.js';

// Every case the contract implies, by kind: each operation × documented status (cases/operation-cases.ts), each
// resource's round trips (cases/round-trip-cases.ts) and OData queries (cases/query-cases.ts), and the lifecycle's
// walk-throughs (lifecycle.ts).

export { type CaseOptions, type ContractCase, documentedBodyLimit } from './cases/case.js';

/**
 * Every case the contract implies, in document order: per operation, then the round trips per resource,
 * then the OData query cases per resource (they join their operation's group).
 */
export function deriveCases(contract: Contract, resources: Resource[], options: CaseOptions): ContractCase[] {
  return [
    ...contract.operations.flatMap((operation) => operationCases(contract, resources, operation, options)),
    ...resources.flatMap((resource) => roundTripCases(resource, options)),
    ...resources.flatMap((resource) => queryCases(contract, resources, resource, options)),
    ...lifecycleCases(),
  ];
}
