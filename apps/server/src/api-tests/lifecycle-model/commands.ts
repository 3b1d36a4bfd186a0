// The commands of the model-based test. Each is applied to the model (which says what should happen: a status, or the
// errors any of which may be answered) and sent to the stub, and then the tenant's state is compared (observe.ts).
// Commands name what they act on by position (the n-th request or assignment of a tenant, modulo how many there are),
// so a sequence stays meaningful as fast-check shrinks it; each remembers what it resolved to, for the report.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GENERAL_CATALOG_ID } from '../../store/store.js';
import type { CallResult } from '../../testing/jest-helpers.js';
import { DAY, HOUR } from './calendar.js';
import type { AskedSchedule, Caller, Expected, LifecycleModel, ModelRequest, TenantModel } from './model.js';
import { awaitsDecisionBy, observeTenant, observeUser } from './observe.js';
import {
  ACCESS_PACKAGES,
  APPROVALS,
  ASSIGNMENTS,
  groupRef,
  REQUESTS,
  RESOURCE_REQUESTS,
  type RealStubs,
  type RealTenant,
  roleScopeBody,
} from './real.js';
import {
  type GroupKey,
  PACKAGES,
  type PackageKey,
  POLICIES,
  POLICY_PACKAGE,
  type PolicyKey,
  RESOURCE_GROUPS,
  type ResourceGroup,
  ROLES,
  type RoleKey,
  USERS,
  type UserKey,
} from './world.js';

/** What the model side of a run holds: the model, and what was tried (for the coverage report). */
export interface ModelSide {
  model: LifecycleModel;
  coverage: Coverage;
}

export interface RealSide {
  stubs: RealStubs;
  tenants: RealTenant[];
  steps: number;
}

/** How often each command met each outcome, and each request state reached: what a run explored. */
export class Coverage {
  readonly outcomes = new Map<string, number>();
  readonly states = new Map<string, number>();
  sequences = 0;
  commands = 0;

  count(map: Map<string, number>, key: string) {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  merge(other: Coverage) {
    for (const [key, n] of other.outcomes) this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + n);
    for (const [key, n] of other.states) this.states.set(key, (this.states.get(key) ?? 0) + n);
    this.sequences += other.sequences;
    this.commands += other.commands;
  }
}

// --- schedules, relative to the clock when the command runs -----------------------------------------------------

/** A schedule a command asks for, relative to the time it runs. */
export interface RelativeSchedule {
  startInHours?: number;
  duration?: string;
  endInDays?: number;
  /** An end as written, for ends past 9999. */
  endRaw?: string;
}

const DURATIONS = ['P1D', 'P7D', 'PT12H', 'P2W', 'P1M', 'P1Y', 'P0D', 'P9999Y', 'P300000Y', 'PT99999999999999S'];

export const scheduleArb: fc.Arbitrary<RelativeSchedule | undefined> = fc.option(
  fc
    .record(
      {
        // A start an hour ago is now.
        startInHours: fc.constantFrom(-1, 1, 6, 48),
        duration: fc.constantFrom(...DURATIONS),
        endInDays: fc.constantFrom(-1, 1, 3, 45),
        endRaw: fc.constantFrom('9999-12-31T23:00:00Z', '+010000-01-01T00:00:00Z'),
      },
      { requiredKeys: [] },
    )
    .map((s) => {
      // One way to end, at most: a duration, an end in days, or an end as written.
      const { duration, endInDays, endRaw, startInHours } = s;
      const end =
        duration !== undefined
          ? { duration }
          : endInDays !== undefined
            ? { endInDays }
            : endRaw !== undefined
              ? { endRaw }
              : {};
      return { ...(startInHours !== undefined ? { startInHours } : {}), ...end };
    }),
  { freq: 2 },
);

