export { type Authenticator, type AuthenticatorOptions, type AuthMode, createAuthenticator } from './authenticate.js';
export { type Caller, callerFromClaims, callerName, isAppToken } from './caller.js';
export { GLOBAL_ADMINISTRATOR, IDENTITY_GOVERNANCE_ADMINISTRATOR } from './directory-roles.js';
export { VALIDATION_FAILURE, WWW_AUTHENTICATE } from './failures.js';
export { type AsymmetricAlg, assertJwks, type Jwks } from './jwk.js';
export { loadJwks } from './jwks-file.js';
export {
  type ClaimChecks,
  checkClaims,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  type DecodedJwt,
  decodeJwt,
  GRAPH_AUDIENCES,
  MICROSOFT_ISSUERS,
  type VerificationKeys,
  verifySignature,
} from './jwt.js';
export {
  type AuthorizeOptions,
  authorize,
  CONSUMER_TENANT_ID,
  type Need,
  personalAccountClaim,
  READ,
  READ_WRITE,
  type Requirement,
} from './permissions.js';
export { type SignOptions, signJwt } from './sign.js';
