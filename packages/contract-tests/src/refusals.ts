// What stops a case without failing it: the run may not write, or the case needs what only the stub has.

/** What a case meets when it needs what only the stub has (its clock, its admin routes, tokens it mints): not a failure. */
export class NeedsStub extends Error {
  override readonly name = 'NeedsStub';
}

/** What a read-only run throws instead of sending a write: the case is skipped, the server untouched. */
export class WriteRefused extends Error {
  override readonly name = 'WriteRefused';
  constructor(readonly request: string) {
    super(`This run is read-only: it does not send ${request}.`);
  }
}
