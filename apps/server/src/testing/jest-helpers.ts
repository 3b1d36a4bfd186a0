import type { DevTokenOptions } from '../auth/dev-token.js';
import type { StartOptions } from '../server.js';
import { testDatabase } from './engine.js';
import { type CallResult, startTestStub as startOnMemory, type TestStub } from './test-stub.js';

export { TEST_ENGINE, testDatabase } from './engine.js';
export { approvalPolicy } from './policies.js';
// Jest helpers of the server's own tests; not part of the published ./testing entry.
export { CATALOGS, type CallResult, PACKAGES, type TestStub } from './test-stub.js';
export {
  TUTORIAL,
  TUTORIAL_REQUESTOR,
  tutorialAddByEmail,
  tutorialData,
  tutorialPolicyBody,
} from './tutorial.js';

/** startTestStub on the engine of this jest project: a fresh database each time, unless the options name one. */
export function startTestStub(options: StartOptions = {}, tokenOptions: DevTokenOptions = {}): Promise<TestStub> {
  const database = options.store || options.database ? options.database : testDatabase();
  return startOnMemory({ ...options, ...(database ? { database } : {}) }, tokenOptions);
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
