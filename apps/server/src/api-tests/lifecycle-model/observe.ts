// What the model-based test compares after each command: the tenant's requests and assignments (states, dates to
// the millisecond, packages, targets and requestors), its groups' members and owners, each approval's steps, and what
// one of its users (in turn) may see of them. Both sides are brought to the same plain shape, so a difference reads
// as a diff of that shape.

import assert from 'node:assert/strict';
import type { LifecycleModel, ModelRequest, ShownSchedule, TenantModel } from './model.js';
import { APPROVALS, ASSIGNMENTS, REQUESTS, type RealStubs, type RealTenant } from './real.js';
import { GROUPS, RESOURCE_GROUPS, type Stage, type UserKey } from './world.js';

// biome-ignore lint/suspicious/noExplicitAny: the stub's JSON, read field by field.
type Json = any;

const time = (value: unknown): number | null => (typeof value === 'string' ? Date.parse(value) : null);

function shownSchedule(schedule: Json): ShownSchedule {
  return {
    start: time(schedule?.startDateTime),
    type: schedule?.expiration?.type ?? null,
    end: time(schedule?.expiration?.endDateTime),
    duration: schedule?.expiration?.duration ?? null,
  };
}

/** The stub's id of each model key, and back. */
function names(tenant: RealTenant) {
  const userOf = new Map(tenant.users.map((id, key) => [id, key as UserKey]));
  const groupOf = new Map(GROUPS.map((key) => [tenant.groups[key], key]));
  const requestOf = new Map(tenant.requests.map((id, key) => [id, key]));
  const oidOf = (who: UserKey | 'admin') => (who === 'admin' ? tenant.adminOid : tenant.users[who]);
  const memberKey = (id: string) => userOf.get(id) ?? groupOf.get(id) ?? `unknown ${id}`;
  const requestKey = (id: string) => requestOf.get(id) ?? `unknown ${id}`;
  return { oidOf, memberKey, requestKey };
}

async function read(stubs: RealStubs, path: string, token: string): Promise<Json> {
  const res = await stubs.call('GET', path, token);
  assert.equal(res.status, 200, `GET ${path} answered ${res.status}: ${res.text.slice(0, 500)}`);
  return res.json;
}

const byKey = <T extends { key: number | string }>(items: T[]) =>
  items.sort((a, b) => String(a.key).localeCompare(String(b.key), 'en', { numeric: true }));

function expectedRequest(tenant: RealTenant, r: ModelRequest) {
  const { oidOf } = names(tenant);
  return {
    key: r.key,
    type: r.type,
    state: r.state,
    status: r.status,
    created: r.createdAt,
    completed: r.completedAt,
    schedule: r.shown,
    accessPackage: tenant.packages[r.pkg],
    requestor: oidOf(r.createdBy),
  };
}

/** The tenant's requests, assignments and group links, as the stub shows them to an administrator. */
export async function observeTenant(
  model: LifecycleModel,
  stubs: RealStubs,
  t: TenantModel,
  tenant: RealTenant,
  full: boolean,
) {
  const { memberKey, requestKey } = names(tenant);
  const requests = await read(
    stubs,
    `${REQUESTS}?$top=999&$expand=accessPackage($select=id),requestor($select=objectId)`,
    tenant.admin,
  );
  assert.deepEqual(
    byKey(
      requests.value.map((r: Json) => ({
        key: requestKey(r.id),
        type: r.requestType,
        state: r.requestState,
        status: r.requestStatus,
        created: time(r.createdDateTime),
        completed: time(r.completedDate),
        schedule: shownSchedule(r.schedule),
        accessPackage: r.accessPackage?.id,
        requestor: r.requestor?.objectId,
      })),
    ),
    byKey(t.requests.filter((r) => !r.deleted).map((r) => expectedRequest(tenant, r))),
    'the tenant’s assignment requests',
  );

  const assignments = await read(stubs, `${ASSIGNMENTS}?$top=999&$expand=target`, tenant.admin);
  assert.deepEqual(
    byKey(
      assignments.value.map((a: Json) => ({
        key: requestKey(a.id),
        accessPackage: a.accessPackageId,
        policy: a.assignmentPolicyId,
        state: a.assignmentState,
        status: a.assignmentStatus,
        isExtended: a.isExtended,
        expired: time(a.expiredDateTime),
        schedule: shownSchedule(a.schedule),
        target: a.target?.objectId,
      })),
    ),
    byKey(
      [...t.assignments.values()].map((a) => ({
        key: a.key,
        accessPackage: tenant.packages[a.pkg],
        policy: tenant.policies[a.policy],
        state: a.state,
        // The target is told at once when an assignment ends.
        status: a.state === 'Expired' ? 'ExpiredNotificationTriggered' : a.state,
        isExtended: a.isExtended,
        expired: a.expiredAt,
        schedule: a.schedule,
        target: tenant.users[a.target],
      })),
    ),
    'the tenant’s assignments',
  );
  // An assignment names its target by the subject's id, one per user.
  const subjects = new Map<string, string>();
  for (const a of assignments.value as Json[]) {
    const known = subjects.get(a.target.objectId);
    assert.equal(known ?? a.targetId, a.targetId, `one subject per user (${a.target.objectId})`);
    subjects.set(a.target.objectId, a.targetId);
  }
  assert.equal(new Set(subjects.values()).size, subjects.size, 'a subject per user');
  if (!full) return;

  for (const [link, groups] of [
    ['members', GROUPS],
    ['owners', RESOURCE_GROUPS],
  ] as const) {
    for (const group of groups) {
      const listed = await read(stubs, `/v1.0/groups/${tenant.groups[group]}/${link}?$top=999`, tenant.admin);
      assert.deepEqual(
        listed.value.map((m: Json) => String(memberKey(m.id))).sort(),
        model
          .linked(t, link === 'members' ? 'member' : 'owner', group)
          .map(String)
          .sort(),
        `the ${link} of ${group}`,
      );
    }
  }

  for (const r of t.requests) {
    if (r.deleted || !r.approval) continue;
    const approval = await read(stubs, `${APPROVALS}/${tenant.requests[r.key]}`, tenant.admin);
    assert.deepEqual(
      approval.steps.map((s: Json) => ({
        status: s.status,
        result: s.reviewResult,
        reviewedBy: reviewer(s.reviewedBy, memberKey),
        reviewedAt: time(s.reviewedDateTime),
      })),
      r.approval.steps,
      `the steps of r${r.key}’s approval`,
    );
  }
}

