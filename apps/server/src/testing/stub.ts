import { createDevToken, type DevTokenOptions } from '../auth/dev-token.js';
import { type RunningServer, type StartOptions, startServer } from '../server.js';

export const PACKAGES = '/identityGovernance/entitlementManagement/accessPackages';
export const CATALOGS = '/identityGovernance/entitlementManagement/accessPackageCatalogs';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies.
  json: any;
}

export interface TestStub extends RunningServer {
  /** Calls `baseUrl + path` with a ReadWrite token and a JSON content type unless overridden. */
  call(method: string, path: string, init?: { body?: string | object; headers?: Record<string, string>; token?: string | null }): Promise<CallResult>;
}

/** A real stub on an ephemeral port with response validation on, as every server test wants it. */
export async function startTestStub(options: StartOptions = {}, tokenOptions: DevTokenOptions = {}): Promise<TestStub> {
  const running = await startServer({ port: 0, validateResponses: true, ...options });
  const defaultToken = createDevToken(tokenOptions);
  return {
    ...running,
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

/** Asserts Graph's error envelope, status and code, and that nothing of express or a stack leaks. */
export function expectGraphError(res: CallResult, status: number, code: string): void {
  expect({ status: res.status, code: res.json?.error?.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(typeof res.json.error.message).toBe('string');
  expect(res.json.error.innerError['request-id']).toBe(res.headers.get('request-id'));
  expect(res.json.error.innerError['client-request-id']).toBe(res.headers.get('client-request-id'));
  expect(res.json.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  expect(res.text).not.toMatch(/<html|at .*\.js:\d+/i);
}

/**
 * For test files that start stubs with different options per test: returns a `start` that
 * remembers each stub, and closes them all after every test, even when one failed half-way.
 */
export function useTestStubs(): (...args: Parameters<typeof startTestStub>) => Promise<TestStub> {
  const started: TestStub[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close().catch(() => undefined)));
  });
  return async (...args) => {
    const stub = await startTestStub(...args);
    started.push(stub);
    return stub;
  };
}
