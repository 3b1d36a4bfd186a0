import { GraphHttpError } from '../graph/http-error.js';

/** Runs `fn` and returns the GraphHttpError it throws; fails the test when it throws nothing or something else. */
export function thrownGraphError(fn: () => unknown): GraphHttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GraphHttpError) return err;
    throw err;
  }
  throw new Error('expected a GraphHttpError to be thrown');
}
