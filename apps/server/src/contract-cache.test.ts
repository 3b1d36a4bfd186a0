import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadContract as load } from '@accesspackage/openapi';

const loadContract = (file: string) => load(file) as { info: { title: string } };

// The parsed contract is cached as JSON under a hash of the YAML's bytes (openapi/index.js): a start-up reads JSON, and
// an edited contract is parsed afresh.
it('reads a contract again after it changes, never a stale copy of it', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'contract-cache-')), 'contract.yaml');
  const marker = `m${process.pid}${Date.now()}`;
  writeFileSync(file, `openapi: 3.1.0\ninfo:\n  title: ${marker}-one\n  version: '1'\npaths: {}\n`);
  expect(loadContract(file).info.title).toBe(`${marker}-one`);
  // Cached now: the same answer, from JSON.
  expect(loadContract(file)).toEqual(loadContract(file));
  writeFileSync(file, `openapi: 3.1.0\ninfo:\n  title: ${marker}-two\n  version: '1'\npaths: {}\n`);
  expect(loadContract(file).info.title).toBe(`${marker}-two`);
  // Each call parses its own copy: a caller that changes it changes no one else's.
  const first = loadContract(file);
  first.info.title = 'changed';
  expect(loadContract(file).info.title).toBe(`${marker}-two`);
});

it('keeps the cache to the contracts read most recently, as a contract being edited is read again and again', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'contract-cache-')), 'contract.yaml');
  for (let edit = 0; edit < 12; edit++) {
    writeFileSync(file, `openapi: 3.1.0\ninfo:\n  title: edit ${edit} ${process.pid}\n  version: '1'\npaths: {}\n`);
    expect(loadContract(file).info.title).toBe(`edit ${edit} ${process.pid}`);
  }
  const cache = join(dirname(require.resolve('@accesspackage/openapi')), 'node_modules', '.cache', 'contract');
  expect(readdirSync(cache).filter((name) => name.endsWith('.json')).length).toBeLessThanOrEqual(8);
});