function absolute(schedule: RelativeSchedule | undefined, now: number): AskedSchedule | undefined {
  if (!schedule) return undefined;
  const asked: AskedSchedule = {};
  if (schedule.startInHours !== undefined)
    asked.startDateTime = new Date(now + schedule.startInHours * HOUR).toISOString();
  if (schedule.duration !== undefined) asked.expiration = { type: 'afterDuration', duration: schedule.duration };
  else if (schedule.endInDays !== undefined)
    asked.expiration = { type: 'afterDateTime', endDateTime: new Date(now + schedule.endInDays * DAY).toISOString() };
  else if (schedule.endRaw !== undefined) asked.expiration = { type: 'afterDateTime', endDateTime: schedule.endRaw };
  return asked;
}

const describeSchedule = (s: RelativeSchedule | undefined) =>
  s
    ? ` schedule{${Object.entries(s)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}}`
    : '';

// --- checking what the stub answered ----------------------------------------------------------------------------

function expectOutcome(res: CallResult, expected: Expected, what: string): boolean {
  if ('status' in expected) {
    assert.equal(
      res.status,
      expected.status,
      `${what}: expected ${expected.status}, got ${res.status}: ${res.text.slice(0, 400)}`,
    );
    return true;
  }
  const code = res.json?.error?.code;
  assert.ok(
    expected.errors.some((e) => e.status === res.status && e.code === code),
    `${what}: expected one of ${expected.errors.map((e) => `${e.status} ${e.code}`).join(', ')}, got ${res.status} ${code ?? res.text.slice(0, 400)}`,
  );
  return false;
}

const outcomeOf = (expected: Expected) =>
  'status' in expected
    ? String(expected.status)
    : [...new Set(expected.errors.map((e) => `${e.status} ${e.code}`))].join('|');

/** After every command: the tenant it touched in full, what one of its users sees, and every other tenant's lifecycle. */
async function observe(m: ModelSide, r: RealSide, tenant: number) {
  r.steps += 1;
  const { model } = m;
  for (const each of model.tenants) model.settle(each);
  const t = model.tenants[tenant] as TenantModel;
  const real = r.tenants[tenant] as RealTenant;
  await observeTenant(model, r.stubs, t, real, true);
  await observeUser(model, r.stubs, t, real, USERS[r.steps % USERS.length] as UserKey);
  for (const [i, other] of model.tenants.entries()) {
    if (i !== tenant) await observeTenant(model, r.stubs, other, r.tenants[i] as RealTenant, false);
  }
  for (const t of model.tenants) for (const request of t.requests) m.coverage.count(m.coverage.states, request.state);
}

abstract class LifecycleCommand implements fc.AsyncCommand<ModelSide, RealSide> {
  /** What the last run resolved the command to, for the report. */
  protected resolved = '';
  constructor(readonly tenant: number) {}

  check(_m: Readonly<ModelSide>): boolean {
    return true;
  }

  abstract apply(
    m: ModelSide,
    r: RealSide,
    t: TenantModel,
    real: RealTenant,
  ): Promise<{ expected: Expected; kind: string }>;

  async run(m: ModelSide, r: RealSide): Promise<void> {
    const t = m.model.tenants[this.tenant] as TenantModel;
    const { expected, kind } = await this.apply(m, r, t, r.tenants[this.tenant] as RealTenant);
    m.coverage.commands += 1;
    m.coverage.count(m.coverage.outcomes, `${kind} → ${outcomeOf(expected)}`);
    await observe(m, r, this.tenant);
  }

  toString(): string {
    return `T${this.tenant} ${this.resolved || this.describe()}`;
  }

  protected abstract describe(): string;
}

const pick = <T>(items: readonly T[], n: number): T | undefined => items[n % Math.max(items.length, 1)];
const who = (caller: Caller) => (caller === 'admin' ? 'admin' : `U${caller}`);

function tokenOf(real: RealTenant, caller: Caller): string {
  return caller === 'admin' ? real.admin : (real.tokens[caller] as string);
}

