/** An access token and when it expires (ms since the epoch), as @azure/identity credentials return it. */
export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

/** The shape of an @azure/identity credential (DefaultAzureCredential, ClientSecretCredential, ...), without depending on it. */
export interface TokenCredential {
  getToken(scopes: string | string[], options?: object): Promise<AccessToken | null>;
}

/**
 * How the client authenticates: a bearer token string, a function that returns one (called for
 * every request; cache inside it if needed), or a TokenCredential (cached by the client).
 */
export type AuthOption = string | (() => string | Promise<string>) | TokenCredential;

/** Graph's resource scope: the token carries whatever permissions the app was consented to. */
export const GRAPH_DEFAULT_SCOPES = ['https://graph.microsoft.com/.default'];

// Azure SDKs refresh tokens two minutes before they expire, so a request never leaves with one about to lapse.
const REFRESH_MARGIN_MS = 2 * 60 * 1000;

export type TokenSource = () => Promise<string | undefined>;

function isCredential(auth: AuthOption): auth is TokenCredential {
  return typeof auth === 'object' && auth !== null && typeof (auth as TokenCredential).getToken === 'function';
}

/** Turns the `auth` option into one function the transport calls before each attempt. */
export function tokenSource(
  auth: AuthOption | undefined,
  scopes: string[] = GRAPH_DEFAULT_SCOPES,
  now: () => number = Date.now,
): TokenSource {
  if (auth === undefined) return async () => undefined;
  if (typeof auth === 'string') return async () => auth;
  if (typeof auth === 'function') return async () => auth();
  if (!isCredential(auth))
    throw new TypeError('auth must be a token string, a function returning one, or an object with getToken(scopes).');

  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  return async () => {
    if (cached && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > now()) return cached.token;
    // Concurrent calls share one token request instead of each asking the identity service.
    pending ??= auth
      .getToken(scopes)
      .then((token) => {
        if (!token) throw new Error(`The credential returned no token for ${scopes.join(' ')}.`);
        cached = token;
        return token;
      })
      .finally(() => {
        pending = undefined;
      });
    return (await pending).token;
  };
}
