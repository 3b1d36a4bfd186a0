import pino, { type Logger } from 'pino';
import { createClock } from '../graph/clock.js';
import { REQUEST } from '../resources/lifecycle/keys.js';
import { ASKED_SCHEDULE } from '../store/references.js';
import { openStore } from '../store/sql/open.js';
import { StoreUnavailableError } from '../store/sql/sql-store.js';
import type { Store, TenantStore } from '../store/store.js';
import { expectGraphError, startTestStub, TEST_ENGINE, type TestStub, testDatabase } from '../testing/jest-helpers.js';
import { APPROVALS, ASSIGNMENTS, REQUESTS, RealStubs, type RealTenant, setUpTenant } from './lifecycle-model/real.js';
import type { WorldParams } from './lifecycle-model/world.js';

// Defects the lifecycle's model-based test and its reviewers found, each pinned by the behaviour that fixed it. The
// world is the model's (lifecycle-model/world.ts): U0-U3, G1 granted by P0 (policy A: U0 and U1 may ask, no approval;
// policy D: administrators only) and by P1 (policy B: anyone may ask, U2 approves), made in a tenant of its own.
jest.setTimeout(120_000);

const START = Date.UTC(2030, 0, 1);
const PARAMS: WorldParams = {
  start: START,
  durationInDaysA: 30,
  timeoutDaysB: 5,
  justificationB: false,
  timeoutDaysC: [3, 3],
  approvalForExtensionC: false,
  expiresAfterDaysC: null,
};

const started: TestStub[] = [];
const opened = new Set<Store>();
afterEach(async () => {
  // The stubs first: a stub given a store leaves it open, for its owner to close after.
  await Promise.all(started.splice(0).map((s) => s.close()));
  await Promise.all([...opened].map((s) => s.close()));
  opened.clear();
});

/**
 * The stores of `instances` stub instances on one database: on PostgreSQL each its own (as separate processes have),
 * on SQLite one shared (an in-memory database belongs to its connection).
 */
function storesFor(instances: number): Store[] {
  const database = testDatabase();
  if (TEST_ENGINE === 'sqlite') return Array(instances).fill(openStore(undefined));
  return Array.from({ length: instances }, () => openStore(database));
}

/** Stubs on one database, with one frozen clock, and the model's world in a new tenant. */
async function world(
  options: { instances?: number; deliveryDelayMs?: number; stores?: Store[]; maxItems?: number; logger?: Logger } = {},
) {
  const clock = createClock({ frozenAt: new Date(START) });
  const stores = options.stores ?? storesFor(options.instances ?? 1);
  const stubs: TestStub[] = [];
  for (const store of stores) {
    const stub = await startTestStub({
      clock,
      store,
      deliveryDelayMs: options.deliveryDelayMs ?? 0,
      ...(options.maxItems ? { maxItems: options.maxItems } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    started.push(stub);
    stubs.push(stub);
  }
  for (const store of stores) opened.add(store);
  const real = new RealStubs(stubs);
  const tenant = await setUpTenant(real, PARAMS);
  const as = (who: number | 'admin') => (who === 'admin' ? tenant.admin : (tenant.tokens[who] as string));
  const call = (who: number | 'admin', method: string, path: string, body?: object) =>
    real.call(method, path, as(who), body);
  return { stubs, stores, real, tenant, call, clock };
}

const addAs = (tenant: RealTenant, policy: 'A' | 'B' | 'D', user: number, admin: boolean) => ({
  requestType: admin ? 'AdminAdd' : 'UserAdd',
  accessPackageAssignment: {
    ...(admin ? { targetId: tenant.users[user] } : {}),
    assignmentPolicyId: tenant.policies[policy],
    accessPackageId: tenant.packages[policy === 'B' ? 1 : 0],
  },
});

/**
 * A store whose tenants fail some calls: `fails` names the error a call (`update` or `lock` of an entity's item) meets,
 * or undefined to let it through; inside transactions too.
 */
function failing(
  inner: Store,
  fails: (method: 'update' | 'lock', entity: string, id: string) => Error | undefined,
): Store {
  const wrap = (tenant: TenantStore): TenantStore =>
    new Proxy(tenant, {
      get(target, key, receiver) {
        if (key === 'update' || key === 'lock') {
          return (entity: string, id: string, ...rest: unknown[]) => {
            const error = fails(key, entity, id);
            if (error) return Promise.reject(error);
            return (target[key] as (...args: unknown[]) => unknown).call(target, entity, id, ...rest);
          };
        }
        if (key === 'transaction') {
          return <T>(work: (tx: TenantStore) => Promise<T>) => target.transaction((tx) => work(wrap(tx)));
        }
        return Reflect.get(target, key, receiver);
      },
    });
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'tenant') return async (id: string) => wrap(await target.tenant(id));
      return Reflect.get(target, key, receiver);
    },
  });
}