/** Checks the answer to a create: Graph's `Submitted` request, without timestamps yet, showing its schedule. */
function expectCreated(res: CallResult, request: ModelRequest, real: RealTenant) {
  real.requests[request.key] = res.json.id;
  assert.deepEqual(
    {
      requestType: res.json.requestType,
      requestState: res.json.requestState,
      requestStatus: res.json.requestStatus,
      createdDateTime: res.json.createdDateTime,
      completedDate: res.json.completedDate,
    },
    {
      requestType: request.type,
      requestState: 'Submitted',
      requestStatus: 'Accepted',
      createdDateTime: null,
      completedDate: null,
    },
    'the answer to the create',
  );
}

export class AddCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly by: Caller,
    readonly target: UserKey,
    readonly pkg: PackageKey,
    readonly policy: PolicyKey | undefined,
    readonly schedule: RelativeSchedule | undefined,
  ) {
    super(tenant);
  }

  protected describe() {
    return `${this.by === 'admin' ? `admin AdminAdd U${this.target}` : `U${this.by} UserAdd`} P${this.pkg}${this.policy ? ` policy ${this.policy}` : ''}${describeSchedule(this.schedule)}`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    const { model } = m;
    const asked = absolute(this.schedule, model.now);
    const policy = this.by === 'admin' ? (this.policy ?? 'D') : this.policy;
    const pkg = this.by === 'admin' ? model.policies[policy as PolicyKey].pkg : this.pkg;
    const target = this.by === 'admin' ? this.target : this.by;
    const outcome = model.add(t, this.by, target, pkg, policy, asked);
    const res = await r.stubs.call('POST', REQUESTS, tokenOf(real, this.by), {
      requestType: this.by === 'admin' ? 'AdminAdd' : 'UserAdd',
      accessPackageAssignment: {
        ...(this.by === 'admin' ? { targetId: real.users[target] } : {}),
        accessPackageId: real.packages[pkg],
        ...(policy ? { assignmentPolicyId: real.policies[policy] } : {}),
      },
      ...(asked ? { schedule: asked } : {}),
    });
    this.resolved = `${this.describe()} → ${outcome.request ? `r${outcome.request.key}` : res.status}`;
    if (expectOutcome(res, outcome, this.toString()) && outcome.request) expectCreated(res, outcome.request, real);
    return { expected: outcome, kind: this.by === 'admin' ? 'AdminAdd' : 'UserAdd' };
  }
}

export class ChangeCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly type: 'UserExtend' | 'UserRemove' | 'AdminUpdate' | 'AdminRemove',
    readonly assignment: number,
    /** A user acting on an assignment that may not be theirs; by default its target. */
    readonly otherUser: UserKey | undefined,
    readonly schedule: RelativeSchedule | undefined,
  ) {
    super(tenant);
  }

  override check(m: Readonly<ModelSide>) {
    return (m.model.tenants[this.tenant]?.assignments.size ?? 0) > 0;
  }

  protected describe() {
    return `${this.type} of assignment #${this.assignment}${this.otherUser === undefined ? '' : ` as U${this.otherUser}`}${describeSchedule(this.schedule)}`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    const { model } = m;
    model.settle(t);
    const a = pick([...t.assignments.values()], this.assignment);
    if (!a) throw new Error('no assignment to act on');
    const by: Caller = this.type.startsWith('Admin') ? 'admin' : (this.otherUser ?? a.target);
    const asked = this.type.endsWith('Remove') ? undefined : absolute(this.schedule, model.now);
    const outcome = model.change(t, this.type, by, a.key, asked);
    const res = await r.stubs.call('POST', REQUESTS, tokenOf(real, by), {
      requestType: this.type,
      accessPackageAssignment: { id: real.requests[a.key] },
      ...(asked ? { schedule: asked } : {}),
    });
    this.resolved = `${who(by)} ${this.type} of r${a.key}'s assignment${describeSchedule(this.schedule)} → ${outcome.request ? `r${outcome.request.key}` : res.status}`;
    if (expectOutcome(res, outcome, this.toString()) && outcome.request) expectCreated(res, outcome.request, real);
    return { expected: outcome, kind: this.type };
  }
}

