import type { Logger } from 'pino';
import type { TenantClocks } from '../../graph/clock.js';
import { graphTimestamp } from '../../graph/timestamps.js';
import { equals } from '../../odata/conditions.js';
import { DUE, OF_ASSIGNMENT } from '../../store/references.js';
import { StoreUnavailableError } from '../../store/sql/sql-store.js';
import { everyItem, type TenantStore } from '../../store/store.js';
import { closeApproval } from './approval-flow.js';
import { expire } from './grants.js';
import { ASSIGNMENT, OPEN, REQUEST, type StoredRequest } from './keys.js';
import { process } from './processing.js';
import { endRequest } from './request-state.js';
import { expiryOf } from './schedules.js';

/** Something of a tenant's lifecycle that falls due at `at`: a request to process, or an assignment to expire. */
interface Due {
  at: number;
  kind: 'request' | 'assignment';
  id: string;
  /** Requests come before expiries at the same instant, each in the order it was made. */
  order: number;
}

const before = (a: Due, b: Due) =>
  a.at - b.at || (a.kind === b.kind ? a.order - b.order : a.kind === 'request' ? -1 : 1);

/**
 * A delivered request's status moves on from `Fulfilled` to `FulfilledNotificationTriggered` once Graph has sent its
 * notification, as the tutorial's later read shows: one delivery delay after it was delivered.
 */
const FULFILLED = 'Fulfilled';
const NOTIFIED = 'FulfilledNotificationTriggered';

/** When an open request next moves (or times out), if it is open; or when a fulfilled one's notification goes out. */
function dueOf(request: StoredRequest | undefined): number | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: belts and braces. A request ended keeps no due time
  // (endRequest and notified remove it), and one is gone between two reads only when another stub sharing the
  // database deleted it (PostgreSQL; mutation testing runs on SQLite).
  if (!request || !(OPEN.has(request.requestState) || request.requestStatus === FULFILLED)) return undefined;
  // Stryker disable next-line StringLiteral: any text that is no date parses as NaN.
  const at = Date.parse(request[DUE] ?? '');
  return Number.isNaN(at) ? undefined : at;
}

/** Every open request (and fulfilled one not yet notified), in the order they were made (their positions order simultaneous events). */
function openRequests(store: TenantStore): Promise<StoredRequest[]> {
  // Stryker disable next-line StringLiteral: the fingerprint only names the query's page tokens.
  return everyItem(store, REQUEST, 'settle', {
    kind: 'or',
    operands: [...[...OPEN].map((state) => equals('requestState', state)), equals('requestStatus', FULFILLED)],
  });
}

/** A fulfilled request whose notification went out: nothing of it is due any more. */
const notified = (tx: TenantStore, requestId: string) =>
  tx.update(REQUEST, requestId, (current) => {
    const { [DUE]: _due, ...rest } = current;
    return { ...rest, requestStatus: NOTIFIED };
  });

/** How many events one settle handles at most; the rest wait for the next request, so no request waits on a year. */
const MAX_EVENTS_PER_SETTLE = 1_000;
/** The next due time of a tenant where nothing falls due. */
const NOTHING_DUE = Number.MAX_SAFE_INTEGER;

/**
 * Brings a tenant's lifecycle up to the clock: everything that fell due happens at the instant it was due, in the
 * order of those instants (requests, in the order they were made, before expiries at the same instant), so an
 * assignment delivered a minute after its request and meant to last 30 days ends 30 days after that minute however far
 * the clock jumped. Run before every request the API answers, so a client polling a request (or reading a group's
 * members) sees what Graph would show by then.
 *
 * The tenant's next due time is kept in the store, which every stub instance sharing it reads; an instance alone on
 * its store (`shared` false) also keeps it in memory, so most requests read nothing. Something that cannot be done
 * (a bug, or data the store can no longer hold) fails its request, is logged and is passed by: it never blocks the
 * tenant.
 */
