// The reference model of the access-package lifecycle: what Graph's documented lifecycle (and, where Graph is silent,
// the contract's stated choices) says each command does, written without reading the stub's code. The model-based test
// runs random sequences of commands against the stub and against this model, and after each compares what the stub
// shows with what the model says (observe.ts).
//
// Its rules, in short:
// - A request is `Submitted` and is processed once the delivery delay has passed. A user's add (and, where the policy
//   says so, a user's extension) first waits for approval: `PendingApproval`, one step per stage reached; a denial or a
//   stage left undecided for its time-out ends it `Denied`. Once through, a request whose asked start lies ahead is
//   `Scheduled` until then; the rest are delivered.
// - Time moves only when the clock is moved, and everything that falls due in between happens at the instant it was
//   due, in the order of those instants (requests, in the order they were made, before expiries at the same instant):
//   an assignment delivered a minute after its request and meant to last 30 days ends 30 days after that minute,
//   whatever the size of the step the clock took.
// - An assignment gives its target the group roles its package grants while it is delivered and the package grants
//   them; a membership goes when its last cause goes (the last assignment granting it ends, or the role is taken out
//   of the package), unless it was there before any grant made it.

import { LAST_INSTANT, plus } from './calendar.js';
import {
  type GroupKey,
  type GroupRole,
  INITIAL_MEMBERS,
  INITIAL_ROLE_SCOPES,
  type Link,
  PACKAGES,
  type PackageKey,
  type Policy,
  type PolicyKey,
  policiesOf,
  RESOURCE_GROUPS,
  type ResourceGroup,
  type RoleKey,
  type Stage,
  type UserKey,
  type Who,
  type WorldParams,
} from './world.js';

export type RequestType = 'UserAdd' | 'UserExtend' | 'UserRemove' | 'AdminAdd' | 'AdminUpdate' | 'AdminRemove';
export type Caller = UserKey | 'admin';

/** A schedule as a request sends it: the wire's strings, since an invalid one is part of what is tried. */
export interface AskedSchedule {
  startDateTime?: string;
  expiration?: { type: 'afterDuration'; duration: string } | { type: 'afterDateTime'; endDateTime: string };
}

/** A schedule as the stub shows it, dates as epoch milliseconds. */
export interface ShownSchedule {
  start: number | null;
  type: string | null;
  end: number | null;
  duration: string | null;
}

export interface Step {
  status: 'InProgress' | 'Completed' | 'Expired';
  result: 'NotReviewed' | 'Approved' | 'Denied';
  reviewedBy: UserKey | null;
  reviewedAt: number | null;
}

export interface Approval {
  stages: Stage[];
  steps: Step[];
}

export interface ModelRequest {
  key: number;
  type: RequestType;
  state: string;
  status: string;
  createdAt: number;
  completedAt: number | null;
  /** When it next moves: processed (`Submitted`, `Delivering`, `Scheduled`) or timed out (`PendingApproval`). */
  due: number | null;
  pkg: PackageKey;
  policy: PolicyKey;
  target: UserKey;
  createdBy: Caller;
  /** The assignment it acts on, or the one it made. */
  assignment: number | null;
  asked: AskedSchedule | undefined;
  shown: ShownSchedule;
  approval: Approval | null;
  deleted: boolean;
}

export interface ModelAssignment {
  key: number;
  pkg: PackageKey;
  policy: PolicyKey;
  target: UserKey;
  state: 'Delivered' | 'Expired';
  isExtended: boolean;
  schedule: ShownSchedule;
  expiredAt: number | null;
}

export type Member = UserKey | GroupKey;
type LinkKey = `${Link}|${GroupKey}|${Member}`;
const linkKey = (link: Link, group: GroupKey, member: Member): LinkKey => `${link}|${group}|${member}`;

export interface TenantModel {
  requests: ModelRequest[];
  assignments: Map<number, ModelAssignment>;
  roleScopes: Set<`${PackageKey}|${RoleKey}`>;
  resources: Set<ResourceGroup>;
  /** `a>b`: b is in a's incompatibleAccessPackages. */
  incompatiblePackages: Set<`${PackageKey}>${PackageKey}`>;
  /** The packages GX is an incompatible group of. */
  incompatibleWithGX: Set<PackageKey>;
  /** Group memberships and ownerships, and whether a grant made them. */
  links: Map<LinkKey, { granted: boolean }>;
}

