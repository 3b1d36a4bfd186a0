import { keysAsSegments } from './function-segments.js';

describe('keysAsSegments', () => {
  it('writes a quoted, named or GUID key in parentheses as a segment of its own', () => {
    const guid = '0b0f5d6a-1c3e-4f5e-9a7b-2c4d6e8f0a1b';
    expect(keysAsSegments("/accessPackages('a')/x")).toBe('/accessPackages/a/x');
    expect(keysAsSegments("/accessPackages(id='a')")).toBe('/accessPackages/a');
    expect(keysAsSegments(`/accessPackages(${guid})`)).toBe(`/accessPackages/${guid}`);
    expect(keysAsSegments("/c('a')/r('b')")).toBe('/c/a/r/b');
  });

  it('reads a doubled quote as one quote and percent-encodes what a segment cannot hold', () => {
    expect(keysAsSegments("/accessPackages('it''s')")).toBe("/accessPackages/it's");
    expect(keysAsSegments("/accessPackages('a%2Fb c')")).toBe('/accessPackages/a%2Fb%20c');
    expect(keysAsSegments('/accessPackages%28%27a%27%29')).toBe('/accessPackages/a');
  });

  it('leaves function calls, unquoted non-GUID keys and broken encodings alone', () => {
    for (const path of [
      "/accessPackages/filterByCurrentUser(on='allowedRequestor')",
      "/accessPackageAssignments/additionalAccess(accessPackageId='a',incompatibleAccessPackageId='b')",
      '/accessPackages(abc)',
      "/accessPackages('a)",
      '/accessPackages%28%E0%A4%A',
      '/accessPackages/a',
    ]) {
      expect(keysAsSegments(path)).toBe(path);
    }
  });
});
