import type { ErrorDetails, ODataError } from './gen/types.gen.js';

// The package ships ESM and CommonJS builds, and an app can load both (an ESM app with a CommonJS dependency that
// uses the client): each build has its own classes. `instanceof` checks a registered symbol instead of the
// prototype chain, so an error thrown by one build is an instance of the other build's class too.
const GRAPH_ERROR = /* @__PURE__ */ Symbol.for('@accesspackage/client.GraphError');
const TRANSPORT_ERROR = /* @__PURE__ */ Symbol.for('@accesspackage/client.GraphTransportError');
const TIMEOUT_ERROR = /* @__PURE__ */ Symbol.for('@accesspackage/client.GraphTimeoutError');

/** `value instanceof cls`: by brand for the class itself, by prototype chain for a subclass of it. */
function isInstance(cls: object, own: object, brand: symbol, value: unknown): boolean {
  if (cls !== own) return Function.prototype[Symbol.hasInstance].call(cls, value);
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/**
 * A Graph error response, thrown by every client call that gets one (after retries, where they
 * apply). Branch on `code`, not `message`: Graph keeps codes stable and rewords messages.
 */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetails[];
  readonly requestId: string | undefined;
  readonly clientRequestId: string | undefined;
  /** innerError.date as Graph sent it (UTC, no zone suffix). */
  readonly date: string | undefined;
  /** The response body as received: the Graph envelope, or whatever a non-Graph server sent. */
  readonly body: unknown;
  /** The response headers, e.g. for `Retry-After` on a 429 that ran out of retries. */
  readonly headers: Headers | undefined;
  readonly [GRAPH_ERROR] = true;

  /** True for a GraphError of either build (ESM or CommonJS) of this package; subclasses check as usual. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, maybe a subclass.
    return isInstance(this, GraphError, GRAPH_ERROR, value);
  }

  constructor(status: number, body: unknown, headers?: Headers) {
    const envelope = isODataError(body) ? body.error : undefined;
    super(envelope?.message ?? `The service answered HTTP ${status} without a Graph error body.`);
    this.status = status;
    this.code = envelope?.code ?? `Http${status}`;
    this.details = envelope?.details ?? [];
    this.requestId = envelope?.innerError?.['request-id'] ?? headers?.get('request-id') ?? undefined;
    this.clientRequestId =
      envelope?.innerError?.['client-request-id'] ?? headers?.get('client-request-id') ?? undefined;
    this.date = envelope?.innerError?.date;
    this.body = body;
    this.headers = headers;
  }
}

/** The request never got an HTTP answer: DNS, connection refused, TLS, a dropped connection. */
export class GraphTransportError extends Error {
  override readonly name = 'GraphTransportError';
  readonly [TRANSPORT_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, maybe a subclass.
    return isInstance(this, GraphTransportError, TRANSPORT_ERROR, value);
  }

  constructor(
    message: string,
    readonly clientRequestId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The call did not finish within its `timeoutMs`, retries included (or a wait, such as `waitForAssignmentRequest`'s, ran out). */
export class GraphTimeoutError extends Error {
  override readonly name = 'GraphTimeoutError';
  readonly [TIMEOUT_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, maybe a subclass.
    return isInstance(this, GraphTimeoutError, TIMEOUT_ERROR, value);
  }

  constructor(
    readonly timeoutMs: number,
    readonly clientRequestId: string | undefined,
    message = `The call did not finish within ${timeoutMs} ms (retries included). Raise timeoutMs or check the service.`,
  ) {
    super(message);
  }
}

export function isODataError(body: unknown): body is ODataError {
  if (!body || typeof body !== 'object') return false;
  const error = (body as { error?: unknown }).error;
  return !!error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string';
}
