// The URLs a `$ref` body names an object by, as Graph's own examples write them.

/** An access package, e.g. in `incompatibleAccessPackages/$ref`. */
export const accessPackageUrl = (id: string): string =>
  `https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages/${encodeURIComponent(id)}`;

/** A user or group, e.g. in a group's `members/$ref`. */
export const directoryObjectUrl = (id: string): string =>
  `https://graph.microsoft.com/v1.0/directoryObjects/${encodeURIComponent(id)}`;

/** A group, as `incompatibleGroups/$ref` names it. */
export const groupUrl = (id: string): string => `https://graph.microsoft.com/beta/groups/${encodeURIComponent(id)}`;
