import { buildNextLink } from './next-link.js';

const ROOT = 'http://127.0.0.1:4010/beta/identityGovernance/entitlementManagement/accessPackages';

describe('buildNextLink', () => {
  it('adds $skiptoken to a URL without a query', () => {
    expect(buildNextLink(new URL(ROOT), 'abc')).toBe(`${ROOT}?$skiptoken=abc`);
  });

  it('keeps every other option exactly as written, with or without $', () => {
    const url = new URL(`${ROOT}?$top=5&filter=contains(displayName,%27a%27)&%24orderby=displayName%20desc&select=id`);
    expect(buildNextLink(url, 'abc')).toBe(
      `${ROOT}?$top=5&filter=contains(displayName,%27a%27)&%24orderby=displayName%20desc&select=id&$skiptoken=abc`,
    );
  });

  it('replaces an earlier skiptoken however it was spelled', () => {
    for (const old of ['$skiptoken=old', 'skiptoken=old', '%24skiptoken=old', '$SkipToken=old', 'skiptoken']) {
      expect(buildNextLink(new URL(`${ROOT}?top=2&${old}&x=1`), 'new')).toBe(`${ROOT}?top=2&x=1&$skiptoken=new`);
    }
  });

  it('keeps options that merely look like a skiptoken', () => {
    expect(buildNextLink(new URL(`${ROOT}?skiptokens=1&a=skiptoken`), 't')).toBe(
      `${ROOT}?skiptokens=1&a=skiptoken&$skiptoken=t`,
    );
  });

  it('keeps repeated and valueless options, drops empty pairs and the fragment', () => {
    expect(buildNextLink(new URL(`${ROOT}?a=1&&a=2&b#frag`), 't')).toBe(`${ROOT}?a=1&a=2&b&$skiptoken=t`);
  });

  it('copes with malformed escapes in other options', () => {
    expect(buildNextLink(new URL(`${ROOT}?bad%zz=1`), 't')).toBe(`${ROOT}?bad%zz=1&$skiptoken=t`);
  });

  it('returns an absolute URL and leaves the request URL alone', () => {
    const url = new URL(`https://graph.example/beta/x?$top=1&$skiptoken=old`);
    const link = buildNextLink(url, 't');
    expect(new URL(link).origin).toBe('https://graph.example');
    expect(url.href).toBe('https://graph.example/beta/x?$top=1&$skiptoken=old');
  });

  it('escapes a token that needs it', () => {
    expect(buildNextLink(new URL(ROOT), 'a+b/c=')).toBe(`${ROOT}?$skiptoken=a%2Bb%2Fc%3D`);
  });
});