export type Expected = { status: number } | { errors: Array<{ status: number; code: string }> };

const OPEN = new Set(['Submitted', 'PendingApproval', 'Delivering', 'Scheduled']);
const CANCELABLE = new Set(['Submitted', 'PendingApproval', 'Scheduled']);
const DAY = 86_400_000;

const problem = (status: number, code: string) => ({ status, code });

/** An assignment shows an end it has as `afterDateTime`, however it was asked for, as in Graph's examples. */
const delivered = (schedule: ShownSchedule): ShownSchedule =>
  schedule.end === null ? schedule : { ...schedule, type: 'afterDateTime', duration: null };

export class LifecycleModel {
  now: number;
  readonly policies: Record<PolicyKey, Policy>;
  readonly tenants: TenantModel[];

  constructor(
    readonly params: WorldParams,
    readonly deliveryDelayMs: number,
    tenantCount: number,
  ) {
    this.now = params.start;
    this.policies = policiesOf(params);
    this.tenants = Array.from({ length: tenantCount }, () => {
      const links = new Map<LinkKey, { granted: boolean }>();
      for (const { group, member } of INITIAL_MEMBERS) links.set(linkKey('member', group, member), { granted: false });
      const roleScopes = new Set<`${PackageKey}|${RoleKey}`>();
      for (const pkg of PACKAGES) for (const role of INITIAL_ROLE_SCOPES[pkg]) roleScopes.add(`${pkg}|${role}`);
      return {
        requests: [],
        assignments: new Map(),
        roleScopes,
        resources: new Set(RESOURCE_GROUPS),
        incompatiblePackages: new Set(),
        incompatibleWithGX: new Set(),
        links,
      };
    });
  }

  // --- the directory ---------------------------------------------------------------------------------------------

  /** The groups `member` is in, directly or through nested groups. */
  groupsOf(t: TenantModel, member: Member): Set<GroupKey> {
    const found = new Set<GroupKey>();
    let frontier: Member[] = [member];
    while (frontier.length > 0) {
      const next: Member[] = [];
      for (const [key] of t.links) {
        const [link, group, of] = key.split('|') as [Link, GroupKey, string];
        if (link !== 'member' || found.has(group)) continue;
        if (frontier.some((m) => String(m) === of)) {
          found.add(group);
          next.push(group);
        }
      }
      frontier = next;
    }
    return found;
  }

  isOneOf(t: TenantModel, user: UserKey, who: Who[]): boolean {
    const groups = this.groupsOf(t, user);
    return who.some((w) => ('user' in w ? w.user === user : groups.has(w.group)));
  }

  mayRequest(t: TenantModel, policy: Policy, user: UserKey): boolean {
    if (policy.requestors === null) return false;
    return policy.requestors === 'all' || this.isOneOf(t, user, policy.requestors);
  }

  hasLink(t: TenantModel, link: Link, group: GroupKey, member: Member): boolean {
    return t.links.has(linkKey(link, group, member));
  }

  /** The users a group's members or owners list shows (nested groups are listed as groups, not expanded). */
  linked(t: TenantModel, link: Link, group: GroupKey): Member[] {
    const found: Member[] = [];
    for (const [key] of t.links) {
      const [l, g, member] = key.split('|') as [Link, GroupKey, string];
      if (l === link && g === group)
        found.push(/^\d$/.test(member) ? (Number(member) as UserKey) : (member as GroupKey));
    }
    return found;
  }

  addMember(t: TenantModel, group: GroupKey, member: UserKey): Expected {
    this.settle(t);
    if (this.hasLink(t, 'member', group, member)) return { errors: [problem(400, 'Request_BadRequest')] };
    t.links.set(linkKey('member', group, member), { granted: false });
    return { status: 204 };
  }