/**
 * The requests a command about approvals chooses from: mostly those awaiting a decision, else those with an
 * approval, and now and then any (to be refused).
 */
function requestsFor(t: TenantModel, n: number): ModelRequest[] {
  const awaiting = t.requests.filter((r) => r.state === 'PendingApproval' && !r.deleted);
  const approved = t.requests.filter((r) => r.approval);
  if (n % 5 !== 0 && awaiting.length > 0) return awaiting;
  return n % 5 !== 1 && approved.length > 0 ? approved : t.requests;
}

export class DecideCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly request: number,
    /** Another user than an approver of the current stage, to be refused. */
    readonly otherUser: UserKey | undefined,
    readonly approve: boolean,
    readonly justified: boolean,
    readonly firstStep: boolean,
  ) {
    super(tenant);
  }

  override check(m: Readonly<ModelSide>) {
    return (m.model.tenants[this.tenant]?.requests.length ?? 0) > 0;
  }

  protected describe() {
    return `${this.approve ? 'approve' : 'deny'} request #${this.request}${this.otherUser === undefined ? '' : ` as U${this.otherUser}`}${this.justified ? '' : ' without justification'}${this.firstStep ? ' (first step)' : ''}`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    const { model } = m;
    model.settle(t);
    const request = pick(requestsFor(t, this.request), this.request) as ModelRequest;
    const steps = request.approval?.steps.length ?? 0;
    const stepIndex = this.firstStep ? 0 : Math.max(steps - 1, 0);
    const approver =
      this.otherUser ??
      USERS.find((u) => awaitsDecisionBy(model, t, request, u)) ??
      (((request.target + 1) % USERS.length) as UserKey);
    const approvalPath = `${APPROVALS}/${real.requests[request.key]}`;
    // The step's id, as an administrator reads it; an approval that is not there is asked about by a made-up id.
    const shown = await r.stubs.call('GET', approvalPath, real.admin);
    const stepId: string =
      shown.status === 200 ? (shown.json.steps[stepIndex]?.id ?? crypto.randomUUID()) : crypto.randomUUID();
    const outcome = model.decide(t, approver, request.key, stepIndex, this.approve, this.justified);
    const res = await r.stubs.call('PATCH', `${approvalPath}/steps/${stepId}`, real.tokens[approver] as string, {
      reviewResult: this.approve ? 'Approve' : 'Deny',
      ...(this.justified ? { justification: 'Looks right' } : {}),
    });
    this.resolved = `U${approver} ${this.approve ? 'approves' : 'denies'} step ${stepIndex + 1} of r${request.key}${this.justified ? '' : ' without justification'} → ${res.status}`;
    expectOutcome(res, outcome, this.toString());
    return { expected: outcome, kind: this.approve ? 'approve' : 'deny' };
  }
}

export class CancelCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly request: number,
    /** Another caller than the request's creator. */
    readonly other: Caller | undefined,
  ) {
    super(tenant);
  }

  override check(m: Readonly<ModelSide>) {
    return (m.model.tenants[this.tenant]?.requests.length ?? 0) > 0;
  }

  protected describe() {
    return `cancel request #${this.request}${this.other === undefined ? '' : ` as ${who(this.other)}`}`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    m.model.settle(t);
    const request = pick(t.requests, this.request) as ModelRequest;
    const by = this.other ?? request.createdBy;
    const outcome = m.model.cancel(t, by, request.key);
    const res = await r.stubs.call('POST', `${REQUESTS}/${real.requests[request.key]}/cancel`, tokenOf(real, by));
    this.resolved = `${who(by)} cancels r${request.key} → ${res.status}`;
    expectOutcome(res, outcome, this.toString());
    return { expected: outcome, kind: 'cancel' };
  }
}

