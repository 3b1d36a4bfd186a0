/** A failure the CLI reports as its message alone, without a stack. */
export class BenchError extends Error {
  override name = 'BenchError';
}