  removeMember(t: TenantModel, group: GroupKey, member: UserKey): Expected {
    this.settle(t);
    if (!t.links.delete(linkKey('member', group, member))) {
      return { errors: [problem(404, 'Request_ResourceNotFound')] };
    }
    return { status: 204 };
  }

  // --- grants ----------------------------------------------------------------------------------------------------

  private rolesOf(t: TenantModel, pkg: PackageKey): RoleKey[] {
    return [...t.roleScopes].filter((s) => s.startsWith(`${pkg}|`)).map((s) => s.slice(2) as RoleKey);
  }

  private static linkOf(role: RoleKey): { group: ResourceGroup; link: Link } {
    const [group, name] = role.split(':') as [ResourceGroup, GroupRole];
    return { group, link: name === 'Owner' ? 'owner' : 'member' };
  }

  private grant(t: TenantModel, user: UserKey, roles: RoleKey[]): void {
    for (const role of roles) {
      const { group, link } = LifecycleModel.linkOf(role);
      const key = linkKey(link, group, user);
      if (!t.links.has(key)) t.links.set(key, { granted: true });
    }
  }

  /** Takes back each link a grant made for `user` that no delivered assignment of theirs still causes. */
  private revokeUncaused(t: TenantModel, user: UserKey): void {
    const caused = new Set<string>();
    for (const a of t.assignments.values()) {
      if (a.target !== user || a.state !== 'Delivered') continue;
      for (const role of this.rolesOf(t, a.pkg)) {
        const { group, link } = LifecycleModel.linkOf(role);
        caused.add(linkKey(link, group, user));
      }
    }
    for (const [key, { granted }] of t.links) {
      if (granted && key.endsWith(`|${user}`) && !caused.has(key)) t.links.delete(key);
    }
  }

  private holders(t: TenantModel, pkg: PackageKey): UserKey[] {
    return [...t.assignments.values()].filter((a) => a.pkg === pkg && a.state === 'Delivered').map((a) => a.target);
  }

  // --- schedules -------------------------------------------------------------------------------------------------

  /**
   * The schedule an assignment gets from `from` on: the request's own end or duration if it asked for one, else its
   * policy's `durationInDays`, else the policy's `expirationDateTime`, else none. `undefined` when it cannot be written
   * (past 9999).
   */
  scheduleOf(policy: Policy, from: number, asked: AskedSchedule | undefined): ShownSchedule | undefined {
    const expiration = asked?.expiration;
    if (expiration?.type === 'afterDateTime') {
      return { start: from, type: 'afterDateTime', end: Date.parse(expiration.endDateTime), duration: null };
    }
    if (expiration?.type === 'afterDuration') {
      const end = plus(from, expiration.duration);
      return end === undefined ? undefined : { start: from, type: 'afterDuration', end, duration: expiration.duration };
    }
    if (policy.durationInDays > 0) {
      const end = from + policy.durationInDays * DAY;
      return end > LAST_INSTANT
        ? undefined
        : { start: from, type: 'afterDuration', end, duration: `P${policy.durationInDays}D` };
    }
    if (policy.expirationDateTime !== null) {
      return { start: from, type: 'afterDateTime', end: policy.expirationDateTime, duration: null };
    }
    return { start: from, type: 'noExpiration', end: null, duration: null };
  }

  private askedStart(asked: AskedSchedule | undefined): number | undefined {
    return asked?.startDateTime === undefined ? undefined : Date.parse(asked.startDateTime);
  }

  /**
   * Whether a request's dates are no dates at all to the contract (past 9999, where a date-time has five digits): the
   * request is refused as it arrives, before anything else is looked at.
   */
  private unwritable(asked: AskedSchedule | undefined): boolean {
    const dates = [
      asked?.startDateTime,
      asked?.expiration?.type === 'afterDateTime' ? asked.expiration.endDateTime : undefined,
    ];
    return dates.some((date) => date !== undefined && !/^\d{4}-/.test(date));
  }

