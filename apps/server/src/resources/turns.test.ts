import { createTurns } from './turns.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

it("works on at most perTenant of a tenant's requests at once, the rest in order of arrival", async () => {
  const turns = createTurns(2);
  const order: string[] = [];
  const request = async (tenantId: string, name: string) => {
    const done = await turns.enter(tenantId);
    order.push(`start ${name}`);
    return () => {
      order.push(`end ${name}`);
      done();
    };
  };
  const [a1, a2] = await Promise.all([request('a', 'a1'), request('a', 'a2')]);
  const a3 = request('a', 'a3');
  const a4 = request('a', 'a4');
  await tick();
  expect(order).toEqual(['start a1', 'start a2']);
  expect(turns.busy.get('a')).toEqual({ active: 2, waiting: 2 });
  a1();
  const a3done = await a3;
  expect(order).toEqual(['start a1', 'start a2', 'end a1', 'start a3']);
  a2();
  (await a4)();
  a3done();
  expect(turns.busy.size).toBe(0);
  // A request that says it is done twice passes its slot on once.
  const once = await turns.enter('b');
  const waiting = turns.enter('b');
  once();
  once();
  (await waiting)();
  expect(turns.busy.size).toBe(0);
});

it("lets another tenant's request in while one tenant's requests wait their turn", async () => {
  const turns = createTurns(1);
  const order: string[] = [];
  const first = await turns.enter('busy');
  const queued = turns.enter('busy').then((done) => {
    order.push('busy 2');
    done();
  });
  const other = turns.enter('quiet').then((done) => {
    order.push('quiet');
    done();
  });
  first();
  await Promise.all([queued, other]);
  // The busy tenant's next request starts on a later turn of the event loop: the quiet tenant's goes first.
  expect(order).toEqual(['quiet', 'busy 2']);
});

it('takes busy tenants in rotation, one request a turn, however many each has waiting', async () => {
  const turns = createTurns(1);
  const order: string[] = [];
  const holdA = await turns.enter('a');
  const holdB = await turns.enter('b');
  const requests = ['a2', 'a3', 'b2', 'b3'].map((name) =>
    turns.enter(name.slice(0, 1)).then((done) => {
      order.push(name);
      done();
    }),
  );
  holdA();
  holdB();
  await Promise.all(requests);
  expect(order).toEqual(['a2', 'b2', 'a3', 'b3']);
  expect(turns.busy.size).toBe(0);
});

it('starts a request at once while only its own tenant has been busy lately', async () => {
  let clock = 0;
  const turns = createTurns(1, () => clock);
  (await turns.enter('a'))();
  clock = 1000;
  // Another tenant's request long after: nobody else is busy, no turn to wait for.
  let started = false;
  const entered = turns.enter('b').then((done) => {
    started = true;
    done();
  });
  await Promise.resolve();
  await Promise.resolve();
  expect(started).toBe(true);
  await entered;
});
