/**
 * Turns for each tenant's requests on a stub many tenants share: at most `perTenant` of one tenant's requests are
 * worked on at once, the others wait their turn. On SQLite, whose statements run on the one event loop, a request is
 * worked on without pause, so requests went strictly in order of arrival: a tenant sending many costly ones at once
 * (an approver inbox under hundreds of nested groups) made every other tenant wait for all of them. With turns, another
 * tenant's request waits for at most the `perTenant` requests the busy tenant has in hand.
 */
export interface Turns {
  /** Resolves when the tenant's request may be worked on; call the function it gives once the request is done. */
  enter(tenantId: string): Promise<() => void>;
  /** Requests being worked on and waiting, per tenant with any (for tests and health). */
  readonly busy: ReadonlyMap<string, { active: number; waiting: number }>;
}

export function createTurns(perTenant: number): Turns {
  const tenants = new Map<string, { active: number; waiting: Array<() => void> }>();
  const leave = (tenantId: string) => {
    const tenant = tenants.get(tenantId);
    if (!tenant) return;
    const next = tenant.waiting.shift();
    // The slot passes to the tenant's next request, on a later turn of the event loop: passed at once, that request
    // would start before any other tenant's request that arrived meanwhile is even read. With none waiting, it is freed.
    if (next) setImmediate(next);
    else if (--tenant.active === 0) tenants.delete(tenantId);
  };
  const done = (tenantId: string) => {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      leave(tenantId);
    };
  };
  return {
    enter(tenantId) {
      const tenant = tenants.get(tenantId);
      if (!tenant) {
        tenants.set(tenantId, { active: 1, waiting: [] });
        return Promise.resolve(done(tenantId));
      }
      if (tenant.active < perTenant) {
        tenant.active += 1;
        return Promise.resolve(done(tenantId));
      }
      return new Promise((resolve) => tenant.waiting.push(() => resolve(done(tenantId))));
    },
    get busy() {
      return new Map([...tenants].map(([id, t]) => [id, { active: t.active, waiting: t.waiting.length }]));
    },
  };
}