  /**
   * Whether a request's schedule can be honoured, judged as it would be processed at `from`: every date in it a
   * date Graph can write, and an end later than the start. (A date that stops being writable later, as an extension
   * waits, fails the delivery instead.)
   */
  private scheduleProblem(policy: Policy, from: number, asked: AskedSchedule | undefined): boolean {
    const start = this.askedStart(asked);
    const projected = this.scheduleOf(policy, Math.max(from, start ?? from), asked);
    return projected === undefined || (projected.end !== null && projected.end <= (projected.start ?? from));
  }

  // --- requests --------------------------------------------------------------------------------------------------

  private duplicates(t: TenantModel, target: UserKey, pkg: PackageKey, policy: PolicyKey) {
    const errors = [];
    if (
      t.requests.some(
        (r) => !r.deleted && r.target === target && r.pkg === pkg && r.policy === policy && OPEN.has(r.state),
      )
    ) {
      errors.push(problem(409, 'ExistingOpenRequest'));
    }
    if (
      [...t.assignments.values()].some(
        (a) => a.target === target && a.pkg === pkg && a.policy === policy && a.state === 'Delivered',
      )
    ) {
      errors.push(problem(409, 'ExistingAssignment'));
    }
    return errors;
  }

  private incompatibilities(t: TenantModel, target: UserKey, pkg: PackageKey) {
    const errors = [];
    const held = [...t.assignments.values()].filter((a) => a.target === target && a.state === 'Delivered');
    if (
      held.some((a) => t.incompatiblePackages.has(`${pkg}>${a.pkg}`) || t.incompatiblePackages.has(`${a.pkg}>${pkg}`))
    ) {
      errors.push(problem(400, 'AccessPackageIncompatible'));
    }
    if (t.incompatibleWithGX.has(pkg) && this.groupsOf(t, target).has('GX')) {
      errors.push(problem(400, 'GroupIncompatible'));
    }
    return errors;
  }

  private newRequest(
    t: TenantModel,
    fields: Pick<ModelRequest, 'type' | 'pkg' | 'policy' | 'target' | 'createdBy' | 'assignment' | 'asked' | 'shown'>,
  ): ModelRequest {
    const request: ModelRequest = {
      ...fields,
      key: t.requests.length,
      state: 'Submitted',
      status: 'Accepted',
      createdAt: this.now,
      completedAt: null,
      due: this.now + this.deliveryDelayMs,
      approval: null,
      deleted: false,
    };
    t.requests.push(request);
    return request;
  }

  /** A user's (or, with `admin`, an administrator's) request to be given a package. */
  add(
    t: TenantModel,
    by: Caller,
    target: UserKey,
    pkg: PackageKey,
    named: PolicyKey | undefined,
    asked: AskedSchedule | undefined,
  ): Expected & { request?: ModelRequest } {
    this.settle(t);
    if (this.unwritable(asked)) return { errors: [problem(400, 'InvalidModel')] };
    const candidates = named
      ? [named]
      : (Object.keys(this.policies) as PolicyKey[]).filter((key) => this.policies[key].pkg === pkg);
    const allowed =
      by === 'admin' ? candidates : candidates.filter((key) => this.mayRequest(t, this.policies[key], by));
    const policyKey = allowed[0];
    if (policyKey === undefined) return { errors: [problem(403, 'UnAuthorized')] };
    const policy = this.policies[policyKey];
    const due = this.now + this.deliveryDelayMs;
    const errors = [...this.duplicates(t, target, pkg, policyKey), ...this.incompatibilities(t, target, pkg)];
    if (this.scheduleProblem(policy, due, asked)) errors.push(problem(400, 'InvalidModel'));
    if (errors.length > 0) return { errors };
    const shown = this.scheduleOf(policy, Math.max(due, this.askedStart(asked) ?? due), asked) as ShownSchedule;
    const request = this.newRequest(t, {
      type: by === 'admin' ? 'AdminAdd' : 'UserAdd',
      pkg,
      policy: policyKey,
      target,
      createdBy: by,
      assignment: null,
      asked,
      shown,
    });
    return { status: 201, request };
  }

