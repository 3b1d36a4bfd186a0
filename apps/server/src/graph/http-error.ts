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

/** The most problems an error lists in `details`; its message says how many there were in all. */
export const MAX_ERROR_DETAILS = 20;
// The contract's bounds on the envelope's strings: messages may quote the request, which is the caller's to size.
const MAX_MESSAGE = 8192;
const MAX_DETAIL_MESSAGE = 1024;
const MAX_TARGET = 256;
const MAX_CODE = 128;

/** `text` cut to at most `max` characters (code points, as the contract's maxLength counts them), marked with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

function clipDetail(detail: ErrorDetails): ErrorDetails {
  return {
    code: clip(detail.code, MAX_CODE),
    message: clip(detail.message, MAX_DETAIL_MESSAGE),
    ...(detail.target === undefined ? {} : { target: clip(detail.target, MAX_TARGET) }),
  };
}

/**
 * Graph's envelope for `error`, within the contract's bounds: a handful of details and messages of
 * a few kilobytes, however much the request gave to complain about.
 */
export function errorEnvelope(error: GraphHttpError, ids: RequestIds, now = new Date()): ODataError {
  const details = error.details?.slice(0, MAX_ERROR_DETAILS).map(clipDetail);
  return {
    error: {
      code: clip(error.code, MAX_CODE),
      message: clip(error.message, MAX_MESSAGE),
      ...(details ? { details } : {}),
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
