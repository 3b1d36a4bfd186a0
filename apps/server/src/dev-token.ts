import { createHmac, randomUUID } from 'node:crypto';

/** Microsoft Graph's application id, the audience of every Graph access token. */
export const GRAPH_AUDIENCE = '00000003-0000-0000-c000-000000000000';
/** The HS256 secret dev tokens are signed with unless another is given. */
export const DEV_TOKEN_SECRET = 'accesspackage-stub-development-secret';

export interface DevTokenOptions {
  /** Delegated permissions, written into `scp`. Default: EntitlementManagement.ReadWrite.All. */
  scopes?: string[];
  /** The signed-in user, written into `upn` and `preferred_username`. */
  upn?: string;
  /** Lifetime in seconds. Default one hour. */
  expiresInSeconds?: number;
  secret?: string;
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A Graph-shaped delegated access token for the stub, signed with HS256 so that it also passes
 * signature checks. Never valid against real Graph.
 */
export function createDevToken(options: DevTokenOptions = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const upn = options.upn ?? 'developer@contoso.onmicrosoft.com';
  const payload = {
    aud: GRAPH_AUDIENCE,
    iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
    tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    oid: randomUUID(),
    upn,
    preferred_username: upn,
    name: 'Stub Developer',
    scp: (options.scopes ?? ['EntitlementManagement.ReadWrite.All']).join(' '),
    iat: now,
    nbf: now,
    exp: now + (options.expiresInSeconds ?? 3600),
    ...options.claims,
  };
  const unsigned = `${b64({ typ: 'JWT', alg: 'HS256' })}.${b64(payload)}`;
  const signature = createHmac('sha256', options.secret ?? DEV_TOKEN_SECRET).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}
