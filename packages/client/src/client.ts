import {
  decideAccessPackageAssignmentApproval,
  type WaitOptions,
  waitForAssignmentRequest,
} from './assignment-flow.js';
import { callsOf, pagesOf } from './gen/facade.gen.js';
import type { CallOptions } from './odata-options.js';
import { nextPage } from './paging.js';
import {
  createGraphTransport,
  type GraphResponse,
  type GraphTransport,
  type GraphTransportOptions,
  type Page,
} from './request.js';

/** The options of `createAccessPackageClient`: those of its transport. */
export type AccessPackageClientOptions = GraphTransportOptions;

type Merged<A, B> = {
  [K in keyof A | keyof B]: K extends keyof A
    ? K extends keyof B
      ? A[K] extends (...args: never[]) => unknown
        ? B[K]
        : Merged<A[K], B[K]>
      : A[K]
    : K extends keyof B
      ? B[K]
      : never;
};

/** `a` with `b`'s members added, group by group. */
function merged<A extends object, B extends object>(a: A, b: B): Merged<A, B> {
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [name, value] of Object.entries(b)) {
    const mine = out[name];
    out[name] =
      typeof mine === 'object' && mine !== null && typeof value === 'object' && value !== null
        ? merged(mine, value as object)
        : value;
  }
  return out as Merged<A, B>;
}

/** What no contract says: waiting for a request, and deciding the caller's step of an approval. */
function flowsOf(transport: GraphTransport<false>) {
  return {
    assignmentRequests: {
      /**
       * Reads the request until it is delivered, denied, canceled, failed or waiting for approval, and resolves to
       * it; `waitMs` (default 30 s) bounds the wait, `signal` aborts it.
       */
      waitFor: (accessPackageAssignmentRequestId: string, waitOptions?: WaitOptions) =>
        waitForAssignmentRequest(transport, accessPackageAssignmentRequestId, waitOptions),
    },
    approvals: {
      /** Approves the step of the approval that waits for the caller (reads the approval, then decides). */
      approve: (accessPackageAssignmentApprovalId: string, justification?: string, callOptions?: CallOptions) =>
        decideAccessPackageAssignmentApproval(
          transport,
          accessPackageAssignmentApprovalId,
          'Approve',
          justification,
          callOptions,
        ),
      /** Denies the step of the approval that waits for the caller; the request ends Denied. */
      deny: (accessPackageAssignmentApprovalId: string, justification?: string, callOptions?: CallOptions) =>
        decideAccessPackageAssignmentApproval(
          transport,
          accessPackageAssignmentApprovalId,
          'Deny',
          justification,
          callOptions,
        ),
    },
  };
}

type Calls<Raw extends boolean> = ReturnType<typeof callsOf<Raw>>;
type ClientCalls = Merged<Merged<Calls<false>, ReturnType<typeof pagesOf>>, ReturnType<typeof flowsOf>>;

/**
 * The client `createAccessPackageClient` makes, under a name of its own: a library that exports a client it made
 * (`export const graph = createAccessPackageClient(…)`) gets declarations that name this type, not the package's files.
 */
export interface AccessPackageClient extends ClientCalls {
  /** Fetches the page an `@odata.nextLink` points at, verbatim. */
  nextPage<T>(nextLink: string, callOptions?: CallOptions): Promise<Page<T>>;
  /**
   * The same calls, resolving to a GraphResponse: the body as `data`, with the answer's `status`, `headers`,
   * `requestId` and `clientRequestId`. Failures throw as usual.
   */
  raw: AccessPackageRawClient;
}

/** `graph.raw`: every call resolving to a GraphResponse. */
export interface AccessPackageRawClient extends Calls<true> {
  /** Fetches the page an `@odata.nextLink` points at, verbatim, as a GraphResponse. */
  nextPage<T>(nextLink: string, callOptions?: CallOptions): Promise<GraphResponse<Page<T>>>;
}

/**
 * A typed client for the Graph beta accessPackage API: every call the contract names (generated, grouped by resource:
 * `graph.accessPackages.create`), each list's `listAll`, over one transport (auth, retries, time limits, middleware,
 * errors). One object, which a bundler keeps whole; size-conscious apps call the operations directly (see the README).
 */
export function createAccessPackageClient(options: AccessPackageClientOptions = {}): AccessPackageClient {
  const transport = createGraphTransport(options);
  return {
    ...merged(merged(callsOf(transport), pagesOf(transport)), flowsOf(transport)),
    nextPage: <T>(nextLink: string, callOptions?: CallOptions) => nextPage<T>(transport, nextLink, callOptions),
    raw: {
      ...callsOf(transport.raw),
      nextPage: <T>(nextLink: string, callOptions?: CallOptions) =>
        nextPage<T, true>(transport.raw, nextLink, callOptions),
    },
  };
}