/** A logger that keeps the errors it is given. */
function errorsLogged() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe(`regressions of the lifecycle, on ${TEST_ENGINE}`, () => {
  it('one request bricks a tenant: a duration that overflows a date is refused with 400, and the tenant keeps answering', async () => {
    const { tenant, call } = await world();
    const made = await call('admin', 'POST', REQUESTS, addAs(tenant, 'A', 0, true));
    expect(made.status).toBe(201);
    const held = { id: made.json.id };
    for (const duration of ['P300000Y', 'PT99999999999999S', 'P9999Y']) {
      const schedule = { expiration: { type: 'afterDuration', duration } };
      for (const [who, body] of [
        [0, { requestType: 'UserExtend', accessPackageAssignment: held, schedule }],
        ['admin', { requestType: 'AdminUpdate', accessPackageAssignment: held, schedule }],
        [1, { ...addAs(tenant, 'A', 1, false), schedule }],
        ['admin', { ...addAs(tenant, 'D', 2, true), schedule }],
      ] as const) {
        const refused = await call(who, 'POST', REQUESTS, body);
        expectGraphError(refused, 400, 'InvalidModel');
        // The detail names the duration to shorten.
        expect(refused.json.error.details[0]).toMatchObject({
          target: 'schedule.expiration.duration',
          message: expect.stringMatching(new RegExp(`9999-12-31.*shorten the duration '${duration}'`)),
        });
      }
    }
    expect((await call('admin', 'GET', '/v1.0/users')).status).toBe(200);
    expect((await call('admin', 'GET', REQUESTS)).json.value).toHaveLength(1);
  });

  it('one request bricks a tenant: a request stored before dates were checked fails its delivery, and the rest goes on', async () => {
    const [store] = storesFor(1) as [Store];
    const { logger, lines } = errorsLogged();
    const { tenant, call, real } = await world({ stores: [store], deliveryDelayMs: 60_000, logger });
    const poisoned = (await call('admin', 'POST', REQUESTS, addAs(tenant, 'D', 0, true))).json.id;
    const healthy = (await call(1, 'POST', REQUESTS, addAs(tenant, 'A', 1, false))).json.id;
    // As an older stub stored them: a duration nothing can end, on an add and then on an update.
    const data = await store.tenant(tenant.tenantId);
    const poison = (id: string) =>
      data.update(REQUEST, id, (current) => ({
        ...current,
        [ASKED_SCHEDULE]: { expiration: { type: 'afterDuration' as const, duration: 'P300000Y' } },
      }));
    await poison(poisoned);
    expect((await real.moveClock({ advance: 'PT1M' })).status).toBe(200);
    const held = (await call('admin', 'GET', `${ASSIGNMENTS}/${healthy}`)).json;
    const update = (
      await call('admin', 'POST', REQUESTS, {
        requestType: 'AdminUpdate',
        accessPackageAssignment: { id: healthy },
        schedule: { expiration: { type: 'afterDuration', duration: 'P60D' } },
      })
    ).json.id;
    await poison(update);
    expect((await real.moveClock({ advance: 'PT1M' })).status).toBe(200);
    for (const id of [poisoned, update]) {
      const failed = (await call('admin', 'GET', `${REQUESTS}/${id}`)).json;
      expect([failed.requestState, failed.requestStatus]).toEqual(['DeliveryFailed', 'DeliveryFailed']);
    }
    expect((await call('admin', 'GET', `${REQUESTS}/${healthy}`)).json.requestState).toBe('Delivered');
    // The update changed nothing of the assignment it failed to extend.
    expect((await call('admin', 'GET', `${ASSIGNMENTS}/${healthy}`)).json.schedule).toEqual(held.schedule);
    expect((await call('admin', 'GET', '/v1.0/users')).status).toBe(200);
    // A request whose own schedule cannot be honoured is no fault of the stub's: nothing is logged as one.
    expect(lines).toEqual([]);
  });

  it('a request whose target was deleted while it waited for approval fails its delivery', async () => {
    const { logger, lines } = errorsLogged();
    const { tenant, call } = await world({ logger });
    const made = (await call(0, 'POST', REQUESTS, addAs(tenant, 'B', 0, false))).json.id;
    expect((await call('admin', 'GET', `${REQUESTS}/${made}`)).json.requestState).toBe('PendingApproval');
    expect((await call('admin', 'DELETE', `/v1.0/users/${tenant.users[0]}`)).status).toBe(204);
    const [step] = (await call(2, 'GET', `${APPROVALS}/${made}`)).json.steps;
    const decided = await call(2, 'PATCH', `${APPROVALS}/${made}/steps/${step.id}`, {
      reviewResult: 'Approve',
      justification: 'ok',
    });
    expect(decided.status).toBe(204);
    const request = (await call('admin', 'GET', `${REQUESTS}/${made}`)).json;
    expect([request.requestState, request.requestStatus]).toEqual(['DeliveryFailed', 'DeliveryFailed']);
    expect((await call('admin', 'GET', ASSIGNMENTS)).json.value).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('one request bricks a tenant: a request whose processing throws is marked failed, logged, and not tried again', async () => {
    const [inner] = storesFor(1) as [Store];
    let attempts = 0;
    let poisoned = '';
    // Every change to one request fails, as a broken row or a bug would make it: it cannot even be marked failed.
    const store = failing(inner, (method, entity, id) => {
      if (method !== 'update' || entity !== REQUEST || id !== poisoned) return undefined;
      attempts += 1;
      return new Error('the row cannot be written');
    });
    const { logger, lines } = errorsLogged();
    const { tenant, call, real } = await world({ stores: [store], deliveryDelayMs: 60_000, logger });
    poisoned = (await call('admin', 'POST', REQUESTS, addAs(tenant, 'D', 0, true))).json.id;
    const healthy = (await call(1, 'POST', REQUESTS, addAs(tenant, 'A', 1, false))).json.id;
    await real.moveClock({ advance: 'PT1M' });
    expect((await call('admin', 'GET', `${REQUESTS}/${healthy}`)).json.requestState).toBe('Delivered');
    expect((await call('admin', 'GET', `${REQUESTS}/${poisoned}`)).json.requestState).toBe('Submitted');
    const tried = attempts;
    expect(tried).toBeGreaterThan(0);
    for (let i = 0; i < 3; i += 1) expect((await call('admin', 'GET', REQUESTS)).status).toBe(200);
    expect(attempts).toBe(tried);
    // Both failures are logged, the second saying that the request could not even be marked failed.
    expect(lines.map((line) => line.msg)).toEqual([
      expect.stringMatching(new RegExp(`could not process the request ${poisoned} .*marked failed and passed by`)),
      'marking it failed failed too',
    ]);
    expect(lines[1]).toMatchObject({
      tenantId: tenant.tenantId,
      err: expect.objectContaining({ message: 'the row cannot be written' }),
    });
    // Only that event is passed by: the rest of the tenant goes on, then and later.
    await real.moveClock({ advance: 'PT1M' });
    expect((await call('admin', 'GET', `${REQUESTS}/${healthy}`)).json.requestStatus).toBe(
      'FulfilledNotificationTriggered',
    );
    const later = (await call('admin', 'POST', REQUESTS, addAs(tenant, 'D', 2, true))).json.id;
    await real.moveClock({ advance: 'PT1M' });
    expect((await call('admin', 'GET', `${REQUESTS}/${later}`)).json.requestState).toBe('Delivered');
  });

  // What the settler does with an event it cannot handle, one kind of event at a time: the event's object is locked
  // (and so read) by the failing step alone, and marked as failed at the instant the event was due.
  describe('one request bricks a tenant: an event that fails is marked as done when it was due', () => {
    const lockFails = (ids: Set<string>) => {
      const failures: string[] = [];
      const store = failing(storesFor(1)[0] as Store, (method, entity, id) => {
        if (method !== 'lock' || !ids.has(id)) return undefined;
        failures.push(`${entity} ${id}`);
        return new Error('the row cannot be read');
      });
      return { store, failures };
    };
    const logged = errorsLogged;

    it('a request to deliver ends DeliveryFailed at its due time, and the log says which and why', async () => {
      const ids = new Set<string>();
      const { store, failures } = lockFails(ids);
      const { logger, lines } = logged();
      const { tenant, call, real } = await world({ stores: [store], deliveryDelayMs: 60_000, logger });
      const made = await call('admin', 'POST', REQUESTS, addAs(tenant, 'D', 0, true));
      ids.add(made.json.id);
      await real.moveClock({ advance: 'PT5M' });
      const request = (await call('admin', 'GET', `${REQUESTS}/${made.json.id}`)).json;
      expect([request.requestState, request.requestStatus]).toEqual(['DeliveryFailed', 'DeliveryFailed']);
      expect(request.completedDate).toBe('2030-01-01T00:01:00.0000000Z');
      expect(failures).toEqual([`${REQUEST} ${made.json.id}`]);
      expect(lines).toEqual([
        expect.objectContaining({
          tenantId: tenant.tenantId,
          request: made.json.id,
          err: expect.objectContaining({ message: 'the row cannot be read' }),
          msg: `the stub could not process the request ${made.json.id} due at 2030-01-01T00:01:00.000Z; it is marked failed and passed by`,
        }),
      ]);
      expect((await call('admin', 'GET', ASSIGNMENTS)).json.value).toEqual([]);
    });

    it('a request whose approval times out ends DeliveryFailed, its step expired', async () => {
      const ids = new Set<string>();
      const { store } = lockFails(ids);
      const { tenant, call, real } = await world({ stores: [store] });
      const made = await call(0, 'POST', REQUESTS, addAs(tenant, 'B', 0, false));
      expect((await call('admin', 'GET', `${REQUESTS}/${made.json.id}`)).json.requestState).toBe('PendingApproval');
      ids.add(made.json.id);
      await real.moveClock({ advance: 'P6D' });
      const request = (await call('admin', 'GET', `${REQUESTS}/${made.json.id}`)).json;
      expect([request.requestState, request.completedDate]).toEqual(['DeliveryFailed', '2030-01-06T00:00:00.0000000Z']);
      const approval = (await call('admin', 'GET', `${APPROVALS}/${made.json.id}`)).json;
      expect(approval.steps.map((s: { status: string }) => s.status)).toEqual(['Expired']);
      expect((await call(2, 'GET', `${APPROVALS}/filterByCurrentUser(on='approver')`)).json.value).toEqual([]);
    });

    it('a delivered request whose notification fails is marked notified', async () => {
      const ids = new Set<string>();
      const { store } = lockFails(ids);
      const { tenant, call, real } = await world({ stores: [store], deliveryDelayMs: 60_000 });
      const made = await call(0, 'POST', REQUESTS, addAs(tenant, 'A', 0, false));
      await real.moveClock({ advance: 'PT1M' });
      expect((await call('admin', 'GET', `${REQUESTS}/${made.json.id}`)).json.requestStatus).toBe('Fulfilled');
      ids.add(made.json.id);
      await real.moveClock({ advance: 'PT1M' });
      const request = (await call('admin', 'GET', `${REQUESTS}/${made.json.id}`)).json;
      expect([request.requestState, request.requestStatus]).toEqual(['Delivered', 'FulfilledNotificationTriggered']);
    });

    it('an assignment whose expiry fails ends Expired at its end', async () => {
      const ids = new Set<string>();
      const { store } = lockFails(ids);
      const { tenant, call, real } = await world({ stores: [store] });
      const made = await call(0, 'POST', REQUESTS, addAs(tenant, 'A', 0, false));
      const [assignment] = (await call('admin', 'GET', ASSIGNMENTS)).json.value;
      expect(assignment.assignmentState).toBe('Delivered');
      ids.add(assignment.id);
      await real.moveClock({ advance: 'P31D' });
      const ended = (await call('admin', 'GET', `${ASSIGNMENTS}/${assignment.id}`)).json;
      expect([ended.assignmentState, ended.assignmentStatus, ended.expiredDateTime]).toEqual([
        'Expired',
        'Expired',
        '2030-01-31T00:00:00.0000000Z',
      ]);
      expect((await call('admin', 'GET', `${REQUESTS}/${made.json.id}`)).json.requestState).toBe('Delivered');
    });

    it('a database out of reach fails nothing: the request answers 503 and is delivered once it is back', async () => {
      let unavailable = true;
      const ids = new Set<string>();
      const store = failing(storesFor(1)[0] as Store, (method, _entity, id) =>
        method === 'lock' && ids.has(id) && unavailable
          ? new StoreUnavailableError('the database is restarting')
          : undefined,
      );
      const { tenant, call, real } = await world({ stores: [store], deliveryDelayMs: 60_000 });
      const made = await call('admin', 'POST', REQUESTS, addAs(tenant, 'D', 0, true));
      ids.add(made.json.id);
      await real.moveClock({ advance: 'PT1M' });
      expectGraphError(await call('admin', 'GET', `${REQUESTS}/${made.json.id}`), 503, 'ServiceUnavailable');
      unavailable = false;
      const request = (await call('admin', 'GET', `${REQUESTS}/${made.json.id}`)).json;
      expect([request.requestState, request.completedDate]).toEqual(['Delivered', '2030-01-01T00:01:00.0000000Z']);
    });
  });

  it('a stub alone on its store reads nothing to settle a request while nothing falls due; stubs sharing one read each time', async () => {
    const [inner] = storesFor(1) as [Store];
    let reads = 0;
    // Counts how often the settler asks the store when the tenant next falls due.
    const store: Store = new Proxy(inner, {
      get(target, key, receiver) {
        if (key !== 'tenant') return Reflect.get(target, key, receiver);
        return async (id: string, ...rest: unknown[]) => {
          const tenant = await (target.tenant as (...args: unknown[]) => Promise<TenantStore>)(id, ...rest);
          return new Proxy(tenant, {
            get(t, k, r) {
              if (k !== 'nextDue') return Reflect.get(t, k, r);
              return () => {
                reads += 1;
                return t.nextDue();
              };
            },
          });
        };
      },
    });
    const { tenant, call, real } = await world({ stores: [store], deliveryDelayMs: 60_000 });
    const shared = TEST_ENGINE === 'postgres';
    const readsOf = async (work: () => Promise<unknown>) => {
      const before = reads;
      await work();
      return reads - before;
    };
    const list = () => call('admin', 'GET', REQUESTS);
    await list();
    expect(await readsOf(list)).toBe(shared ? 1 : 0);
    // A request due in a minute: nothing to settle before then, and the stub knows it without asking.
    const made = await call(0, 'POST', REQUESTS, addAs(tenant, 'A', 0, false));
    expect(await readsOf(list)).toBe(shared ? 1 : 0);
    // A move of the clock makes what the stub knew stale: the next request asks once, and the one after it not again.
    expect(await readsOf(() => real.moveClock({ advance: 'PT30S' }))).toBe(0);
    expect(await readsOf(list)).toBe(1);
    expect(await readsOf(list)).toBe(shared ? 1 : 0);
    expect((await call('admin', 'GET', `${REQUESTS}/${made.json.id}`)).json.requestState).toBe('Submitted');
    // Once it falls due, the next request settles it (reading the store), and delivers it.
    await real.moveClock({ advance: 'PT30S' });
    expect(await readsOf(list)).toBeGreaterThan(0);
    expect((await call('admin', 'GET', `${REQUESTS}/${made.json.id}`)).json.requestState).toBe('Delivered');
  });

  it('dates past year 9999: a schedule ending after 9999-12-31 is refused, and every list keeps answering', async () => {
    const { tenant, call, real } = await world();
    expect((await real.moveClock({ set: '9999-12-15T00:00:00Z' })).status).toBe(200);
    // Policy A gives 30 days: past the last day Graph can write. The detail names the schedule, as no duration was asked.
    const byPolicy = await call(0, 'POST', REQUESTS, addAs(tenant, 'A', 0, false));
    expectGraphError(byPolicy, 400, 'InvalidModel');
    expect(byPolicy.json.error.details[0]).toEqual({
      code: 'InvalidModel',
      target: 'schedule',
      message: 'The assignment would end after 9999-12-31, the last day Graph can write.',
    });
    // So does a start with no end, which the policy's 30 days take past it.
    const startOnly = await call(0, 'POST', REQUESTS, {
      ...addAs(tenant, 'A', 0, false),
      schedule: { startDateTime: '9999-12-20T00:00:00Z' },
    });
    expectGraphError(startOnly, 400, 'InvalidModel');
    expect(startOnly.json.error.details[0]).toEqual(byPolicy.json.error.details[0]);
    // An end before the start names the end.
    const backwards = await call('admin', 'POST', REQUESTS, {
      ...addAs(tenant, 'D', 2, true),
      schedule: { expiration: { type: 'afterDateTime', endDateTime: '9999-12-14T00:00:00Z' } },
    });
    expectGraphError(backwards, 400, 'InvalidModel');
    expect(backwards.json.error.details[0].target).toBe('schedule.expiration.endDateTime');
    const shortly = { expiration: { type: 'afterDuration' as const, duration: 'P7D' } };
    const ok = await call(0, 'POST', REQUESTS, { ...addAs(tenant, 'A', 0, false), schedule: shortly });
    expect(ok.status).toBe(201);
    expectGraphError(
      await call('admin', 'POST', REQUESTS, {
        ...addAs(tenant, 'D', 1, true),
        schedule: { expiration: { type: 'afterDateTime', endDateTime: '+010000-01-01T00:00:00Z' } },
      }),
      400,
      'InvalidModel',
    );
    expectGraphError(await real.moveClock({ advance: 'P1M' }), 400, 'BadRequest');
    expect((await real.moveClock({ advance: 'P1M' })).json.error.message).toMatch(/past 9999-12-31/);
    expect((await call('admin', 'GET', REQUESTS)).status).toBe(200);
    const assignments = await call('admin', 'GET', ASSIGNMENTS);
    expect(assignments.status).toBe(200);
    expect(assignments.json.value[0].schedule.expiration.endDateTime).toBe('9999-12-22T00:00:00.0000000Z');
  });

  it('duplicates on PostgreSQL: parallel identical adds through two instances make one request and one subject', async () => {
    const { tenant, stubs } = await world({ instances: TEST_ENGINE === 'postgres' ? 2 : 1, deliveryDelayMs: 60_000 });
    for (const [who, body] of [
      [0, addAs(tenant, 'A', 0, false)],
      ['admin', addAs(tenant, 'D', 2, true)],
    ] as const) {
      const token = who === 'admin' ? tenant.admin : (tenant.tokens[who] as string);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (stubs[i % stubs.length] as TestStub).call('POST', REQUESTS, { body, token }),
        ),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).map((a) => a.json.error.code)).toEqual(
        Array(19).fill('ExistingOpenRequest'),
      );
    }
    const requests = await (stubs[0] as TestStub).call('GET', `${REQUESTS}?$expand=requestor`, { token: tenant.admin });
    expect(requests.json.value).toHaveLength(2);
  });

  it('duplicates on PostgreSQL: parallel creates through two instances never pass the quota', async () => {
    const stores = storesFor(TEST_ENGINE === 'postgres' ? 2 : 1);
    const { stubs, tenant } = await world({ stores, maxItems: 100 });
    const held = async () => (await (stores[0] as Store).tenant(tenant.tenantId)).count();
    const packages = '/identityGovernance/entitlementManagement/accessPackages';
    const create = (i: number) =>
      (stubs[i % stubs.length] as TestStub).call('POST', packages, {
        token: tenant.admin,
        body: { catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128', displayName: `package ${i}` },
      });
    // Ten places left, then forty creates at once.
    for (let i = await held(); i < 90; i += 1) expect((await create(i)).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => create(i)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 507).map((a) => a.json.error.code)).toEqual(
      Array(30).fill('quotaLimitReached'),
    );
    expect(await held()).toBe(100);
  });

  it('grants that outlive their cause: a membership goes with the role scope that granted it, and does not come back', async () => {
    const { tenant, call } = await world();
    const made = await call('admin', 'POST', REQUESTS, addAs(tenant, 'D', 3, true));
    const members = async () =>
      (
        (await call('admin', 'GET', `/v1.0/groups/${tenant.groups.G1}/members`)).json.value as Array<{ id: string }>
      ).map((m) => m.id);
    expect(await members()).toEqual([tenant.users[3]]);
    const pkg = `/identityGovernance/entitlementManagement/accessPackages/${tenant.packages[0]}`;
    const [roleScope] = (await call('admin', 'GET', `${pkg}?$expand=accessPackageResourceRoleScopes`)).json
      .accessPackageResourceRoleScopes;
    expect((await call('admin', 'DELETE', `${pkg}/accessPackageResourceRoleScopes/${roleScope.id}`)).status).toBe(204);
    expect(await members()).toEqual([]);
    const removed = await call('admin', 'POST', REQUESTS, {
      requestType: 'AdminRemove',
      accessPackageAssignment: { id: made.json.id },
    });
    expect(removed.status).toBe(201);
    // P1 still grants G1's Member role; once P0 no longer does, the resource stays (P1 uses it), and U3 stays out.
    expect(await members()).toEqual([]);
  });

  it('grants follow their cause: a role scope added to a package reaches the assignments it already has', async () => {
    const { tenant, call } = await world();
    await call('admin', 'POST', REQUESTS, addAs(tenant, 'D', 3, true));
    const owners = async () =>
      ((await call('admin', 'GET', `/v1.0/groups/${tenant.groups.G2}/owners`)).json.value as Array<{ id: string }>).map(
        (m) => m.id,
      );
    expect(await owners()).toEqual([]);
    const pkg = `/identityGovernance/entitlementManagement/accessPackages/${tenant.packages[0]}`;
    const added = await call('admin', 'POST', `${pkg}/accessPackageResourceRoleScopes`, {
      accessPackageResourceRole: {
        originId: `Owner_${tenant.groups.G2}`,
        originSystem: 'AadGroup',
        accessPackageResource: { originId: tenant.groups.G2, originSystem: 'AadGroup' },
      },
      accessPackageResourceScope: { originId: tenant.groups.G2, originSystem: 'AadGroup' },
    });
    expect(added.status).toBe(201);
    expect(await owners()).toEqual([tenant.users[3]]);
  });

  it('leftovers: deleting a denied request deletes its approval', async () => {
    const { tenant, call } = await world();
    const asked = await call(0, 'POST', REQUESTS, addAs(tenant, 'B', 0, false));
    const approval = await call('admin', 'GET', `${APPROVALS}/${asked.json.id}`);
    expect(approval.status).toBe(200);
    const step = approval.json.steps[0].id;
    expect(
      (
        await call(2, 'PATCH', `${APPROVALS}/${asked.json.id}/steps/${step}`, {
          reviewResult: 'Deny',
          justification: 'no',
        })
      ).status,
    ).toBe(204);
    expect((await call('admin', 'GET', `${REQUESTS}/${asked.json.id}`)).json.requestState).toBe('Denied');
    expect((await call('admin', 'DELETE', `${REQUESTS}/${asked.json.id}`)).status).toBe(204);
    expectGraphError(await call('admin', 'GET', `${APPROVALS}/${asked.json.id}`), 404, 'ResourceNotFound');
    expect((await call(2, 'GET', `${APPROVALS}/filterByCurrentUser(on='approver')`)).json.value).toEqual([]);
  });
});