/** An approval step's reviewer: one identity, as Graph's metadata declares it (or a list of one). */
function reviewer(value: Json, memberKey: (id: string) => unknown): unknown {
  const identity = Array.isArray(value) ? value[0] : value;
  return identity?.id === undefined ? null : memberKey(identity.id);
}

/** The current stage's approvers, who may decide it: not the request's own target. */
export function awaitsDecisionBy(model: LifecycleModel, t: TenantModel, r: ModelRequest, user: UserKey): boolean {
  const approval = r.approval;
  const step = approval?.steps.at(-1);
  if (r.deleted || r.state !== 'PendingApproval' || !approval || step?.status !== 'InProgress') return false;
  const stage = approval.stages[approval.steps.length - 1] as Stage;
  return user !== r.target && model.isOneOf(t, user, stage.approvers);
}

/** What `user` sees: their requests (as target and as creator), their assignments, and their approver inbox. */
export async function observeUser(
  model: LifecycleModel,
  stubs: RealStubs,
  t: TenantModel,
  tenant: RealTenant,
  user: UserKey,
) {
  const { requestKey } = names(tenant);
  const token = tenant.tokens[user] as string;
  const keys = async (path: string) =>
    ((await read(stubs, `${path}?$top=999`, token)).value as Json[]).map((item) => requestKey(item.id)).sort();
  const live = t.requests.filter((r) => !r.deleted);
  const sorted = (list: number[]) => list.sort();
  assert.deepEqual(
    await keys(`${REQUESTS}/filterByCurrentUser(on='target')`),
    sorted(live.filter((r) => r.target === user).map((r) => r.key)),
    `U${user}’s requests as target`,
  );
  assert.deepEqual(
    await keys(`${REQUESTS}/filterByCurrentUser(on='createdBy')`),
    sorted(live.filter((r) => r.createdBy === user).map((r) => r.key)),
    `U${user}’s requests as creator`,
  );
  const inbox = sorted(live.filter((r) => awaitsDecisionBy(model, t, r, user)).map((r) => r.key));
  assert.deepEqual(
    await keys(`${REQUESTS}/filterByCurrentUser(on='approver')`),
    inbox,
    `the requests awaiting U${user}’s decision`,
  );
  const approvals = await read(stubs, `${APPROVALS}/filterByCurrentUser(on='approver')?$top=999`, token);
  assert.deepEqual(
    byKey(
      (approvals.value as Json[]).map((a) => ({
        key: requestKey(a.id),
        assignedToMe: (a.steps as Json[]).map((s) => s.assignedToMe),
      })),
    ),
    inbox.map((key) => {
      const r = t.requests[key] as ModelRequest;
      const stages = r.approval?.stages ?? [];
      return {
        key,
        assignedToMe: (r.approval?.steps ?? []).map(
          (_, i) => user !== r.target && model.isOneOf(t, user, (stages[i] as Stage).approvers),
        ),
      };
    }),
    `U${user}’s approvals inbox`,
  );
  assert.deepEqual(
    await keys(`${ASSIGNMENTS}/filterByCurrentUser(on='target')`),
    sorted([...t.assignments.values()].filter((a) => a.target === user).map((a) => a.key)),
    `U${user}’s assignments`,
  );
  // Whether the user may read one approval: an approver of any of its stages may.
  const withApproval = live.filter((r) => r.approval);
  const one = withApproval[user % Math.max(withApproval.length, 1)];
  if (one?.approval) {
    const res = await stubs.call('GET', `${APPROVALS}/${tenant.requests[one.key]}`, token);
    const approver = one.approval.stages.some((stage) => model.isOneOf(t, user, stage.approvers));
    assert.equal(res.status, approver ? 200 : 403, `whether U${user} may read r${one.key}’s approval`);
  }
}
