import type { AccessPackageCustomExtensionStage, CustomExtensionHandlerInstance } from '@accesspackage/types';
import type { StoredPolicy } from '../../store/entities.js';
import { EXTENSION_HANDLERS, EXTENSION_STAGE_SETTINGS, OF_EXTENSION } from '../../store/references.js';
import type { TenantStore } from '../../store/store.js';
import { REQUEST } from './keys.js';

// The calls of custom workflow extensions a request makes at its stages, as its policy's handlers say. The stub calls
// no Logic App: each call is recorded on the request, `requestSent`, until the request's `resume` answers it.

/** The calls a policy makes at `stage`: one per extension its handlers and stage settings name there. */
export function callsAt(
  policy: StoredPolicy | undefined,
  stage: AccessPackageCustomExtensionStage,
): CustomExtensionHandlerInstance[] {
  // Stryker disable next-line OptionalChaining,ArrayDeclaration: a request's policy is there (it cannot go while the
  // request is open); an entry that is no handler names no stage, so the filter drops it.
  const named = [...(policy?.[EXTENSION_HANDLERS] ?? []), ...(policy?.[EXTENSION_STAGE_SETTINGS] ?? [])]
    .filter((handler) => handler.stage === stage)
    .map((handler) => handler[OF_EXTENSION]);
  return [...new Set(named)].map((customExtensionId) => ({
    customExtensionId,
    // The id the Logic App is given, which its callback names as `customExtensionStageInstanceId`.
    externalCorrelationId: globalThis.crypto.randomUUID(),
    stage,
    status: 'requestSent',
  }));
}

/** Records on the request the calls its policy makes at `stage`. */
export async function recordCalls(
  tx: TenantStore,
  requestId: string,
  policy: StoredPolicy | undefined,
  stage: AccessPackageCustomExtensionStage,
): Promise<void> {
  const calls = callsAt(policy, stage);
  // Stryker disable next-line ConditionalExpression: no calls add nothing; the return saves a write.
  if (calls.length === 0) return;
  await tx.update(REQUEST, requestId, (current) => ({
    ...current,
    // Stryker disable next-line ArrayDeclaration: every request is made with its list of calls (`[]`).
    customExtensionHandlerInstances: [...(current.customExtensionHandlerInstances ?? []), ...calls],
  }));
}
