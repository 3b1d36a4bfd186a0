// `@accesspackage/server/testing`: a real stub for tests, framework-free.

export type { JournalEntry } from '../http/journal.js';
export { approvalPolicy } from './policies.js';
export {
  CATALOGS,
  type CallResult,
  type ClockReading,
  type OpAnswer,
  type OpInput,
  PACKAGES,
  type RequestsFilter,
  startTestStub,
  type TenantClockControl,
  type TestStub,
} from './test-stub.js';
export { TUTORIAL, TUTORIAL_REQUESTOR, tutorialData, tutorialFile, tutorialPolicyBody } from './tutorial.js';