  /** An extension, update or removal of an existing assignment, by its target (`User*`) or an administrator. */
  change(
    t: TenantModel,
    type: 'UserExtend' | 'UserRemove' | 'AdminUpdate' | 'AdminRemove',
    by: Caller,
    assignmentKey: number,
    asked: AskedSchedule | undefined,
  ): Expected & { request?: ModelRequest } {
    this.settle(t);
    if (this.unwritable(asked)) return { errors: [problem(400, 'InvalidModel')] };
    const a = t.assignments.get(assignmentKey);
    if (!a) return { errors: [problem(404, 'ResourceNotFound')] };
    const policy = this.policies[a.policy];
    const errors = [];
    if (type.startsWith('User') && by !== a.target) errors.push(problem(403, 'UnAuthorized'));
    if (a.state !== 'Delivered') errors.push(problem(400, 'BadRequest'));
    if (type === 'UserExtend' && !policy.canExtend) errors.push(problem(400, 'BadRequest'));
    const due = this.now + this.deliveryDelayMs;
    if (!type.endsWith('Remove') && this.scheduleProblem(policy, Math.max(due, a.schedule.end ?? due), asked)) {
      errors.push(problem(400, 'InvalidModel'));
    }
    if (errors.length > 0) return { errors };
    const request = this.newRequest(t, {
      type,
      pkg: a.pkg,
      policy: a.policy,
      target: a.target,
      createdBy: by,
      assignment: a.key,
      asked,
      shown: asked
        ? {
            start: this.askedStart(asked) ?? null,
            type: asked.expiration?.type ?? null,
            end: asked.expiration?.type === 'afterDateTime' ? Date.parse(asked.expiration.endDateTime) : null,
            duration: asked.expiration?.type === 'afterDuration' ? asked.expiration.duration : null,
          }
        : { start: due, type: 'notSpecified', end: null, duration: null },
    });
    return { status: 201, request };
  }

  cancel(t: TenantModel, by: Caller, key: number): Expected {
    this.settle(t);
    const r = t.requests[key];
    if (!r || r.deleted) return { errors: [problem(404, 'ResourceNotFound')] };
    const errors = [];
    if (!CANCELABLE.has(r.state)) errors.push(problem(400, 'BadRequest'));
    if (by !== 'admin' && r.createdBy !== by) errors.push(problem(403, 'UnAuthorized'));
    if (errors.length > 0) return { errors };
    for (const step of r.approval?.steps ?? []) if (step.status === 'InProgress') step.status = 'Completed';
    this.end(r, 'Canceled', 'Cancelled', this.now);
    return { status: 200 };
  }

  remove(t: TenantModel, key: number): Expected {
    this.settle(t);
    const r = t.requests[key];
    if (!r || r.deleted) return { errors: [problem(404, 'ResourceNotFound')] };
    if (OPEN.has(r.state)) return { errors: [problem(400, 'BadRequest')] };
    const made = r.type.endsWith('Add') && r.assignment !== null ? t.assignments.get(r.assignment) : undefined;
    if (made?.state === 'Delivered') return { errors: [problem(400, 'BadRequest')] };
    r.deleted = true;
    return { status: 204 };
  }

  /** An approver's decision on a step of a request's approval (`stepIndex`, the current one unless told). */
  decide(t: TenantModel, by: UserKey, key: number, stepIndex: number, approve: boolean, justified: boolean): Expected {
    this.settle(t);
    const r = t.requests[key];
    const approval = r && !r.deleted ? r.approval : null;
    const step = approval?.steps[stepIndex];
    if (!r || !approval || !step) return { errors: [problem(404, 'ResourceNotFound')] };
    if (step.status !== 'InProgress') return { errors: [problem(409, 'ApprovalStepCompleted')] };
    const stage = approval.stages[stepIndex] as Stage;
    const errors = [];
    if (!this.isOneOf(t, by, stage.approvers) || by === r.target) errors.push(problem(403, 'UnAuthorized'));
    if (stage.justificationRequired && !justified) errors.push(problem(400, 'BadRequest'));
    if (errors.length > 0) return { errors };
    Object.assign(step, {
      status: 'Completed',
      result: approve ? 'Approved' : 'Denied',
      reviewedBy: by,
      reviewedAt: this.now,
    } satisfies Step);
    const next = approval.stages[stepIndex + 1];
    if (!approve) {
      this.end(r, 'Denied', 'Denied', this.now);
    } else if (next) {
      approval.steps.push({ status: 'InProgress', result: 'NotReviewed', reviewedBy: null, reviewedAt: null });
      r.due = this.now + next.timeoutDays * DAY;
    } else {
      r.state = 'Delivering';
      r.status = 'Delivering';
      r.due = this.now + this.deliveryDelayMs;
    }
    return { status: 204 };
  }

