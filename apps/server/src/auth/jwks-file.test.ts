import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJwks } from './jwks-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jwks-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadJwks', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('reads a key set with RSA and EC keys', () => {
    const keys = [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'a' }, ec.publicKey.export({ format: 'jwk' })];
    const path = file('good.json', JSON.stringify({ keys }));
    expect(loadJwks(path)).toEqual({ keys });
  });

  it('accepts private JWKs, deriving the public half', () => {
    const path = file('private.json', JSON.stringify({ keys: [rsa.privateKey.export({ format: 'jwk' })] }));
    expect(loadJwks(path).keys).toHaveLength(1);
  });

  it('says when the file does not exist', () => {
    const path = join(dir, 'missing.json');
    expect(() => loadJwks(path)).toThrow(`JWKS file ${path} does not exist.`);
  });

  it('says when the path is a directory', () => {
    expect(() => loadJwks(dir)).toThrow(`JWKS file ${dir} is a directory, not a file.`);
  });

  it('says when the file is not JSON', () => {
    const path = file('bad.json', '{ keys: [');
    expect(() => loadJwks(path)).toThrow(new RegExp(`^JWKS file ${path} is not valid JSON: `));
  });

  it.each([
    ['a single JWK rather than a set', JSON.stringify(rsa.publicKey.export({ format: 'jwk' }))],
    ['an array', '[]'],
    ['keys that is not an array', '{"keys": {}}'],
    ['null', 'null'],
  ])('says when the file holds %s', (_, content) => {
    const path = file('not-a-set.json', content);
    expect(() => loadJwks(path)).toThrow(`JWKS file ${path} is not a JSON Web Key Set: expected an object like`);
  });

  it('says when the set has no keys', () => {
    const path = file('empty.json', '{"keys": []}');
    expect(() => loadJwks(path)).toThrow(`JWKS file ${path} has no keys: its "keys" array is empty.`);
  });

  it('names a key that is not an object', () => {
    const path = file('string-key.json', '{"keys": ["abc"]}');
    expect(() => loadJwks(path)).toThrow(`key #0 in JWKS file ${path} is not a JSON object.`);
  });

  it('names a key that cannot be imported', () => {
    const path = file('broken.json', JSON.stringify({ keys: [{ kty: 'RSA', kid: 'k1', n: 'AQAB' }] }));
    expect(() => loadJwks(path)).toThrow(
      new RegExp(`^key #0 \\(kid "k1"\\) in JWKS file ${path} is not a usable public key: `),
    );
  });

  it('explains that a symmetric key belongs in the HS256 secret', () => {
    const path = file('oct.json', JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }));
    expect(() => loadJwks(path)).toThrow(/is a symmetric \(oct\) key; give an HS256 secret/);
  });
});
