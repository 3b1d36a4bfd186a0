/**
 * Directory roles by template id, as Entra writes them into a token's `wids` claim
 * (https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference).
 * Either lets a caller make `Admin*` assignment requests.
 */
export const IDENTITY_GOVERNANCE_ADMINISTRATOR = '45d8d3c5-c802-45c6-b32a-1d70b5e1e86e';
export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
