import type { ErrorDetails, ODataError } from '@accesspackage/types';

/**
 * An error the stub answers with, in Graph's envelope. Handlers throw it; the error middleware
 * (errors.ts) is the only place that turns it into a response.
 */
export class GraphHttpError extends Error {
  override readonly name = 'GraphHttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails[],
    /** Extra response headers, such as Retry-After or Allow. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Ids that tie an error to its request, as Graph puts them in `innerError`. */
export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

// Graph's innerError.date has no zone suffix and no fraction, e.g. 2023-04-17T18:21:44.
function innerErrorDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

export function errorEnvelope(error: GraphHttpError, ids: RequestIds, now = new Date()): ODataError {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      innerError: {
        date: innerErrorDate(now),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}

export const notFound = (): GraphHttpError =>
  new GraphHttpError(404, 'ResourceNotFound', 'The resource was not found.');
