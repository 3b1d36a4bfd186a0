// The world every sequence of the lifecycle's model-based test starts from, in each of its tenants: who the users
// are, which groups, packages and policies exist and who may request and approve what. The model (model.ts) and the
// set-up over HTTP (setup.ts) both read it from here, so the two cannot describe different worlds.

import { DAY } from './calendar.js';

export const USERS = [0, 1, 2, 3] as const;
export type UserKey = (typeof USERS)[number];

/**
 * G1 and G2 are resources of the General catalog, whose roles the packages grant. GA approves the first stage of
 * policy C; GN is nested in GA (its members approve through it); GX is the group package incompatibilities name.
 */
export const GROUPS = ['G1', 'G2', 'GA', 'GN', 'GX'] as const;
export type GroupKey = (typeof GROUPS)[number];
export const RESOURCE_GROUPS = ['G1', 'G2'] as const;
export type ResourceGroup = (typeof RESOURCE_GROUPS)[number];

export const PACKAGES = [0, 1, 2] as const;
export type PackageKey = (typeof PACKAGES)[number];

export type Link = 'member' | 'owner';
export type GroupRole = 'Member' | 'Owner';
/** A group role a package grants: `G1:Member` makes its holders members of G1. */
export type RoleKey = `${ResourceGroup}:${GroupRole}`;
export const ROLES: readonly RoleKey[] = ['G1:Member', 'G1:Owner', 'G2:Member', 'G2:Owner'];

/** The roles each package grants when the world starts: P0 and P1 both grant G1's Member role. */
export const INITIAL_ROLE_SCOPES: Record<PackageKey, RoleKey[]> = {
  0: ['G1:Member'],
  1: ['G1:Member', 'G2:Owner'],
  2: ['G2:Member'],
};

/** Who is in which group when the world starts: GN in GA, U2 in GA, U3 in GN (so in GA through it). */
export const INITIAL_MEMBERS: Array<{ group: GroupKey; member: UserKey | GroupKey }> = [
  { group: 'GA', member: 'GN' },
  { group: 'GA', member: 2 },
  { group: 'GN', member: 3 },
];

/** Who may be an approver or a requestor: one user, or the members of a group (nested groups included). */
export type Who = { user: UserKey } | { group: GroupKey };

export interface Stage {
  timeoutDays: number;
  justificationRequired: boolean;
  approvers: Who[];
}

export const POLICIES = ['A', 'B', 'C', 'D'] as const;
export type PolicyKey = (typeof POLICIES)[number];
/** The package of each policy: P0 has two, A for its requestors and D for administrators' direct assignments. */
export const POLICY_PACKAGE: Record<PolicyKey, PackageKey> = { A: 0, B: 1, C: 2, D: 0 };

export interface Policy {
  pkg: PackageKey;
  /** `null`: no one may request (a policy for administrators' direct assignments); `all`: every directory user. */
  requestors: Who[] | 'all' | null;
  mode: 'NoApproval' | 'SingleStage' | 'Serial';
  stages: Stage[];
  /**
   * Stages the policy lists that its mode leaves unused (a stage of a policy without approval, a second stage of a
   * single-stage one): Graph keeps them and asks no one.
   */
  unusedStages: Stage[];
  approvalForExtension: boolean;
  canExtend: boolean;
  durationInDays: number;
  /** Epoch milliseconds, or null. */
  expirationDateTime: number | null;
}

/** What varies from one sequence to the next. */
export interface WorldParams {
  /** Where the stub's (frozen) clock stands when the sequence starts. */
  start: number;
  durationInDaysA: number;
  timeoutDaysB: number;
  justificationB: boolean;
  timeoutDaysC: [number, number];
  approvalForExtensionC: boolean;
  /** Days after the start at which every assignment under policy C ends, or null for none. */
  expiresAfterDaysC: number | null;
}

/** The four policies, in the order they are created (a UserAdd naming no policy gets the first that allows it). */
export function policiesOf(params: WorldParams): Record<PolicyKey, Policy> {
  return {
    // Requested by U0 and U1 without approval.
    A: {
      pkg: POLICY_PACKAGE.A,
      requestors: [{ user: 0 }, { user: 1 }],
      mode: 'NoApproval',
      stages: [],
      unusedStages: [{ timeoutDays: 3, justificationRequired: false, approvers: [{ user: 2 }] }],
      approvalForExtension: false,
      canExtend: true,
      durationInDays: params.durationInDaysA,
      expirationDateTime: null,
    },
    // Anyone may ask; U2 approves.
    B: {
      pkg: POLICY_PACKAGE.B,
      requestors: 'all',
      mode: 'SingleStage',
      stages: [
        { timeoutDays: params.timeoutDaysB, justificationRequired: params.justificationB, approvers: [{ user: 2 }] },
      ],
      unusedStages: [{ timeoutDays: 2, justificationRequired: false, approvers: [{ user: 3 }] }],
      approvalForExtension: false,
      canExtend: false,
      durationInDays: 7,
      expirationDateTime: null,
    },
    // Two stages: GA's members, then U0, who may also request it (and so is both requestor and approver).
    C: {
      pkg: POLICY_PACKAGE.C,
      requestors: [{ user: 0 }, { user: 1 }, { group: 'GN' }],
      mode: 'Serial',
      stages: [
        { timeoutDays: params.timeoutDaysC[0], justificationRequired: false, approvers: [{ group: 'GA' }] },
        { timeoutDays: params.timeoutDaysC[1], justificationRequired: false, approvers: [{ user: 0 }] },
      ],
      unusedStages: [],
      approvalForExtension: params.approvalForExtensionC,
      canExtend: true,
      durationInDays: 0,
      expirationDateTime:
        params.expiresAfterDaysC === null
          ? null
          : Math.min(params.start + params.expiresAfterDaysC * DAY, Date.UTC(9999, 11, 31)),
    },
    // For administrators' direct assignments of P0: no requestors, no expiry.
    D: {
      pkg: POLICY_PACKAGE.D,
      requestors: null,
      mode: 'NoApproval',
      stages: [],
      unusedStages: [],
      approvalForExtension: false,
      canExtend: false,
      durationInDays: 0,
      expirationDateTime: null,
    },
  };
}