export class DeleteRequestCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly request: number,
  ) {
    super(tenant);
  }

  override check(m: Readonly<ModelSide>) {
    return (m.model.tenants[this.tenant]?.requests.length ?? 0) > 0;
  }

  protected describe() {
    return `delete request #${this.request}`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    m.model.settle(t);
    const request = pick(requestsFor(t, this.request), this.request) as ModelRequest;
    const outcome = m.model.remove(t, request.key);
    const path = `${REQUESTS}/${real.requests[request.key]}`;
    const res = await r.stubs.call('DELETE', path, real.admin);
    this.resolved = `delete r${request.key} → ${res.status}`;
    if (expectOutcome(res, outcome, this.toString())) {
      // Gone, with its approval.
      assert.equal((await r.stubs.call('GET', path, real.admin)).status, 404, `${this}: the request is gone`);
      const approval = await r.stubs.call('GET', `${APPROVALS}/${real.requests[request.key]}`, real.admin);
      assert.equal(approval.status, 404, `${this}: its approval is gone too`);
    }
    return { expected: outcome, kind: 'delete request' };
  }
}

export class AdvanceCommand extends LifecycleCommand {
  constructor(readonly duration: string) {
    super(0);
  }

  protected describe() {
    return `advance the clock ${this.duration}`;
  }

  override toString() {
    return this.describe();
  }

  async apply(m: ModelSide, r: RealSide) {
    const outcome = m.model.advance(this.duration);
    const res = await r.stubs.moveClock({ advance: this.duration });
    expectOutcome(res, outcome, this.toString());
    return { expected: outcome, kind: 'advance' };
  }
}

export class RoleScopeCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly pkg: PackageKey,
    readonly role: RoleKey,
    readonly add: boolean,
  ) {
    super(tenant);
  }

  protected describe() {
    return `${this.add ? 'grant' : 'stop granting'} ${this.role} in P${this.pkg}`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    const base = `${ACCESS_PACKAGES}/${real.packages[this.pkg]}`;
    if (this.add) {
      const outcome = m.model.addRoleScope(t, this.pkg, this.role);
      const res = await r.stubs.call(
        'POST',
        `${base}/accessPackageResourceRoleScopes`,
        real.admin,
        roleScopeBody(real, this.role),
      );
      expectOutcome(res, outcome, this.toString());
      return { expected: outcome, kind: 'add role scope' };
    }
    const [group, name] = this.role.split(':') as [GroupKey, string];
    const expanded = await r.stubs.call(
      'GET',
      `${base}?$expand=accessPackageResourceRoleScopes($expand=accessPackageResourceRole)`,
      real.admin,
    );
    const roleScope = (
      expanded.json.accessPackageResourceRoleScopes as Array<{
        id: string;
        accessPackageResourceRole: { originId: string };
      }>
    ).find((s) => s.accessPackageResourceRole.originId === `${name}_${real.groups[group]}`);
    const outcome = m.model.removeRoleScope(t, this.pkg, this.role);
    const res = await r.stubs.call(
      'DELETE',
      `${base}/accessPackageResourceRoleScopes/${roleScope?.id ?? 'none_none'}`,
      real.admin,
    );
    expectOutcome(res, outcome, this.toString());
    return { expected: outcome, kind: 'remove role scope' };
  }
}

export class ResourceCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly group: ResourceGroup,
    readonly add: boolean,
  ) {
    super(tenant);
  }

  protected describe() {
    return `${this.add ? 'add' : 'remove'} ${this.group} ${this.add ? 'to' : 'from'} the General catalog`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    const outcome = this.add ? m.model.addResource(t, this.group) : m.model.removeResource(t, this.group);
    const res = await r.stubs.call('POST', RESOURCE_REQUESTS, real.admin, {
      catalogId: GENERAL_CATALOG_ID,
      requestType: this.add ? 'AdminAdd' : 'AdminRemove',
      accessPackageResource: { originId: real.groups[this.group], originSystem: 'AadGroup' },
    });
    expectOutcome(res, outcome, this.toString());
    return { expected: outcome, kind: this.add ? 'add resource' : 'remove resource' };
  }
}

