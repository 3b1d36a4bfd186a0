import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The folders of src in the order a request meets them, lowest first, and the folders each may
 * import. A folder never imports one above it, so the tree reads as the architecture
 * (docs/architecture.md). A new folder must be placed here before it can exist.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  graph: [],
  odata: ['graph'],
  auth: ['graph'],
  store: ['graph', 'odata', 'auth'],
  http: ['graph', 'auth'],
  resources: ['graph', 'odata', 'auth', 'store', 'http'],
  stub: ['graph', 'auth', 'store', 'http'],
  cli: ['graph', 'auth', 'store', 'http', 'stub'],
  // Tests of the whole app and the test helpers may use anything.
  testing: ['*'],
  'api-tests': ['*'],
};
const TOP_LEVEL_FILES_AT_MOST = 8;

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });

it(`keeps at most ${TOP_LEVEL_FILES_AT_MOST} source files at the top of src, the rest in folders named for their concern`, () => {
  const top = readdirSync(__dirname).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  expect(top.length).toBeLessThanOrEqual(TOP_LEVEL_FILES_AT_MOST);
  const folders = readdirSync(__dirname).filter((name) => statSync(join(__dirname, name)).isDirectory());
  expect(folders.filter((folder) => !(folder in MAY_IMPORT))).toEqual([]);
});

it('lets each folder import only the folders below it, never the top-level files', () => {
  const wrong: string[] = [];
  for (const folder of Object.keys(MAY_IMPORT)) {
    const allowed = MAY_IMPORT[folder] ?? [];
    if (allowed.includes('*')) continue;
    for (const file of files(join(__dirname, folder)).filter((f) => !/\.test(-d)?\.ts$/.test(f))) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const into = relative(__dirname, resolve(dirname(file), target ?? '')).split('/');
        const where = into.length > 1 ? into[0] : '(top level)';
        if (where !== folder && !allowed.includes(where ?? ''))
          wrong.push(`${relative(__dirname, file)} imports ${target}`);
      }
    }
  }
  expect(wrong).toEqual([]);
});
