import { readFileSync } from 'node:fs';
import { assertJwks, type Jwks } from './jwk.js';

/**
 * Reads a JSON Web Key Set for strict mode. Every failure is a plain Error whose message names
 * the file and says what to fix, so the CLI can print it as it is.
 */
export function loadJwks(path: string): Jwks {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`JWKS file ${path} does not exist.`);
    if (code === 'EISDIR') throw new Error(`JWKS file ${path} is a directory, not a file.`);
    throw new Error(`JWKS file ${path} could not be read: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`JWKS file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return assertJwks(value, `JWKS file ${path}`);
}