export class IncompatibleCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly pkg: PackageKey,
    /** Another package, or GX. */
    readonly other: PackageKey | 'GX',
    readonly mark: boolean,
  ) {
    super(tenant);
  }

  protected describe() {
    return `${this.mark ? 'mark' : 'unmark'} P${this.pkg} incompatible with ${this.other === 'GX' ? 'GX' : `P${this.other}`}`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    const base = `${ACCESS_PACKAGES}/${real.packages[this.pkg]}`;
    const group = this.other === 'GX';
    const otherId = group ? real.groups.GX : (real.packages[this.other as PackageKey] as string);
    const outcome = group
      ? m.model.markIncompatibleGroup(t, this.pkg, this.mark)
      : m.model.markIncompatible(t, this.pkg, this.other as PackageKey, this.mark);
    const list = group ? 'incompatibleGroups' : 'incompatibleAccessPackages';
    const res = this.mark
      ? await r.stubs.call('POST', `${base}/${list}/$ref`, real.admin, {
          '@odata.id': group
            ? `https://graph.microsoft.com/v1.0/groups/${otherId}`
            : `https://graph.microsoft.com/beta${ACCESS_PACKAGES}/${otherId}`,
        })
      : await r.stubs.call('DELETE', `${base}/${list}/${otherId}/$ref`, real.admin);
    expectOutcome(res, outcome, this.toString());
    return { expected: outcome, kind: this.mark ? 'mark incompatible' : 'unmark incompatible' };
  }
}

export class MemberCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly user: UserKey,
    readonly group: GroupKey,
    readonly add: boolean,
  ) {
    super(tenant);
  }

  protected describe() {
    return `${this.add ? 'add' : 'remove'} U${this.user} ${this.add ? 'to' : 'from'} ${this.group} by hand`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    const base = `/v1.0/groups/${real.groups[this.group]}/members`;
    const userId = real.users[this.user] as string;
    const outcome = this.add
      ? m.model.addMember(t, this.group, this.user)
      : m.model.removeMember(t, this.group, this.user);
    const res = this.add
      ? await r.stubs.call('POST', `${base}/$ref`, real.admin, groupRef(userId))
      : await r.stubs.call('DELETE', `${base}/${userId}/$ref`, real.admin);
    expectOutcome(res, outcome, this.toString());
    return { expected: outcome, kind: this.add ? 'add member' : 'remove member' };
  }
}

export class ReprocessCommand extends LifecycleCommand {
  constructor(
    tenant: number,
    readonly assignment: number,
  ) {
    super(tenant);
  }

  override check(m: Readonly<ModelSide>) {
    return (m.model.tenants[this.tenant]?.assignments.size ?? 0) > 0;
  }

  protected describe() {
    return `reprocess assignment #${this.assignment}`;
  }

  async apply(m: ModelSide, r: RealSide, t: TenantModel, real: RealTenant) {
    m.model.settle(t);
    const a = pick([...t.assignments.values()], this.assignment);
    if (!a) throw new Error('no assignment to reprocess');
    const outcome = m.model.reprocess(t, a.key);
    const res = await r.stubs.call('POST', `${ASSIGNMENTS}/${real.requests[a.key]}/reprocess`, real.admin);
    this.resolved = `reprocess r${a.key}'s assignment → ${res.status}`;
    expectOutcome(res, outcome, this.toString());
    return { expected: outcome, kind: 'reprocess' };
  }
}

// --- the arbitraries --------------------------------------------------------------------------------------------

const user = fc.constantFrom(...USERS);
const index = fc.nat({ max: 50 });

