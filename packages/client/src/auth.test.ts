import { type AccessToken, type TokenCredential, tokenSource } from './auth.js';

/** A credential like @azure/identity's, counting how often it is asked. */
class CountingCredential implements TokenCredential {
  calls: (string | string[])[] = [];
  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.calls.push(scopes);
    return { token: `token-${this.calls.length}`, expiresOnTimestamp: this.now() + this.lifetimeMs };
  }
}

it('passes a token string through', async () => {
  expect(await tokenSource('abc')()).toBe('abc');
});

it('calls a token function for every request', async () => {
  let n = 0;
  const source = tokenSource(async () => `t${++n}`);
  expect([await source(), await source()]).toEqual(['t1', 't2']);
});

it('asks a credential for the Graph scope once, and again shortly before the token expires', async () => {
  let now = 1_000_000;
  const credential = new CountingCredential(60 * 60 * 1000, () => now);
  const source = tokenSource(credential, undefined, () => now);
  expect(await source()).toBe('token-1');
  expect(await source()).toBe('token-1');
  expect(credential.calls).toEqual([['https://graph.microsoft.com/.default']]);
  now += 58 * 60 * 1000 + 1;
  expect(await source()).toBe('token-2');
});

it('shares one token request between concurrent calls', async () => {
  const credential = new CountingCredential(3_600_000, Date.now);
  const source = tokenSource(credential);
  expect(await Promise.all([source(), source(), source()])).toEqual(['token-1', 'token-1', 'token-1']);
  expect(credential.calls).toHaveLength(1);
});

it('uses the scopes it is given', async () => {
  const credential = new CountingCredential(3_600_000, Date.now);
  await tokenSource(credential, ['api://stub/.default'])();
  expect(credential.calls).toEqual([['api://stub/.default']]);
});

it('says clearly when a credential returns no token', async () => {
  const empty: TokenCredential = { getToken: async () => null };
  await expect(tokenSource(empty)()).rejects.toThrow(
    'The credential returned no token for https://graph.microsoft.com/.default.',
  );
});
