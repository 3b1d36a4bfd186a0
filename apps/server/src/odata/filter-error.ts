import { GraphHttpError } from '../graph/http-error.js';

/** Every $filter problem is answered the same way; `problem` says what is wrong and how to fix it. */
export function invalidFilter(problem: string): GraphHttpError {
  return new GraphHttpError(400, 'InvalidFilter', `Invalid filter clause: ${problem}`);
}

/** Where a problem is, as `at position N in '<filter>'`. Positions count from 0, as Graph's own messages do. */
export function at(pos: number, text: string): string {
  return `at position ${pos} in '${text}'`;
}
