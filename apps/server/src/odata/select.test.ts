import { GraphHttpError } from '../graph/http-error.js';
import { parseSelect, project } from './select.js';

const ALLOWED = ['id', 'displayName', 'description', 'isHidden', 'createdDateTime'] as const;
const TYPE = 'microsoft.graph.accessPackage';

function rejection(text: string): GraphHttpError {
  try {
    parseSelect(text, ALLOWED, TYPE);
  } catch (error) {
    if (error instanceof GraphHttpError) return error;
    throw error;
  }
  throw new Error(`expected $select=${text} to be rejected`);
}

describe('parseSelect', () => {
  it('returns undefined when $select is absent, blank or *', () => {
    expect(parseSelect(undefined, ALLOWED, TYPE)).toBeUndefined();
    expect(parseSelect('', ALLOWED, TYPE)).toBeUndefined();
    expect(parseSelect('  ', ALLOWED, TYPE)).toBeUndefined();
    expect(parseSelect('*', ALLOWED, TYPE)).toBeUndefined();
    expect(parseSelect('displayName, *', ALLOWED, TYPE)).toBeUndefined();
  });

  it('splits on commas, trims whitespace and removes duplicates, keeping the given order', () => {
    expect(parseSelect('displayName', ALLOWED, TYPE)).toEqual(['displayName']);
    expect(parseSelect(' isHidden ,displayName,  isHidden,displayName ', ALLOWED, TYPE)).toEqual([
      'isHidden',
      'displayName',
    ]);
  });

  it("rejects an unknown property in Graph's words, listing the ones that exist", () => {
    const error = rejection('displayName,colour');
    expect(error.status).toBe(400);
    expect(error.code).toBe('BadRequest');
    expect(error.message).toBe(
      "Could not find a property named 'colour' on type 'microsoft.graph.accessPackage'. Select from: id, displayName, description, isHidden, createdDateTime, or * for all.",
    );
  });

  it('is case-sensitive but suggests the right case', () => {
    expect(rejection('DisplayName').message).toMatch(/named 'DisplayName'.*did you mean 'displayName'\?/);
  });

  it('rejects navigation paths and empty names', () => {
    expect(rejection('catalog/displayName').message).toMatch(/named 'catalog\/displayName'/);
    expect(rejection('id,,displayName').message).toMatch(/^\$select 'id,,displayName' has an empty property name/);
    expect(rejection('id,').code).toBe('BadRequest');
  });

  it('does not accept inherited object keys', () => {
    expect(rejection('toString').message).toMatch(/named 'toString'/);
  });
});

describe('project', () => {
  const item = {
    '@odata.etag': 'W/"1"',
    id: 'a',
    displayName: 'Sales',
    'displayName@odata.type': '#String',
    description: 'd',
    isHidden: false,
  };

  it('keeps everything without a selection, as a copy', () => {
    const all = project(item, undefined);
    expect(all).toEqual(item);
    expect(all).not.toBe(item);
  });

  it('keeps the selected properties, id and @odata annotations, and drops the rest', () => {
    expect(project(item, ['description'])).toEqual({ '@odata.etag': 'W/"1"', id: 'a', description: 'd' });
    expect(project(item, ['displayName'])).toEqual({
      '@odata.etag': 'W/"1"',
      id: 'a',
      displayName: 'Sales',
      'displayName@odata.type': '#String',
    });
  });

  it('keeps false and null values that were selected', () => {
    expect(project({ id: 'a', isHidden: false, description: null }, ['isHidden', 'description'])).toEqual({
      id: 'a',
      isHidden: false,
      description: null,
    });
  });

  it('does not invent selected properties the item lacks', () => {
    expect(project({ id: 'a' }, ['description'])).toEqual({ id: 'a' });
  });

  it('does not mutate the item', () => {
    const before = structuredClone(item);
    project(item, ['id']);
    expect(item).toEqual(before);
  });
});
