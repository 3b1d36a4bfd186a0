import { loadContract, readOperations } from '@accesspackage/openapi';
import type { OperationId, OperationTypes } from '@accesspackage/types';
import { createDevToken, type DevTokenOptions } from '../auth/dev-token.js';
import type { JournalEntry } from '../http/journal.js';
import { type RunningServer, type StartOptions, startServer } from '../server.js';

export const PACKAGES = '/identityGovernance/entitlementManagement/accessPackages';
export const CATALOGS = '/identityGovernance/entitlementManagement/accessPackageCatalogs';

// biome-ignore lint/suspicious/noExplicitAny: an untyped call's body is whatever JSON came back.
export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

type DataOf<Id extends OperationId> = OperationTypes[Id]['data'];
/** What `op` takes: the operation's path parameters, query options and body, as its generated types say. */
export type OpInput<Id extends OperationId> = (DataOf<Id> extends { path: infer P }
  ? { path: P }
  : { path?: never }) & {
  query?: Record<string, string | number | boolean>;
  body?: DataOf<Id> extends { body?: infer B } ? B : never;
  token?: string | null;
  headers?: Record<string, string>;
};
/** What `op` answers: any of the operation's documented successful bodies, or an error envelope. */
export type OpAnswer<Id extends OperationId> = OperationTypes[Id]['responses'][keyof OperationTypes[Id]['responses']];

export interface TestStub extends RunningServer {
  /** A token with EntitlementManagement.ReadWrite.All (or what `tokenOptions` asked for), which `call` sends. */
  token: string;
  /** Another token for this stub, e.g. `tokenFor({ scopes: ['EntitlementManagement.Read.All'] })`. */
  tokenFor(options?: DevTokenOptions): string;
  /**
   * Calls an operation of the contract by its operationId, its path filled in from `path`:
   * `stub.op('getAccessPackage', { path: { accessPackageId } })`. Typed by the operation's generated types.
   */
  op<Id extends OperationId>(
    operationId: Id,
    ...input: Record<never, never> extends OpInput<Id> ? [OpInput<Id>?] : [OpInput<Id>]
  ): Promise<CallResult<OpAnswer<Id>>>;
  /**
   * The clock of the default token's tenant, moved with that token (`/_stub/clock`): other tenants' time stays where
   * it is, so suites sharing a stub never expire each other's assignments.
   */
  clock: TenantClockControl;
  /**
   * Puts the default token's tenant back to its start-up data and its clock back on the stub's (`/_stub/reset` with
   * that token): other tenants keep theirs. What the tenant then holds, as the reset answers it.
   */
  reset(): Promise<Record<string, unknown>>;
  /**
   * The requests the stub received from the default token's tenant, oldest first (`/_stub/requests`): what a client
   * under test sent, to assert on. `since` (a `seq` from an earlier entry, or a time), `method`, `path` (contained,
   * ignoring case) and `status` narrow it. A reset forgets them.
   */
  requests(filter?: RequestsFilter): Promise<JournalEntry[]>;
  /** Calls `baseUrl + path` with a ReadWrite token and a JSON content type unless overridden. */
  call(
    method: string,
    path: string,
    init?: { body?: string | object; headers?: Record<string, string>; token?: string | null },
  ): Promise<CallResult>;
}

export interface RequestsFilter {
  since?: number | Date;
  method?: string;
  path?: string;
  status?: number;
}

/** What `/_stub/clock` says of a tenant's clock. */
export interface ClockReading {
  now: string;
  offsetSeconds: number;
  frozen: boolean;
  tenantId?: string;
}

export interface TenantClockControl {
  /** The tenant's time now. */
  now(): Promise<Date>;
  /** Moves the tenant's clock forward by an ISO 8601 duration (`P31D`, `PT1H`). */
  advance(duration: string): Promise<ClockReading>;
  /** Moves the tenant's clock to a time (`2030-01-01T00:00:00Z`, or a Date). */
  set(time: string | Date): Promise<ClockReading>;
}

/**
 * A real stub on 127.0.0.1 and a free port, with response validation on, for any test framework.
 * Call it with `stub.call(...)`, or with any client given `stub.baseUrl` and `stub.token`; end with
 * `stub.close()`. It takes startServer's options; `tokenOptions` shape the default token.
 */
let operations: ReturnType<typeof readOperations> | undefined;

/** The operation's method and path, with `{name}` filled in and the query appended. */
function requestOf(operationId: string, input: { path?: unknown; query?: Record<string, string | number | boolean> }) {
  operations ??= readOperations(loadContract());
  const operation = operations[operationId];
  if (!operation) throw new Error(`The contract has no operation '${operationId}'.`);
  const params = (input.path ?? {}) as Record<string, string>;
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${operationId} needs the path parameter ${name}.`);
    return encodeURIComponent(params[name]);
  });
  const query = new URLSearchParams(Object.entries(input.query ?? {}).map(([k, v]) => [k, String(v)])).toString();
  return { method: operation.method.toUpperCase(), path: query ? `${path}?${query}` : path };
}

export async function startTestStub(options: StartOptions = {}, tokenOptions: DevTokenOptions = {}): Promise<TestStub> {
  const running = await startServer({ port: 0, validateResponses: true, ...options });
  const defaultToken = createDevToken(tokenOptions);
  // The admin routes, with the default token: they act on its tenant only.
  const adminCall = async (method: 'GET' | 'POST', route: string, change?: object): Promise<unknown> => {
    const res = await fetch(`${running.origin}${route}`, {
      method,
      headers: { authorization: `Bearer ${defaultToken}`, 'content-type': 'application/json' },
      ...(change ? { body: JSON.stringify(change) } : {}),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${route} answered ${res.status}: ${text}`);
    return JSON.parse(text);
  };
  const clockCall = async (method: 'GET' | 'POST', change?: object) =>
    (await adminCall(method, '/_stub/clock', change)) as ClockReading;
  const stub: TestStub = {
    ...running,
    token: defaultToken,
    tokenFor: (options) => createDevToken(options),
    clock: {
      now: async () => new Date((await clockCall('GET')).now),
      advance: (duration) => clockCall('POST', { advance: duration }),
      set: (time) => clockCall('POST', { set: typeof time === 'string' ? time : time.toISOString() }),
    },
    reset: async () => (await adminCall('POST', '/_stub/reset')) as Record<string, unknown>,
    requests: async (filter = {}) => {
      const query = new URLSearchParams(
        Object.entries(filter).map(([name, value]) => [
          name,
          value instanceof Date ? value.toISOString() : String(value),
        ]),
      ).toString();
      const answer = (await adminCall('GET', `/_stub/requests${query ? `?${query}` : ''}`)) as {
        value: JournalEntry[];
      };
      return answer.value;
    },
    async op(operationId, ...[input]) {
      const given = (input ?? {}) as OpInput<typeof operationId>;
      const { method, path } = requestOf(operationId, given);
      return stub.call(method, path, {
        ...(given.body === undefined ? {} : { body: given.body as object }),
        ...(given.token === undefined ? {} : { token: given.token }),
        ...(given.headers ? { headers: given.headers } : {}),
      });
    },
    async call(method, path, init = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const token = init.token === undefined ? defaultToken : init.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      Object.assign(headers, init.headers);
      const body = typeof init.body === 'object' ? JSON.stringify(init.body) : init.body;
      const url = /^https?:/.test(path) ? path : `${running.baseUrl}${path}`;
      const response = await fetch(url, { method, headers, body });
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
  };
  return stub;
}
