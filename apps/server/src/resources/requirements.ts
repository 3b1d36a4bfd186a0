import { type Contract, type OperationInfo, readOperations } from '@accesspackage/openapi';
import type { Request } from 'express';
import type { Requirement } from '../auth/index.js';
import { operationRoutes } from './operation-routes.js';

const ENTITLEMENT_MANAGEMENT = 'EntitlementManagement.';

function requirementOf(path: string, alternatives: string[][]): Requirement {
  const entitlementManagement = alternatives.every((alternative) =>
    alternative.every((permission) => permission.startsWith(ENTITLEMENT_MANAGEMENT)),
  );
  return {
    alternatives,
    // `/users/{userId}` -> `users`: what a 403 says the caller may not read or change.
    subject: entitlementManagement ? 'access packages' : (path.split('/')[1] ?? 'this resource'),
    // Graph's directory accepts application permissions; Entitlement Management's beta pages say it does not.
    applicationPermissions: !entitlementManagement,
  };
}

/**
 * What `factOf` says of the operation of the contract a request names (at the version it was sent to), for the
 * middleware that runs before routing and validation; undefined when it names none, or `factOf` says nothing of it.
 */
function operationFacts<T>(
  contract: Contract,
  factOf: (operation: OperationInfo) => T | undefined,
): (req: Request) => T | undefined {
  const facts = new Map(Object.entries(readOperations(contract)).map(([id, operation]) => [id, factOf(operation)]));
  const named = operationRoutes(contract);
  return (req) => {
    const operationId = named(req)?.operationId;
    return operationId === undefined ? undefined : facts.get(operationId);
  };
}

/**
 * What each request needs, from the `security` of the operation of the contract it names, so that a 401 or 403
 * comes before validation, as Graph's gateway answers. Undefined for requests that name no operation: Entitlement
 * Management's own split applies.
 */
export function requirementsOf(contract: Contract): (req: Request) => Requirement | undefined {
  return operationFacts(contract, (operation) =>
    operation.security.length === 0 ? undefined : requirementOf(operation.path, operation.security),
  );
}

/**
 * Whether a request names an operation that takes a body but does not require one (an assignment request's
 * `cancel`, a package's `getApplicablePolicyRequirements`): an empty body is then no mistake.
 */
export function bodyOptionalOf(contract: Contract): (req: Request) => boolean {
  const optional = operationFacts(contract, (operation) => (operation.bodyRequired ? undefined : true));
  return (req) => optional(req) === true;
}