  // --- the catalog and the packages ------------------------------------------------------------------------------

  addRoleScope(t: TenantModel, pkg: PackageKey, role: RoleKey): Expected {
    this.settle(t);
    const { group } = LifecycleModel.linkOf(role);
    if (!t.resources.has(group)) return { errors: [problem(404, 'ResourceNotFound')] };
    if (!t.roleScopes.has(`${pkg}|${role}`)) {
      t.roleScopes.add(`${pkg}|${role}`);
      // Graph: once added, the package's assignees get the role, through current and future assignments.
      for (const user of this.holders(t, pkg)) this.grant(t, user, [role]);
    }
    return { status: 201 };
  }

  removeRoleScope(t: TenantModel, pkg: PackageKey, role: RoleKey): Expected {
    this.settle(t);
    if (!t.roleScopes.delete(`${pkg}|${role}`)) return { errors: [problem(404, 'ResourceNotFound')] };
    for (const user of this.holders(t, pkg)) this.revokeUncaused(t, user);
    return { status: 204 };
  }

  addResource(t: TenantModel, group: ResourceGroup): Expected {
    this.settle(t);
    t.resources.add(group);
    return { status: 201 };
  }

  removeResource(t: TenantModel, group: ResourceGroup): Expected {
    this.settle(t);
    if (!t.resources.has(group)) return { errors: [problem(404, 'ResourceNotFound')] };
    if ([...t.roleScopes].some((s) => s.slice(2).startsWith(`${group}:`))) {
      return { errors: [problem(400, 'InvalidDeleteResourceHasEntitlements')] };
    }
    t.resources.delete(group);
    return { status: 201 };
  }

  markIncompatible(t: TenantModel, a: PackageKey, b: PackageKey, mark: boolean): Expected {
    this.settle(t);
    if (mark) {
      if (a === b) return { errors: [problem(400, 'InvalidRequest')] };
      t.incompatiblePackages.add(`${a}>${b}`);
      return { status: 204 };
    }
    return t.incompatiblePackages.delete(`${a}>${b}`)
      ? { status: 204 }
      : { errors: [problem(404, 'ResourceNotFound')] };
  }

  markIncompatibleGroup(t: TenantModel, pkg: PackageKey, mark: boolean): Expected {
    this.settle(t);
    if (mark) {
      t.incompatibleWithGX.add(pkg);
      return { status: 204 };
    }
    return t.incompatibleWithGX.delete(pkg) ? { status: 204 } : { errors: [problem(404, 'ResourceNotFound')] };
  }

  reprocess(t: TenantModel, assignmentKey: number): Expected {
    this.settle(t);
    const a = t.assignments.get(assignmentKey);
    if (!a) return { errors: [problem(404, 'ResourceNotFound')] };
    if (a.state !== 'Delivered') return { errors: [problem(400, 'BadRequest')] };
    this.grant(t, a.target, this.rolesOf(t, a.pkg));
    return { status: 202 };
  }

  advance(duration: string): Expected {
    const to = plus(this.now, duration);
    if (to === undefined) return { errors: [problem(400, 'BadRequest')] };
    this.now = to;
    return { status: 200 };
  }

  // --- time ------------------------------------------------------------------------------------------------------

