import { createDevToken, type DevTokenOptions } from '../auth/dev-token.js';
import { type RunningServer, type StartOptions, startServer } from '../server.js';

export const PACKAGES = '/identityGovernance/entitlementManagement/accessPackages';
export const CATALOGS = '/identityGovernance/entitlementManagement/accessPackageCatalogs';

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies.
  json: any;
}

export interface TestStub extends RunningServer {
  /** A token with EntitlementManagement.ReadWrite.All (or what `tokenOptions` asked for), which `call` sends. */
  token: string;
  /** Another token for this stub, e.g. `tokenFor({ scopes: ['EntitlementManagement.Read.All'] })`. */
  tokenFor(options?: DevTokenOptions): string;
  /** Calls `baseUrl + path` with a ReadWrite token and a JSON content type unless overridden. */
  call(
    method: string,
    path: string,
    init?: { body?: string | object; headers?: Record<string, string>; token?: string | null },
  ): Promise<CallResult>;
}

/**
 * A real stub on 127.0.0.1 and a free port, with response validation on, for any test framework.
 * Call it with `stub.call(...)`, or with any client given `stub.baseUrl` and `stub.token`; end with
 * `stub.close()`. It takes startServer's options; `tokenOptions` shape the default token.
 */
export async function startTestStub(options: StartOptions = {}, tokenOptions: DevTokenOptions = {}): Promise<TestStub> {
  const running = await startServer({ port: 0, validateResponses: true, ...options });
  const defaultToken = createDevToken(tokenOptions);
  return {
    ...running,
    token: defaultToken,
    tokenFor: (options) => createDevToken(options),
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
}