/** Every command, weighted toward the lifecycle's own (requests, decisions, time). */
export function commandArbitraries(tenants: number): Array<fc.Arbitrary<fc.AsyncCommand<ModelSide, RealSide>>> {
  const tenant = fc.nat({ max: tenants - 1 });
  const add = fc
    .tuple(
      tenant,
      fc.oneof({ weight: 3, arbitrary: user }, { weight: 1, arbitrary: fc.constant('admin' as const) }),
      user,
      fc.constantFrom(...PACKAGES),
      fc.option(fc.constantFrom(...POLICIES)),
      scheduleArb,
    )
    .map(([t, by, target, pkg, policy, schedule]) => {
      // A user names one of the package's policies, or none; an administrator a policy (and so its package).
      const named = by === 'admin' ? (policy ?? 'D') : policy === null ? undefined : policyOfPackage(pkg, policy);
      return new AddCommand(t, by, target, pkg, named, schedule);
    });
  const change = fc
    .tuple(
      tenant,
      fc.constantFrom('UserExtend', 'UserRemove', 'AdminUpdate', 'AdminRemove') as fc.Arbitrary<
        'UserExtend' | 'UserRemove' | 'AdminUpdate' | 'AdminRemove'
      >,
      index,
      fc.option(user, { freq: 6 }),
      scheduleArb,
    )
    .map(([t, type, a, other, schedule]) => new ChangeCommand(t, type, a, other ?? undefined, schedule));
  const decide = fc
    .tuple(
      tenant,
      index,
      fc.option(user, { freq: 5 }),
      fc.boolean(),
      fc.constantFrom(true, true, true, false),
      fc.constantFrom(false, false, false, true),
    )
    .map(
      ([t, r, other, approve, justified, firstStep]) =>
        new DecideCommand(t, r, other ?? undefined, approve, justified, firstStep),
    );
  const cancel = fc
    .tuple(tenant, index, fc.option(fc.oneof(user, fc.constant('admin' as const)), { freq: 4 }))
    .map(([t, r, other]) => new CancelCommand(t, r, other ?? undefined));
  const deleteRequest = fc.tuple(tenant, index).map(([t, r]) => new DeleteRequestCommand(t, r));
  const advance = fc
    .constantFrom(
      'PT30S',
      'PT1M',
      'PT1H',
      'P1D',
      'P3D',
      'P7D',
      'P14D',
      'P15D',
      'P30D',
      'P31D',
      'P1M',
      'P100Y',
      'P9000Y',
    )
    .map((d) => new AdvanceCommand(d));
  const roleScope = fc
    .tuple(tenant, fc.constantFrom(...PACKAGES), fc.constantFrom(...ROLES), fc.boolean())
    .map(([t, pkg, role, add]) => new RoleScopeCommand(t, pkg, role, add));
  const resource = fc
    .tuple(tenant, fc.constantFrom(...RESOURCE_GROUPS), fc.boolean())
    .map(([t, group, add]) => new ResourceCommand(t, group, add));
  const incompatible = fc
    .tuple(tenant, fc.constantFrom(...PACKAGES), fc.constantFrom<PackageKey | 'GX'>(0, 1, 2, 'GX'), fc.boolean())
    .map(([t, pkg, other, mark]) => new IncompatibleCommand(t, pkg, other, mark));
  const member = fc
    .tuple(tenant, user, fc.constantFrom<GroupKey>('GA', 'GN', 'GX', 'G1'), fc.boolean())
    .map(([t, u, group, add]) => new MemberCommand(t, u, group, add));
  const reprocess = fc.tuple(tenant, index).map(([t, a]) => new ReprocessCommand(t, a));
  return [
    add,
    add,
    add,
    add,
    change,
    change,
    change,
    decide,
    decide,
    decide,
    cancel,
    deleteRequest,
    advance,
    advance,
    advance,
    roleScope,
    resource,
    incompatible,
    member,
    reprocess,
  ];
}

/** A policy of the package: `hint` if it is one, else the package's first. */
function policyOfPackage(pkg: PackageKey, hint: PolicyKey): PolicyKey {
  const owned = POLICIES.filter((key) => POLICY_PACKAGE[key] === pkg);
  return owned.includes(hint) ? hint : (owned[0] as PolicyKey);
}