  /** Everything due in the tenant by now, each at the instant it fell due, in order. */
  settle(t: TenantModel): void {
    for (;;) {
      let next: { at: number; run: () => void } | undefined;
      for (const r of t.requests) {
        if (r.deleted || r.due === null || r.due > this.now) continue;
        if (!next || r.due < next.at) next = { at: r.due, run: () => this.process(t, r, r.due as number) };
      }
      for (const a of t.assignments.values()) {
        const at =
          a.state === 'Delivered' && a.schedule.end !== null ? Math.max(a.schedule.end, a.schedule.start ?? 0) : null;
        if (at === null || at > this.now) continue;
        if (!next || at < next.at) next = { at, run: () => this.expire(t, a, at) };
      }
      if (!next) return;
      next.run();
    }
  }

  private end(r: ModelRequest, state: string, status: string, at: number): void {
    r.state = state;
    r.status = status;
    r.completedAt = at;
    // A fulfilled request's notification goes out one delivery delay later.
    r.due = status === 'Fulfilled' ? at + this.deliveryDelayMs : null;
  }

  private expire(t: TenantModel, a: ModelAssignment, at: number): void {
    a.state = 'Expired';
    a.expiredAt = at;
    this.revokeUncaused(t, a.target);
  }

  /** The stages a request must pass: a user's add those of its policy, a user's extension too if the policy says so. */
  private stagesFor(r: ModelRequest): Stage[] {
    const policy = this.policies[r.policy];
    if (r.type === 'UserAdd') return policy.stages;
    if (r.type === 'UserExtend' && policy.approvalForExtension) return policy.stages;
    return [];
  }

  private process(t: TenantModel, r: ModelRequest, at: number): void {
    if (r.status === 'Fulfilled') {
      r.status = 'FulfilledNotificationTriggered';
      r.due = null;
      return;
    }
    if (r.state === 'PendingApproval') {
      // The stage's time-out.
      const step = r.approval?.steps.at(-1);
      if (step) step.status = 'Expired';
      this.end(r, 'Denied', 'Expired', at);
      return;
    }
    const stages = this.stagesFor(r);
    if (r.state === 'Submitted' && stages.length > 0) {
      r.approval = {
        stages,
        steps: [{ status: 'InProgress', result: 'NotReviewed', reviewedBy: null, reviewedAt: null }],
      };
      r.state = 'PendingApproval';
      r.status = 'PendingApproval';
      r.due = at + (stages[0] as Stage).timeoutDays * DAY;
      return;
    }
    const start = this.askedStart(r.asked);
    if (r.state !== 'Scheduled' && start !== undefined && start > at) {
      r.state = 'Scheduled';
      r.status = 'Scheduled';
      r.due = start;
      return;
    }
    this.deliver(t, r, at);
  }

  private deliver(t: TenantModel, r: ModelRequest, at: number): void {
    const policy = this.policies[r.policy];
    if (r.type === 'UserAdd' || r.type === 'AdminAdd') {
      const schedule = this.scheduleOf(policy, at, r.asked);
      if (!schedule) {
        this.end(r, 'DeliveryFailed', 'DeliveryFailed', at);
        return;
      }
      t.assignments.set(r.key, {
        key: r.key,
        pkg: r.pkg,
        policy: r.policy,
        target: r.target,
        state: 'Delivered',
        isExtended: false,
        schedule: delivered(schedule),
        expiredAt: null,
      });
      r.assignment = r.key;
      this.grant(t, r.target, this.rolesOf(t, r.pkg));
      this.end(r, 'Delivered', 'Fulfilled', at);
      return;
    }
    const a = t.assignments.get(r.assignment as number) as ModelAssignment;
    if (r.type === 'UserRemove' || r.type === 'AdminRemove') {
      if (a.state === 'Delivered') this.expire(t, a, at);
      this.end(r, 'Delivered', 'Fulfilled', at);
      return;
    }
    const extended =
      a.state === 'Delivered' ? this.scheduleOf(policy, Math.max(a.schedule.end ?? at, at), r.asked) : undefined;
    if (!extended) {
      this.end(r, 'DeliveryFailed', 'DeliveryFailed', at);
      return;
    }
    a.schedule = delivered({ ...extended, start: a.schedule.start });
    if (r.type === 'UserExtend') a.isExtended = true;
    this.end(r, 'Delivered', 'Fulfilled', at);
  }
}
