// `@accesspackage/server/testing`: a real stub for tests, framework-free.
export { CATALOGS, type CallResult, PACKAGES, startTestStub, type TestStub } from './test-stub.js';