export function createSettler(
  clocks: TenantClocks,
  options: {
    shared: boolean;
    logger?: Logger /** How long after its delivery a request's notification goes out. */;
    notifyAfterMs: number;
  },
) {
  const known = new Map<string, { at: number; generation: number }>();
  // Events that failed, and could not even be marked failed: passed by from then on (by this instance).
  const failed = new Set<string>();
  const failure = (store: TenantStore, event: Due) => `${store.tenantId}/${event.kind}/${event.id}/${event.at}`;
  const remember = (tenantId: string, at: number, generation: number) => {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: stubs share a database on PostgreSQL only
    // (mutation testing runs on SQLite), and the clock moves during a settle only in a race no test can time.
    if (!options.shared && clocks.of(tenantId).generation === generation) known.set(tenantId, { at, generation });
  };

  /** Handles one event in a transaction of its own: only if it is still due as it was found, at its own instant. */
  async function handle(store: TenantStore, event: Due): Promise<void> {
    await store.transaction(async (tx) => {
      if (event.kind === 'request') {
        // Stryker disable next-line StringLiteral: the lock's mode matters on PostgreSQL only.
        const current = await tx.lock(REQUEST, event.id, 'update');
        // Stryker disable next-line ConditionalExpression,LogicalOperator: an event goes stale only when another stub
        // sharing the database (PostgreSQL) handled it or changed its request meanwhile.
        if (!current || dueOf(current) !== event.at) return;
        if (current.requestStatus === FULFILLED) {
          await notified(tx, current.id);
          return;
        }
        await process(tx, current, new Date(event.at));
        // Stryker disable next-line OptionalChaining: the request is locked by this transaction.
        if ((await tx.get(REQUEST, current.id))?.requestStatus === FULFILLED) {
          const notifyAt = new Date(event.at + options.notifyAfterMs).toISOString();
          await tx.update(REQUEST, current.id, (done) => ({ ...done, [DUE]: notifyAt }));
        }
      } else {
        // Stryker disable next-line StringLiteral: the lock's mode matters on PostgreSQL only.
        const current = await tx.lock(ASSIGNMENT, event.id, 'update');
        if (current?.assignmentState === 'Delivered' && expiryOf(current) === event.at) {
          await expire(tx, current, new Date(event.at));
        }
      }
    });
  }

  /** A request that could not be processed ends `DeliveryFailed` (an assignment that could not expire, `Expired`). */
  async function giveUp(store: TenantStore, event: Due, err: unknown): Promise<void> {
    // The database out of reach is no fault of the event's: it is done once the database is back.
    if (err instanceof StoreUnavailableError) throw err;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a bound on memory, which no test fails 10,000
    // events to reach.
    if (failed.size >= 10_000) failed.clear();
    failed.add(failure(store, event));
    options.logger?.error(
      { err, tenantId: store.tenantId, [event.kind]: event.id },
      `the stub could not process the ${event.kind} ${event.id} due at ${new Date(event.at).toISOString()}; it is marked failed and passed by`,
    );
    await store
      .transaction(async (tx) => {
        if (event.kind === 'request' && (await tx.get(REQUEST, event.id))?.requestStatus === FULFILLED) {
          await notified(tx, event.id);
        } else if (event.kind === 'request') {
          await closeApproval(tx, event.id, 'Expired');
          await endRequest(tx, event.id, 'DeliveryFailed', 'DeliveryFailed', new Date(event.at));
        } else {
          await tx.update(ASSIGNMENT, event.id, (current) => ({
            ...current,
            assignmentState: 'Expired',
            assignmentStatus: 'Expired',
            expiredDateTime: graphTimestamp(new Date(event.at)),
          }));
        }
      })
      .catch((again: unknown) =>
        options.logger?.error({ err: again, tenantId: store.tenantId }, 'marking it failed failed too'),
      );
  }

  /** Everything due by `now`, in order; returns when the tenant next falls due after that. */
  async function run(store: TenantStore, now: number): Promise<number> {
    let next = NOTHING_DUE;
    // Stryker disable next-line ArrayDeclaration: an event that is none is of no object, and handled as nothing.
    const queue: Due[] = [];
    const push = (event: Due) => {
      if (failed.has(failure(store, event))) return;
      if (event.at <= now) queue.push(event);
      else next = Math.min(next, event.at);
    };
    for (const [order, request] of (await openRequests(store)).entries()) {
      const at = dueOf(request);
      // Stryker disable next-line ConditionalExpression: every request listed as open has its due time.
      if (at !== undefined) push({ at, kind: 'request', id: request.id, order });
    }
    for (const assignment of await store.where(ASSIGNMENT, 'assignmentState', 'Delivered')) {
      const at = expiryOf(assignment);
      if (at !== undefined) push({ at, kind: 'assignment', id: assignment.id, order: 0 });
    }
    // Stryker disable next-line AssignmentOperator: the bound below, which no test makes a thousand events to reach.
    for (let handled = 0; queue.length > 0; handled += 1) {
      // The rest waits for the next request, which settles on at once.
      // Stryker disable next-line ConditionalExpression,EqualityOperator: as above.
      if (handled >= MAX_EVENTS_PER_SETTLE) return now;
      queue.sort(before);
      const event = queue.shift() as Due;
      await handle(store, event).catch((err: unknown) => giveUp(store, event, err));
      // Stryker disable next-line ConditionalExpression: a shortcut; an expired assignment leads to nothing more.
      if (event.kind !== 'request') continue;
      // What the request led to: its own next step, and the assignment it made or changed.
      const request = await store.get(REQUEST, event.id);
      const at = dueOf(request);
      if (at !== undefined) push({ ...event, at });
      // Stryker disable next-line OptionalChaining: the request is gone only if a client deleted it between its handling
      // and this read, a race no test can time.
      const made = request?.[OF_ASSIGNMENT] ? await store.get(ASSIGNMENT, request[OF_ASSIGNMENT]) : undefined;
      const ends = made?.assignmentState === 'Delivered' ? expiryOf(made) : undefined;
      // Stryker disable next-line StringLiteral: any kind but 'request' is handled as an assignment's.
      if (made && ends !== undefined) push({ at: ends, kind: 'assignment', id: made.id, order: 0 });
    }
    return next;
  }

  return {
    /** Records that something in the tenant falls due at `at` (a request just submitted or decided); in its transaction. */
    async due(store: TenantStore, at: Date): Promise<void> {
      await store.dueBy(at.getTime());
      const memo = known.get(store.tenantId);
      // Stryker disable next-line ConditionalExpression: on SQLite every request settles first, which leaves a memo.
      if (memo) memo.at = Math.min(memo.at, at.getTime());
    },
    async settle(store: TenantStore): Promise<void> {
      const clock = clocks.of(store.tenantId);
      const now = clock.now().getTime();
      const generation = clock.generation;
      const memo = known.get(store.tenantId);
      if (memo && memo.generation === generation && now < memo.at) return;
      const recorded = await store.nextDue();
      if (recorded !== undefined && now < recorded) return remember(store.tenantId, recorded, generation);
      // Nothing is known to be due while the tenant is looked through; whatever is recorded meanwhile (a request made
      // through another instance) lowers it again, and is kept when the result is recorded.
      await store.setNextDue(NOTHING_DUE);
      let next = now;
      try {
        next = await run(store, now);
      } finally {
        await store.dueBy(next);
      }
      // Stryker disable next-line LogicalOperator: the next due time was just recorded; `now` would cost one read more.
      remember(store.tenantId, (await store.nextDue()) ?? now, generation);
    },
  };
}

export type Settler = ReturnType<typeof createSettler>;
