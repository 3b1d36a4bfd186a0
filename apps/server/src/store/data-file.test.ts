import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFileError, loadDataFile, parseStubData } from './data-file.js';
import { GENERAL_CATALOG_ID } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'stub-data-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

it('fills in what Graph would set: ids, timestamps and defaults', () => {
  const data = parseStubData({ accessPackages: [{ catalogId: GENERAL_CATALOG_ID, displayName: 'Minimal' }] });
  expect(data.accessPackages?.[0]).toMatchObject({
    catalogId: GENERAL_CATALOG_ID,
    displayName: 'Minimal',
    isHidden: false,
    isRoleScopesVisible: false,
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    createdDateTime: expect.stringMatching(/Z$/),
  });
});

it('lists every problem at once, each with where it is', () => {
  const attempt = () =>
    parseStubData({
      accessPackageCatalogs: [{ displayName: 'Ok' }, { displayName: 5 }],
      accessPackages: [{ catalogId: 'nowhere', displayName: 'Lost', colour: 'red' }, { catalogId: GENERAL_CATALOG_ID }],
      extra: [],
    });
  expect(attempt).toThrow(DataFileError);
  const message = (() => {
    try {
      attempt();
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  })();
  expect(message).toContain('"extra" is not a section');
  expect(message).toContain('accessPackageCatalogs[1].displayName must be a string');
  expect(message).toContain("accessPackages[0].catalogId 'nowhere' names no catalog");
  expect(message).toContain('accessPackages[0].colour is not a property');
  expect(message).toContain('accessPackages[1].displayName is required');
});

it('explains a missing file and a file that is not JSON', () => {
  expect(() => loadDataFile(join(dir, 'missing.json'))).toThrow(/cannot read the data file .*missing\.json: ENOENT/);
  expect(() => loadDataFile(file('bad.json', '{ nope'))).toThrow(/is not valid JSON/);
  expect(loadDataFile(file('good.json', '{"accessPackages":[]}')).accessPackages).toEqual([]);
});
