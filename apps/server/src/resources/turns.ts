/**
 * Turns for the tenants of a stub many of them share. On SQLite a request is worked on from start to end without
 * pause (its statements run on the one event loop), and Node reads the requests that arrived in the order their
 * sockets come: a tenant sending many costly requests at once (an approver inbox under hundreds of nested groups)
 * made another tenant's request wait for all of them. While more than one tenant is busy, requests therefore start
 * one at a time, on turns of the event loop, taking the tenants in rotation: another tenant's request waits for at
 * most the one request being worked on. A stub busy with one tenant starts each request at once, as before.
 *
 * At most `perTenant` of one tenant's requests are worked on at once; the others wait.
 */
export interface Turns {
  /** Resolves when the tenant's request may be worked on; call the function it gives once the request is done. */
  enter(tenantId: string): Promise<() => void>;
  /** Requests being worked on and waiting, per tenant with any (for tests). */
  readonly busy: ReadonlyMap<string, { active: number; waiting: number }>;
}

/** How long a tenant counts as busy after its last request started. */
const BUSY_MS = 200;

export function createTurns(perTenant: number, now: () => number = () => performance.now()): Turns {
  const tenants = new Map<string, { active: number; waiting: Array<() => void> }>();
  // Tenants with a request waiting and a slot free, in the order they get their next turn.
  const rotation: string[] = [];
  const inRotation = new Set<string>();
  const lastStart = new Map<string, number>();
  let pumping = false;

  const othersBusy = (tenantId: string, at: number) => {
    for (const [other, startedAt] of lastStart) {
      if (at - startedAt > BUSY_MS) lastStart.delete(other);
      else if (other !== tenantId) return true;
    }
    return false;
  };
  const tenantOf = (tenantId: string) => {
    let tenant = tenants.get(tenantId);
    if (!tenant) {
      tenant = { active: 0, waiting: [] };
      tenants.set(tenantId, tenant);
    }
    return tenant;
  };
  const queue = (tenantId: string) => {
    const tenant = tenants.get(tenantId);
    if (!tenant || tenant.waiting.length === 0 || tenant.active >= perTenant || inRotation.has(tenantId)) return;
    rotation.push(tenantId);
    inRotation.add(tenantId);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  };
  // One request a turn: the rest of the turn, and the reading of newly arrived requests, come before the next.
  function pump() {
    pumping = false;
    const tenantId = rotation.shift();
    if (tenantId === undefined) return;
    inRotation.delete(tenantId);
    const tenant = tenants.get(tenantId);
    const start = tenant?.waiting.shift();
    if (tenant && start) {
      tenant.active += 1;
      lastStart.set(tenantId, now());
      start();
    }
    queue(tenantId);
    if (!pumping && rotation.length > 0) {
      pumping = true;
      setImmediate(pump);
    }
  }
  const done = (tenantId: string) => {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const tenant = tenants.get(tenantId);
      if (!tenant) return;
      tenant.active -= 1;
      if (tenant.active === 0 && tenant.waiting.length === 0) tenants.delete(tenantId);
      // Back in the rotation on the next turn, behind the tenants whose requests arrive meanwhile.
      else setImmediate(() => queue(tenantId));
    };
  };

  return {
    enter(tenantId) {
      const at = now();
      const tenant = tenantOf(tenantId);
      if (tenant.active < perTenant && tenant.waiting.length === 0 && !othersBusy(tenantId, at)) {
        tenant.active += 1;
        lastStart.set(tenantId, at);
        return Promise.resolve(done(tenantId));
      }
      return new Promise((resolve) => {
        tenant.waiting.push(() => resolve(done(tenantId)));
        queue(tenantId);
      });
    },
    get busy() {
      return new Map([...tenants].map(([id, t]) => [id, { active: t.active, waiting: t.waiting.length }]));
    },
  };
}
