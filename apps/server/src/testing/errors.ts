import { GraphError } from '../graph-error.js';

/** Runs `fn` and returns the GraphError it throws; fails the test when it throws nothing or something else. */
export function thrownGraphError(fn: () => unknown): GraphError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error('expected a GraphError to be thrown');
}
