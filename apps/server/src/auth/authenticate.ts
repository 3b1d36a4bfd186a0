import type { GraphHttpError } from '../graph/http-error.js';
import { memo } from '../graph/memo.js';
import { type Caller, callerFromClaims, callerName, identityProblem } from './caller.js';
import { invalidToken, unauthenticated } from './failures.js';
import { assertJwks, type Jwks } from './jwk.js';
import {
  checkClaims,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  decodeJwt,
  GRAPH_AUDIENCES,
  MICROSOFT_ISSUERS,
  verifySignature,
} from './jwt.js';
import {
  type AuthorizeOptions,
  authorize,
  missingPermissionOf,
  type Need,
  READ,
  READ_WRITE,
  type Requirement,
} from './permissions.js';

/**
 * `claims`: read the token without checking it, as Dev Proxy does, so any JWT-shaped token works.
 * `strict`: check it as Graph would (signature, lifetime, audience, a Microsoft issuer of the token's tenant).
 * `off`: let every request in, with or without a token.
 */
export type AuthMode = 'claims' | 'strict' | 'off';

const MODES: readonly AuthMode[] = ['claims', 'strict', 'off'];

export interface AuthenticatorOptions extends AuthorizeOptions {
  /** Default `claims`. */
  mode?: AuthMode;
  /** Strict mode: the shared secret HS256 tokens (such as createDevToken's) are signed with. */
  hs256Secret?: string;
  /** Strict mode: the public keys RS256/ES256 tokens are signed with. */
  jwks?: Jwks;
  /**
   * Strict mode: the required `iss`; `{tenantid}` stands for the token's `tid`. Default: an issuer of
   * Microsoft's identity platform for the token's own tenant (MICROSOFT_ISSUERS).
   */
  issuer?: string;
  /** Strict mode: the longest lifetime a token may have, in seconds. Default 28 hours, Entra's longest. */
  maxTokenLifetimeSeconds?: number;
  /** The clock lifetimes are checked against; tests pin it. */
  now?: () => Date;
}

/** Reads the caller from an Authorization header, throwing Graph's 401 when it may not call at all. */
export interface Authenticator {
  (authorizationHeader: string | undefined): Caller;
  readonly mode: AuthMode;
  /** authorize() with this authenticator's allowAppTokens, so routes need not carry the options. */
  authorize(caller: Caller, need: Need, requirement?: Requirement): void;
  /** missingPermissionOf() with the same options: the 403 of a missing permission, returned, others thrown. */
  missingPermissionOf(caller: Caller, need: Need, requirement?: Requirement): GraphHttpError | undefined;
}

const EMPTY_TOKEN = 'Access token is empty.';

/** How many different tokens' callers an authenticator keeps. */
const KEPT_TOKENS = 1000;

// Graph answers "empty" for a missing header, another scheme, or a bare "Bearer" alike.
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer(?:\s+(.*))?$/i.exec((header ?? '').trim());
  const token = match?.[1]?.trim();
  return token ? token : undefined;
}

function anonymousCaller(token: string | undefined): Caller {
  let claims: Record<string, unknown> = {};
  try {
    if (token !== undefined) claims = decodeJwt(token).payload;
  } catch {
    // With authentication off, an unreadable token is no reason to refuse; it just names no one.
  }
  return { kind: 'anonymous', name: callerName(claims, 'anonymous'), permissions: [READ, READ_WRITE], claims };
}

// Fail at start-up rather than on every request: a strict stub that cannot verify anything is a mistake.
function assertStrictKeys(options: AuthenticatorOptions): void {
  if (options.hs256Secret === undefined && options.jwks === undefined) {
    throw new Error(
      'Strict authentication needs a key to check token signatures: configure an HS256 shared secret, a JWKS, or both.',
    );
  }
  if (options.hs256Secret === '') throw new Error('The HS256 shared secret for strict authentication is empty.');
  if (options.jwks !== undefined) assertJwks(options.jwks, 'The JWKS for strict authentication');
}

export function createAuthenticator(options: AuthenticatorOptions = {}): Authenticator {
  const mode = options.mode ?? 'claims';
  if (!MODES.includes(mode)) {
    throw new Error(`Unknown authentication mode "${String(mode)}"; use one of ${MODES.join(', ')}.`);
  }
  if (mode === 'strict') assertStrictKeys(options);
  const now = options.now ?? (() => new Date());

  // A client sends the same token with every request, so what a token says (and, in strict mode, that its signature
  // holds) is worked out once per token. Its lifetime, audience and issuer are still checked on every request: they
  // depend on the clock. Tokens that fail are not kept; at most KEPT_TOKENS are, the oldest forgotten first.
  const callerOf = memo(KEPT_TOKENS, (token: string): Caller => {
    const decoded = decodeJwt(token);
    if (mode === 'strict') verifySignature(decoded, { hs256Secret: options.hs256Secret, jwks: options.jwks });
    const problem = identityProblem(decoded.payload, mode === 'strict');
    if (problem) throw invalidToken(problem);
    // Shared by every request with the token: frozen, so that none can change what the others see.
    const caller = callerFromClaims(decoded.payload);
    Object.freeze(caller.claims);
    Object.freeze(caller.permissions);
    return Object.freeze(caller);
  });

  const authenticate = (authorizationHeader: string | undefined): Caller => {
    const token = bearerToken(authorizationHeader);
    if (mode === 'off') return anonymousCaller(token);
    if (token === undefined) throw unauthenticated(EMPTY_TOKEN);
    const caller = callerOf(token);
    if (mode === 'strict') {
      checkClaims(caller.claims, {
        audience: GRAPH_AUDIENCES,
        issuer: options.issuer ?? MICROSOFT_ISSUERS,
        maxLifetimeSeconds: options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
        now: now(),
      });
    }
    return caller;
  };

  return Object.assign(authenticate, {
    mode,
    authorize: (caller: Caller, need: Need, requirement?: Requirement) => authorize(caller, need, options, requirement),
    missingPermissionOf: (caller: Caller, need: Need, requirement?: Requirement) =>
      missingPermissionOf(caller, need, options, requirement),
  });
}
