import { randomUUID } from 'node:crypto';
import { loadContract, readRoles } from '@accesspackage/openapi';
import { IDENTITY_GOVERNANCE_ADMINISTRATOR } from './directory-roles.js';
import { EM_ROLES_CLAIM, readRoleNames } from './roles.js';
import { signJwt } from './sign.js';

/** Microsoft Graph's application id, the audience of every Graph access token. */
export const GRAPH_AUDIENCE = '00000003-0000-0000-c000-000000000000';
/** The HS256 secret dev tokens are signed with unless another is given. */
export const DEV_TOKEN_SECRET = 'accesspackage-stub-development-secret';
/** A made-up work-or-school tenant; personal-account tokens use the consumer tenant instead. */
export const DEV_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

export interface DevTokenOptions {
  /** Permissions: into `scp` (delegated) or `roles` (app). Default: EntitlementManagement.ReadWrite.All. */
  scopes?: string[];
  /** The signed-in user, written into `upn` and `preferred_username`. Ignored for app tokens. */
  upn?: string;
  /**
   * The signed-in user's (or the application's) object id, into `oid`, as the CLI's `token --oid`: a directory user's
   * id makes the token that user's (their requests, their approvals). Default: a fresh GUID each token.
   */
  oid?: string;
  /** An application token: `roles` and `app_displayname`, no user and no `scp`. */
  app?: boolean;
  /**
   * The signed-in user's directory roles, by template id, into `wids`. Default: Identity Governance
   * Administrator, who may do everything in Entitlement Management; `[]` for a plain user. Ignored for app tokens.
   */
  directoryRoles?: string[];
  /**
   * Roles by name, as the token command's `--roles` takes them: `catalogOwner:{catalogId}` (an Entitlement
   * Management role in one catalog, into the stub's `em_roles` claim), `catalogCreator` or `catalogReader` (at `/`),
   * `globalReader` (a directory role, into `wids`). With roles and no `directoryRoles`, `wids` holds only the directory
   * roles named here: `roles: ['catalogOwner:…']` is a catalog owner and nothing more.
   */
  roles?: string[];
  /** The tenant (`tid`, and the issuer's tenant). Default: DEV_TENANT_ID. The stub keeps each tenant's data apart. */
  tenantId?: string;
  /** Lifetime in seconds. Default one hour. */
  expiresInSeconds?: number;
  secret?: string;
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>;
}

/** The payload of a Graph-shaped access token, as Microsoft's identity platform issues them (v1 tokens). */
export function devTokenClaims(options: DevTokenOptions = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const permissions = options.scopes ?? ['EntitlementManagement.ReadWrite.All'];
  const upn = options.upn ?? 'developer@contoso.onmicrosoft.com';
  const named = options.roles === undefined ? undefined : readRoleNames(options.roles, readRoles(loadContract()));
  const emRoles = named && named.emRoles.length > 0 ? { [EM_ROLES_CLAIM]: named.emRoles } : {};
  const who = options.app
    ? { app_displayname: 'accesspackage-stub-app', appid: randomUUID(), idtyp: 'app', roles: permissions, ...emRoles }
    : {
        upn,
        preferred_username: upn,
        name: 'Stub Developer',
        idtyp: 'user',
        scp: permissions.join(' '),
        wids: options.directoryRoles ?? named?.directoryRoles ?? [IDENTITY_GOVERNANCE_ADMINISTRATOR],
        ...emRoles,
      };
  return {
    aud: GRAPH_AUDIENCE,
    iss: `https://sts.windows.net/${options.tenantId ?? DEV_TENANT_ID}/`,
    tid: options.tenantId ?? DEV_TENANT_ID,
    oid: options.oid ?? randomUUID(),
    ...who,
    iat: now,
    nbf: now,
    exp: now + (options.expiresInSeconds ?? 3600),
    ...options.claims,
  };
}

/**
 * A Graph-shaped access token for the stub, signed with HS256 so that strict mode can verify it
 * too (given the same secret). Never valid against real Graph.
 */
export function createDevToken(options: DevTokenOptions = {}): string {
  return signJwt(devTokenClaims(options), { hs256Secret: options.secret ?? DEV_TOKEN_SECRET });
}
