import type { GraphHttpError } from '../graph/http-error.js';
import { thrownGraphError } from '../testing/thrown.js';
import type { Caller } from './caller.js';
import { authorize, CONSUMER_TENANT_ID, READ, READ_WRITE, type Requirement } from './permissions.js';

function forbidden(fn: () => unknown): GraphHttpError {
  const err = thrownGraphError(fn);
  expect([err.status, err.code]).toEqual([403, 'UnAuthorized']);
  return err;
}

const NOT_AUTHORIZED = 'User is not authorized to perform the operation. Reason: The caller is not authorized.';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const user = (permissions: string[], claims: Record<string, unknown> = {}): Caller => ({
  kind: 'delegated',
  name: 'megan@contoso.com',
  permissions,
  claims: { tid: TENANT, scp: permissions.join(' '), ...claims },
});
const app = (permissions: string[]): Caller => ({
  kind: 'application',
  name: 'HR sync',
  permissions,
  claims: { tid: TENANT, roles: permissions },
});

describe('authorize for delegated callers', () => {
  it.each([
    ['read', [READ]],
    ['read', [READ_WRITE]],
    ['read', ['User.Read', READ]],
    ['write', [READ_WRITE]],
  ] as const)('lets %s through with %j', (need, permissions) => {
    expect(() => authorize(user([...permissions]), need)).not.toThrow();
  });

  it('refuses a write with only the read permission, naming what is needed and what the token has', () => {
    const err = forbidden(() => authorize(user(['User.Read', READ]), 'write'));
    expect(err.message).toBe(NOT_AUTHORIZED);
    expect(err.headers).toEqual({});
    expect(err.details).toEqual([
      {
        code: 'UnAuthorized',
        message: `Changing access packages needs the delegated permission ${READ_WRITE} in the token's scp claim; the token has: User.Read, ${READ}.`,
        target: 'scp',
      },
    ]);
  });

  it('refuses a read without either permission', () => {
    const err = forbidden(() => authorize(user([]), 'read'));
    expect(err.message).toBe(NOT_AUTHORIZED);
    expect(err.details?.[0]?.message).toBe(
      `Reading access packages needs the delegated permission ${READ} or ${READ_WRITE} in the token's scp claim; the token has: none.`,
    );
  });

  it('matches permission names exactly', () => {
    forbidden(() => authorize(user(['EntitlementManagement.ReadWrite']), 'write'));
    forbidden(() => authorize(user([`${READ_WRITE}x`]), 'read'));
  });
});

describe('authorize for personal Microsoft accounts', () => {
  it('refuses the consumer tenant whatever the permissions', () => {
    const err = forbidden(() => authorize(user([READ_WRITE], { tid: CONSUMER_TENANT_ID }), 'read'));
    expect(err.message).toBe('Personal Microsoft accounts are not supported for this API.');
    expect(err.details?.[0]).toMatchObject({ code: 'UnAuthorized', target: 'tid' });
    expect(err.details?.[0]?.message).toMatch(/work or school account/);
  });
});

describe('authorize for application callers', () => {
  it.each([
    ['the consumers tenant in upper case', { tid: CONSUMER_TENANT_ID.toUpperCase() }, 'tid'],
    [
      'a consumers issuer (v2)',
      { tid: undefined, iss: `https://login.microsoftonline.com/${CONSUMER_TENANT_ID}/v2.0` },
      'iss',
    ],
    [
      'a consumers issuer in another case',
      { iss: `https://sts.windows.net/${CONSUMER_TENANT_ID.toUpperCase()}/` },
      'iss',
    ],
    ['the Microsoft account issuer', { iss: 'https://login.live.com' }, 'iss'],
  ])('refuses a personal account recognised by %s', (_what, claims, target) => {
    const err = forbidden(() => authorize(user([READ_WRITE], claims), 'read'));
    expect(err.details?.[0]?.target).toBe(target);
  });

  it('refuses app tokens by default, even with the right role', () => {
    const err = forbidden(() => authorize(app([READ_WRITE]), 'read'));
    expect(err.message).toBe('Application permissions are not supported for this API.');
    expect(err.details?.[0]?.message).toMatch(/app-only token for "HR sync".*delegated token/);
    forbidden(() => authorize(app([READ_WRITE]), 'read', { allowAppTokens: false }));
  });

  it('lets app tokens through with allowAppTokens when roles hold the permission', () => {
    expect(() => authorize(app([READ]), 'read', { allowAppTokens: true })).not.toThrow();
    expect(() => authorize(app([READ_WRITE]), 'write', { allowAppTokens: true })).not.toThrow();
  });

  it('still requires the role with allowAppTokens, pointing at the roles claim', () => {
    const err = forbidden(() => authorize(app([READ]), 'write', { allowAppTokens: true }));
    expect(err.message).toBe(NOT_AUTHORIZED);
    expect(err.details).toEqual([
      {
        code: 'UnAuthorized',
        message: `Changing access packages needs the application permission ${READ_WRITE} in the token's roles claim; the token has: ${READ}.`,
        target: 'roles',
      },
    ]);
  });

  it('does not count delegated scopes an app token happens to carry', () => {
    const caller: Caller = { ...app([]), claims: { roles: [], scp: READ_WRITE } };
    forbidden(() => authorize(caller, 'read', { allowAppTokens: true }));
  });
});

describe('authorize for anonymous callers', () => {
  it('always lets them through, as they only exist with authentication off', () => {
    const caller: Caller = {
      kind: 'anonymous',
      name: 'anonymous',
      permissions: [],
      claims: { tid: CONSUMER_TENANT_ID },
    };
    expect(() => authorize(caller, 'write')).not.toThrow();
  });
});

describe('authorize with an operation’s requirement', () => {
  const users: Requirement = {
    alternatives: [['User.Read.All'], ['Directory.Read.All']],
    subject: 'users',
    applicationPermissions: true,
  };

  it('lets any one alternative through, a ReadWrite permission granting its Read', () => {
    for (const held of [
      ['User.Read.All'],
      ['Directory.Read.All'],
      ['User.ReadWrite.All'],
      ['Directory.ReadWrite.All'],
    ]) {
      expect(() => authorize(user(held), 'read', {}, users)).not.toThrow();
    }
    expect(() => authorize(app(['User.ReadWrite.All']), 'read', {}, users)).not.toThrow();
  });

  it('refuses other permissions, naming the alternatives and the subject', () => {
    const err = forbidden(() => authorize(user([READ_WRITE, 'Group.Read.All']), 'read', {}, users));
    expect(err.details?.[0]?.message).toBe(
      `Reading users needs the delegated permission User.Read.All or Directory.Read.All in the token's scp claim; the token has: ${READ_WRITE}, Group.Read.All.`,
    );
  });

  it('needs every permission of an alternative that lists several', () => {
    const both: Requirement = { ...users, alternatives: [['User.Read.All', 'Group.Read.All']] };
    forbidden(() => authorize(user(['User.Read.All']), 'read', {}, both));
    expect(() => authorize(user(['User.Read.All', 'Group.Read.All']), 'read', {}, both)).not.toThrow();
  });
});
