export { type Authenticator, type AuthenticatorOptions, type AuthMode, createAuthenticator } from './authenticate.js';
export { type Caller, callerFromClaims, callerName } from './caller.js';
export { VALIDATION_FAILURE, WWW_AUTHENTICATE } from './failures.js';
export { type AsymmetricAlg, assertJwks, type Jwks } from './jwk.js';
export { loadJwks } from './jwks-file.js';
export {
  type ClaimChecks,
  checkClaims,
  type DecodedJwt,
  decodeJwt,
  GRAPH_AUDIENCES,
  type VerificationKeys,
  verifySignature,
} from './jwt.js';
export {
  type AuthorizeOptions,
  authorize,
  CONSUMER_TENANT_ID,
  type Need,
  READ,
  READ_WRITE,
  type Requirement,
} from './permissions.js';
export { type SignOptions, signJwt } from './sign.js';
