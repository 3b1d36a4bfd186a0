import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { arbitraryOf, exampleBody, seedFor } from './arbitraries.js';
import { curlOf, type Exchange } from './exchange.js';
import { lifecycleCases } from './lifecycle.js';
import { bodyMutations, constraintViolations } from './mutations.js';
import {
  compareValues,
  type Direction,
  literalOf,
  outOfOrderAt,
  sameValue,
  sampleLiteral,
  unknownName,
  unselected,
} from './odata.js';
import { RECIPES } from './recipes.js';
import { type Resource, referencesOf, resourceOf } from './resources.js';
import { ContractRun, NAME_PROPERTY } from './run.js';
import {
  type Contract,
  describeOperation,
  documentedResponse,
  documentedStatuses,
  type Operation,
  pathParameters,
  queryParameters,
  type Schema,
  successStatuses,
} from './spec.js';

export interface ContractCase {
  /** The describe block: the operation, or the resource of a round trip. */
  group: string;
  /** Named after the behaviour it checks. */
  title: string;
  /** Why it cannot run against this target; skipped cases are listed, never silently dropped. */
  skip?: string;
  /** Requests it makes, roughly; the test timeout grows with it. */
  requests: number;
  run(run: ContractRun): Promise<void>;
}

export interface CaseOptions {
  /** The target is an in-process stub, so stub-only controls (dev tokens, simulation) exist. */
  isStub: boolean;
  /** Generated bodies per operation. */
  runs: number;
  seed: number;
}

const STUB_ONLY_SERVERS = 'served by the stub only (its own path-level servers)';
const NEEDS_SIMULATION = "needs the stub's simulation";
const NEEDS_DEV_TOKEN = 'needs a token without the scope: dev tokens work on the stub only';
const NEEDS_FULL_STUB = 'needs a stub started with a small --max-items';

/** Graph's default request size limit, for contracts whose 413 names none. */
const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/** The body size a 413 documents ("exceeds the 1 MB ..."), read from its description. */
export function documentedBodyLimit(operation: Operation): number {
  const description = documentedResponse(operation, 413)?.description ?? '';
  const match = /(\d+(?:\.\d+)?)\s*(KB|MB)/i.exec(description);
  if (!match?.[1] || !match[2]) return DEFAULT_BODY_LIMIT;
  return Number(match[1]) * (match[2].toUpperCase() === 'MB' ? 1024 * 1024 : 1024);
}

/** The first sentence of a response's description: "Too Many Requests." -> "Too Many Requests". */
function statusName(operation: Operation, status: number): string {
  const description = documentedResponse(operation, status)?.description ?? '';
  return description.split('.')[0]?.trim() || String(status);
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

function isConstrained(schema: Schema): boolean {
  return ['integer', 'number', 'boolean'].includes(String(schema.type)) || Array.isArray(schema.enum);
}

function stripAnnotations(value: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(([key]) => !key.startsWith('@odata.')),
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, inner]) => [k, canonical(inner)]),
          )
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Fails a round trip with both sides shown, and the request that showed it as a curl line. */
function mismatch(what: string, expected: unknown, actual: unknown, run: ContractRun, exchange?: Exchange): Error {
  return new Error(
    [
      what,
      `  expected: ${JSON.stringify(expected)}`,
      `  actual:   ${JSON.stringify(actual)}`,
      ...(exchange
        ? [
            '',
            'Request, to reproduce:',
            ...curlOf(exchange.request)
              .split('\n')
              .map((line) => `  ${line}`),
            '',
          ]
        : []),
      `Seed: CONTRACT_SEED=${run.settings.seed}. ${run.target.replayHint}`,
    ].join('\n'),
  );
}

/** Every case the contract implies for one operation: positive, negative and simulated. */
function operationCases(
  contract: Contract,
  resources: Resource[],
  operation: Operation,
  options: CaseOptions,
): ContractCase[] {
  const cases: ContractCase[] = [];
  const group = describeOperation(operation);
  const documented = new Set(documentedStatuses(operation));
  const success = successStatuses(operation);
  const label = success.join(' or ');
  const stubOnly = operation.pathLevelServers && !options.isStub ? STUB_ONLY_SERVERS : undefined;
  const add = (title: string, run: ContractCase['run'], extra: { skip?: string; requests?: number } = {}) => {
    const skip = stubOnly ?? extra.skip;
    cases.push({ group, title, requests: extra.requests ?? 2, run, ...(skip ? { skip } : {}) });
  };
  const body = operation.requestBody;
  const resource = resourceOf(resources, operation);
  const opSeed = seedFor(options.seed, operation.id);

  // Required query options (a roles list's $filter) are sent with their examples unless a case sets them.
  const required = queryParameters(operation)
    .filter((p) => p.required && p.example !== undefined)
    .map((p): [string, string] => [p.name, String(p.example)]);
  const withQuery = (entries: Array<[string, string]>) => [
    ...required.filter(([name]) => !entries.some(([given]) => given === name)),
    ...entries,
  ];

  // A well-formed request, bound to this run's objects; each negative case then breaks one thing.
  const valid = async (run: ContractRun, example?: unknown) => {
    const params = await run.subject(operation);
    return {
      params,
      query: required,
      ...(body ? { body: await run.bind(operation, example ?? run.exampleBody(operation), {}, params) } : {}),
    };
  };

  // --- positive: the contract's examples, then generated requests ---
  if (success.length > 0) {
    const examples = body?.examples ?? [];
    if (examples.length > 0) {
      examples.forEach((example, i) => {
        const which = examples.length > 1 ? ` #${i + 1}` : '';
        add(`answers ${label} to the contract's request example${which}`, async (run) => {
          await run.call(operation, await valid(run, example), 'success');
        });
      });
    } else {
      add(`answers ${label} to a request with ${body ? 'a generated body' : 'nothing optional'}`, async (run) => {
        await run.call(operation, await valid(run), 'success');
      });
    }
    for (const parameter of queryParameters(operation).filter((p) => p.example !== undefined)) {
      const value = String(parameter.example);
      add(`answers ${label} to the example of ${parameter.name} (${value})`, async (run) => {
        await run.call(operation, { ...(await valid(run)), query: withQuery([[parameter.name, value]]) }, 'success');
      });
    }
    if (body) {
      const name = contract.schemaName(contract.deref(body.schema).node) ?? 'its schema';
      add(
        `answers ${label} to ${options.runs} bodies generated from ${name} (seed ${opSeed})`,
        async (run) => {
          const shared = RECIPES[operation.id]?.onePerRequest ? undefined : await run.subject(operation);
          await fc.assert(
            fc.asyncProperty(arbitraryOf(contract, body.schema), async (generated) => {
              const params = shared ?? (await run.subject(operation));
              await run.call(operation, { params, body: await run.bind(operation, generated, {}, params) }, 'success', [
                `Generated from ${name} with fast-check seed ${opSeed} (CONTRACT_SEED=${options.seed}).`,
              ]);
            }),
            // Shrinking would create more objects; a tenant gets the first counterexample only.
            { seed: opSeed, numRuns: options.runs, endOnFailure: !options.isStub },
          );
        },
        { requests: options.runs * 2 },
      );
    }
    const constrained = queryParameters(operation).filter((p) => isConstrained(p.schema));
    if (constrained.length > 0) {
      const names = constrained.map((p) => p.name).join(', ');
      const arbitrary = fc.record(
        Object.fromEntries(constrained.map((p) => [p.name, arbitraryOf(contract, p.schema)])) as Record<
          string,
          fc.Arbitrary<unknown>
        >,
        { requiredKeys: [] },
      );
      add(
        `answers ${label} to ${options.runs} generated combinations of ${names} (seed ${opSeed})`,
        async (run) => {
          const base = await valid(run);
          await fc.assert(
            fc.asyncProperty(arbitrary, async (values) => {
              const query = Object.entries(values).map(([k, v]): [string, string] => [k, String(v)]);
              await run.call(operation, { ...base, query: withQuery(query) }, 'success');
            }),
            { seed: opSeed, numRuns: options.runs, endOnFailure: !options.isStub },
          );
        },
        { requests: options.runs },
      );
    }
  }

  // --- negative: each must get the documented 4xx in Graph's error envelope ---
  if (documented.has(400)) {
    if (body) {
      // Named from the unbound example; at run time the same mutation is made of the bound one.
      const baseline = exampleBody(contract, operation, options.seed);
      for (const mutation of bodyMutations(contract, body.schema, baseline)) {
        add(`refuses a body ${mutation.description} with 400`, async (run) => {
          const { params, body: bound } = await valid(run);
          const again = bodyMutations(contract, body.schema, bound).find((m) => m.description === mutation.description);
          if (!again)
            throw new Error(
              `The mutation '${mutation.description}' does not apply to the bound body ${JSON.stringify(bound)}.`,
            );
          await run.call(operation, { params, body: again.body }, 400);
        });
      }
      if (body.required) {
        add('refuses an empty body with 400', async (run) => {
          await run.call(operation, { params: await run.subject(operation), rawBody: '' }, 400);
        });
      }
      add('refuses malformed JSON with 400', async (run) => {
        const { params, body: bound } = await valid(run);
        await run.call(operation, { params, rawBody: JSON.stringify(bound).slice(0, -1) }, 400);
      });
    }
    for (const parameter of queryParameters(operation)) {
      const type = String(parameter.schema.type);
      const violations: Array<[string, unknown]> = ['integer', 'number', 'boolean'].includes(type)
        ? [[`that is not ${type === 'integer' ? 'an' : 'a'} ${type}`, `notA${type}`]]
        : [];
      violations.push(...constraintViolations(parameter.schema));
      for (const [what, value] of violations) {
        add(`refuses ${parameter.name} ${what} with 400`, async (run) => {
          await run.call(
            operation,
            { ...(await valid(run)), query: withQuery([[parameter.name, String(value)]]) },
            400,
          );
        });
      }
    }
    add('refuses an unknown query option with 400', async (run) => {
      await run.call(
        operation,
        { ...(await valid(run)), query: withQuery([['$contractTestUnknownOption', '1']]) },
        400,
      );
    });
  }
  if (operation.security.length > 0) {
    if (documented.has(401)) {
      add('refuses a request without a token with 401', async (run) => {
        await run.call(operation, { ...(await valid(run)), token: null }, 401);
      });
      add('refuses a token that is not a JWT with 401', async (run) => {
        await run.call(operation, { ...(await valid(run)), token: 'not-a-jwt' }, 401);
      });
    }
    const scoped = operation.security.some((alternative) => alternative.length > 0);
    if (documented.has(403) && !scoped) {
      // Without scopes a 403 cannot be about permissions: the contract documents it as the refusal of a web
      // page of another origin (the stub's admin routes).
      add('refuses a request from a web page of another origin with 403', async (run) => {
        await run.call(operation, { ...(await valid(run)), origin: 'https://contract-test.invalid' }, 403);
      });
    }
    if (documented.has(403) && scoped) {
      // Scopes the contract names that satisfy no alternative of this operation's requirement.
      const insufficient = contract.scopes.filter(
        (scope) => !operation.security.some((alternative) => alternative.includes(scope)),
      );
      const scopes = insufficient.length > 0 ? insufficient : ['User.Read'];
      add(
        `refuses a token holding only ${scopes.join(', ')} with 403`,
        async (run) => {
          const token = run.target.tokenWith(scopes);
          if (token === undefined) throw new Error('This target cannot mint tokens.');
          await run.call(operation, { ...(await valid(run)), token }, 403);
        },
        options.isStub ? {} : { skip: NEEDS_DEV_TOKEN },
      );
    }
  }
  if (documented.has(404)) {
    // Each path parameter that is a resource's id, naming nothing while the others name the run's objects.
    for (const parameter of pathParameters(operation)) {
      const named = resources.find((r) => r.idParameter === parameter.name);
      if (!named) continue;
      add(`answers 404 when ${parameter.name} names no ${named.name}`, async (run) => {
        const { params, query, body: bound } = await valid(run);
        await run.call(
          operation,
          { params: { ...params, [parameter.name]: randomUUID() }, query, ...(body ? { body: bound } : {}) },
          404,
        );
      });
    }
    for (const reference of referencesOf(contract, resources, operation)) {
      add(`answers 404 when ${reference.property} names no ${reference.resource.name}`, async (run) => {
        const params = await run.subject(operation);
        const bound = await run.bind(
          operation,
          run.exampleBody(operation),
          { [reference.property]: randomUUID() },
          params,
        );
        await run.call(operation, { params, body: bound }, 404);
      });
    }
  }
  if (documented.has(406)) {
    add('answers 406 when Accept rules out JSON', async (run) => {
      await run.call(operation, { ...(await valid(run)), accept: 'text/html' }, 406);
    });
  }
  if (documented.has(409) && resource && operation === resource.remove) {
    for (const dependent of resources.filter((r) => r.references.some((ref) => ref.resource === resource))) {
      for (const reference of dependent.references.filter((ref) => ref.resource === resource)) {
        add(
          `refuses to delete the ${resource.name} that ${article(dependent.name)} ${dependent.name} names in ${reference.property} with 409`,
          async (run) => {
            const parent = String((await run.createObject(resource)).id);
            await run.createObject(dependent, { references: { [reference.property]: parent } });
            await run.call(operation, { params: { [resource.idParameter]: parent } }, 409);
          },
        );
      }
    }
  }
  if (body && documented.has(413)) {
    const limit = documentedBodyLimit(operation);
    add(`refuses a body over ${(limit / 1024 / 1024).toFixed(0)} MB with 413`, async (run) => {
      const { params, body: bound } = await valid(run);
      // JSON allows any amount of trailing whitespace: the body stays valid, only too large.
      await run.call(operation, { params, rawBody: JSON.stringify(bound) + ' '.repeat(limit + 1024) }, 413);
    });
  }
  if (body && documented.has(415)) {
    add('refuses a text/plain body with 415', async (run) => {
      const { params, body: bound } = await valid(run);
      await run.call(operation, { params, rawBody: JSON.stringify(bound), contentType: 'text/plain' }, 415);
    });
  }

  if (body && documented.has(507) && resource?.creators.includes(operation)) {
    add(
      'answers 507 when the tenant already holds its quota of items, and stores nothing',
      async (run) => {
        // Its start-up data fills the quota; the example body names only what every stub holds (the General catalog).
        const target = await run.fullTarget();
        const list = resource.list;
        const count = async () =>
          list
            ? ((await run.call(list, { target }, 'success')).response.json as { value?: unknown[] }).value?.length
            : undefined;
        const before = await count();
        const exchange = await run.call(operation, { target, body: run.exampleBody(operation) }, 507);
        const after = await count();
        if (before !== after)
          throw mismatch(`${operation.id} answered 507, yet stored something:`, before, after, run, exchange);
      },
      options.isStub ? {} : { skip: NEEDS_FULL_STUB },
    );
  }

  // --- transient failures: only a simulating stub produces them on demand ---
  for (const status of documentedStatuses(operation).filter((s) => ContractRun.simulatable(s))) {
    add(
      `answers ${status} (${statusName(operation, status)}) with the documented headers under simulation`,
      async (run) => {
        if (!ContractRun.simulatable(status)) return;
        const target = await run.simulatingTarget(status);
        const example = run.exampleBody(operation);
        await run.call(operation, { target, ...(example === undefined ? {} : { body: example }) }, status);
      },
      options.isStub ? {} : { skip: NEEDS_SIMULATION },
    );
  }
  return cases;
}

/** Round trips the contract implies: create then get, delete then get, update then get, list paging. */
function roundTripCases(resource: Resource, options: CaseOptions): ContractCase[] {
  const cases: ContractCase[] = [];
  const group = `round trips of ${resource.name}`;
  const add = (title: string, run: ContractCase['run'], requests = 4) => cases.push({ group, title, requests, run });
  const { get } = resource;
  const params = (id: unknown) => ({ [resource.idParameter]: String(id) });
  const readOnlyProperties = new Set(
    Object.entries((resource.schema.properties ?? {}) as Record<string, Schema>)
      .filter(([, p]) => p.readOnly === true)
      .map(([name]) => name),
  );

  for (const creator of resource.creators) {
    add(`${get.id} returns what ${creator.id} created`, async (run) => {
      const body = await run.bind(creator, run.exampleBody(creator));
      const created = (await run.call(creator, { body }, 'success')).response.json as Record<string, unknown>;
      const reading = await run.call(get, { params: params(created.id) }, 'success');
      const read = reading.response.json as Record<string, unknown>;
      // What the server processes after answering (a request's state and timestamps) may have moved on since.
      const settled = (item: Record<string, unknown>) =>
        resource.schema['x-processed-after-create'] === true
          ? Object.fromEntries(Object.entries(item).filter(([key]) => !readOnlyProperties.has(key)))
          : item;
      if (!sameJson(settled(stripAnnotations(read)), settled(stripAnnotations(created)))) {
        throw mismatch(
          `${get.id} does not return what ${creator.id} answered:`,
          stripAnnotations(created),
          stripAnnotations(read),
          run,
          reading,
        );
      }
    });
  }
  const remove = resource.remove;
  if (remove) {
    add(`${get.id} answers 404 after ${remove.id}`, async (run) => {
      const created = await run.createObject(resource);
      await run.removeObject(resource, String(created.id));
      await run.call(get, { params: params(created.id) }, 404);
    });
  }
  const update = resource.update;
  // An update an object takes once (an approver's decision, which reads back as its outcome) has no round trip to
  // repeat: its own lifecycle case checks it.
  if (update?.requestBody && !RECIPES[update.id]?.onePerRequest) {
    const updateBody = update.requestBody;
    const readOnly = new Set(
      Object.entries((resource.schema.properties ?? {}) as Record<string, Schema>)
        .filter(([, p]) => p.readOnly === true)
        .map(([name]) => name),
    );
    add(
      `${get.id} shows exactly the changes ${update.id} sent, for the example and ${options.runs} generated bodies`,
      async (run) => {
        const contract = run.contract;
        const id = String((await run.createObject(resource)).id);
        const check = async (change: unknown) => {
          const before = (await run.call(get, { params: params(id) }, 'success')).response.json as Record<
            string,
            unknown
          >;
          const sent = (await run.bind(update, change)) as Record<string, unknown>;
          await run.call(update, { params: params(id), body: sent }, 'success');
          const reading = await run.call(get, { params: params(id) }, 'success');
          const after = reading.response.json as Record<string, unknown>;
          const expected = { ...stripAnnotations(before), ...stripAnnotations(sent) };
          for (const key of new Set([...Object.keys(expected), ...Object.keys(stripAnnotations(after))])) {
            if (readOnly.has(key)) continue;
            if (!sameJson(after[key], expected[key])) {
              throw mismatch(
                `After ${update.id} with ${JSON.stringify(sent)}, '${key}' is not what the change and the earlier state imply:`,
                expected[key],
                after[key],
                run,
                reading,
              );
            }
          }
        };
        await check(run.exampleBody(update));
        await fc.assert(fc.asyncProperty(arbitraryOf(contract, updateBody.schema), check), {
          seed: seedFor(options.seed, `${update.id} round trip`),
          numRuns: options.runs,
          endOnFailure: !options.isStub,
        });
      },
      options.runs * 4 + 4,
    );
  }
  const list = resource.list;
  const top = list && queryParameters(list).find((p) => p.name === '$top');
  if (list && top) {
    const pageSize = 2;
    const count = 5;
    // Follows @odata.nextLink from the first page to the last, returning every page's items.
    const walk = async (run: ContractRun, tag: string, between?: (page: number) => Promise<void>) => {
      const query: Array<[string, string]> = [['$top', String(pageSize)], ...taggedQuery(resource, list, tag)];
      const seen: string[] = [];
      let next: string | undefined;
      for (let page = 0; page < 1000; page += 1) {
        const json = (await run.call(list, next ? { url: next } : { query }, 'success')).response.json as {
          value: Array<{ id: string }>;
          '@odata.nextLink'?: string;
        };
        seen.push(...json.value.map((item) => item.id));
        next = json['@odata.nextLink'];
        if (!next) break;
        await between?.(page);
      }
      return seen;
    };
    const createTagged = async (run: ContractRun, tag: string, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i += 1) ids.push(String((await run.createObject(resource, { name: `${tag} ${i}` })).id));
      return ids;
    };
    const exactlyOnce = (run: ContractRun, ids: string[], seen: string[], what: string) => {
      const counts = new Map<string, number>();
      for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
      const wrong = ids.filter((id) => counts.get(id) !== 1);
      const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      if (wrong.length > 0 || repeated.length > 0) {
        throw mismatch(`${list.id} paging with $top=${pageSize} did not return ${what} exactly once:`, ids, seen, run);
      }
    };
    add(
      `${list.id} pages reach every created ${resource.name} exactly once`,
      async (run) => {
        const tag = run.tag();
        const ids = await createTagged(run, tag, count);
        exactlyOnce(run, ids, await walk(run, tag), `the ${count} created items`);
      },
      count + 4,
    );
    add(
      `${list.id} pages stay consistent while items are created and deleted between pages`,
      async (run) => {
        const tag = run.tag();
        const ids = await createTagged(run, tag, count);
        const removed = ids[ids.length - 1] as string;
        const seen = await walk(run, tag, async (page) => {
          if (page !== 0) return;
          await createTagged(run, tag, 1);
          if (remove) await run.removeObject(resource, removed);
        });
        const throughout = remove ? ids.slice(0, -1) : ids;
        exactlyOnce(run, throughout, seen, 'every item that existed throughout');
      },
      count + 8,
    );
  }
  return cases;
}

type Item = Record<string, unknown>;
type Query = Array<[string, string]>;

function supports(operation: Operation, option: string): boolean {
  return queryParameters(operation).some((p) => p.name === option);
}

/**
 * The `$filter` that narrows a list to one case's objects, `contains(displayName,'<tag>')`, when the
 * resource's x-odata lets the suite filter on the property it writes its names into. Without it the
 * cases read the whole collection (still touching only what the run created).
 */
function tagFilter(resource: Resource, list: Operation, tag: string): string | undefined {
  if (resource.entity?.filterable[NAME_PROPERTY] !== 'string' || !supports(list, '$filter')) return undefined;
  return `contains(${NAME_PROPERTY},${literalOf('string', tag)})`;
}

function taggedQuery(resource: Resource, list: Operation, tag: string, clause?: string): Query {
  const narrow = tagFilter(resource, list, tag);
  const filter = narrow && clause ? `${narrow} and ${clause}` : (narrow ?? clause);
  return filter === undefined ? [] : [['$filter', filter]];
}

/** Every item of every page, following @odata.nextLink; `last` is the final exchange, for messages. */
async function listAll(run: ContractRun, list: Operation, query: Query): Promise<{ items: Item[]; last: Exchange }> {
  const items: Item[] = [];
  let last = await run.call(list, { query }, 'success');
  for (let page = 0; page < 1000; page += 1) {
    const json = last.response.json as { value: Item[]; '@odata.nextLink'?: string };
    items.push(...json.value);
    const next = json['@odata.nextLink'];
    if (!next) break;
    last = await run.call(list, { url: next }, 'success');
  }
  return { items, last };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Created in this order; the first is then renamed `b2`, which makes its modifiedDateTime the newest. So
// neither creation order nor its reverse is sorted by name or by modifiedDateTime: a server that ignores
// $orderby fails. Lowercase ASCII only: the contract states no collation, and these names sort alike by
// UTF-16 code unit and case-insensitively.
const FIXTURE_NAMES = ['b', 'c', 'a'];
const RENAMED = 'b2';

/** A value for `property` of an update body that differs from `current`, or undefined when none can be chosen. */
function changedValue(contract: Contract, schema: unknown, current: unknown, tag: string, property: string): unknown {
  const node = contract.deref(schema).node;
  const types = Array.isArray(node.type) ? node.type.map(String) : [String(node.type)];
  if (Array.isArray(node.enum)) return node.enum.find((v) => v !== current);
  if (types.includes('boolean')) return current !== true;
  if (types.includes('string') && node.format === undefined)
    return property === NAME_PROPERTY ? `${tag} ${RENAMED}` : `${tag} changed`;
  return undefined;
}

/**
 * The OData query options a resource's x-odata extension promises, as cases of its list and get:
 * `$select` of each selectable property, `$orderby` by each orderable one both ways, `$filter` with
 * `eq` on each filterable one, `$expand` of each navigation property; and 400 for each name outside
 * those lists. They create, change and name only objects of their own, so they run against a tenant as well.
 */
function queryCases(
  contract: Contract,
  resources: Resource[],
  resource: Resource,
  options: CaseOptions,
): ContractCase[] {
  const cases: ContractCase[] = [];
  const { entity, get, list } = resource;
  if (!entity) return cases;
  const params = (id: unknown) => ({ [resource.idParameter]: String(id) });
  const typeOf = (property: string) => entity.properties[property]?.type ?? 'string';
  const idsOf = (items: Item[]) => items.map((item) => item.id);

  // Three tagged items, the first then changed (its modifiedDateTime newest, its updatable filterable
  // properties unlike the others'), read back as the get answers them. Shared by the cases that only read.
  const fixture = (run: ContractRun) =>
    run.once(`x-odata fixture of ${resource.name}`, async () => {
      const tag = run.tag();
      const ids: string[] = [];
      for (const name of FIXTURE_NAMES) {
        ids.push(String((await run.createObject(resource, { name: `${tag} ${name}` })).id));
        await pause(options.isStub ? 3 : 0); // distinct createdDateTime values on a stub that counts milliseconds
      }
      const first = ids[0] as string;
      const update = resource.update;
      const updatable = (update?.requestBody?.schema.properties ?? {}) as Record<string, unknown>;
      if (update) {
        const before = (await run.call(get, { params: params(first) }, 'success')).response.json as Item;
        const change: Item = {};
        for (const property of Object.keys(updatable).filter(
          (p) => p === NAME_PROPERTY || Object.hasOwn(entity.filterable, p),
        )) {
          const value = changedValue(contract, updatable[property], before[property], tag, property);
          if (value !== undefined) change[property] = value;
        }
        if (Object.keys(change).length > 0)
          await run.call(update, { params: params(first), body: await run.bind(update, change) }, 'success');
      }
      const items: Item[] = [];
      for (const id of ids) items.push((await run.call(get, { params: params(id) }, 'success')).response.json as Item);
      return { tag, items };
    });
  const FIXTURE_REQUESTS = 10;

  const targetSchema = (target: string) => {
    const schemas = (contract.document.components as { schemas: Record<string, Schema> }).schemas;
    return { node: schemas[target] as Schema, pointer: `#/components/schemas/${target}` };
  };

  // The expanded property is there, is (a list of) the target schema, and holds what the run linked.
  const checkExpanded = (
    run: ContractRun,
    operation: Operation,
    name: string,
    item: Item,
    linked: string[],
    exchange: Exchange,
  ) => {
    const navigation = entity.expandable[name];
    if (!navigation) return;
    const value = item[name];
    // A single navigation property that leads nowhere (a request that made no assignment yet) expands to nothing.
    if (!navigation.many && linked.length === 0 && (value === undefined || value === null)) return;
    const shape = navigation.many
      ? `an array of ${navigation.target}`
      : `${article(navigation.target)} ${navigation.target}`;
    const elements = navigation.many
      ? Array.isArray(value)
        ? (value as Item[])
        : undefined
      : value && typeof value === 'object'
        ? [value as Item]
        : undefined;
    if (!elements) {
      throw mismatch(
        `${operation.id} with $expand=${name} did not return ${name} of ${String(item.id)} as ${shape}:`,
        shape,
        value ?? '(absent)',
        run,
        exchange,
      );
    }
    const problems = elements.flatMap((element, i) =>
      run.validator.problems(targetSchema(navigation.target), element, navigation.many ? `${name}[${i}]` : name),
    );
    if (problems.length > 0) {
      throw mismatch(
        `${operation.id} with $expand=${name} returned ${name} that is not ${shape}:`,
        `valid ${navigation.target}`,
        problems,
        run,
        exchange,
      );
    }
    const missing = linked.filter((id) => !elements.some((element) => element.id === id));
    if (missing.length > 0) {
      throw mismatch(
        `${operation.id} with $expand=${name} left out what ${String(item.id)} is linked to:`,
        linked,
        idsOf(elements),
        run,
        exchange,
      );
    }
  };

  // An object to expand, and the ids its expansion must hold: the child the run creates in it (many),
  // or the object its create body named (one), as the create bodies' references say.
  const expansionSubject = async (run: ContractRun, name: string, tag: string) => {
    const navigation = entity.expandable[name];
    const target = resources.find((r) => r.name === navigation?.target);
    const created = await run.createObject(resource, { name: `${tag} parent` });
    const id = String(created.id);
    const child = target?.references.find((ref) => ref.resource === resource);
    const parent = resource.references.find((ref) => ref.resource === target);
    if (navigation?.many && target && child) {
      return {
        id,
        linked: [
          String((await run.createObject(target, { name: `${tag} child`, references: { [child.property]: id } })).id),
        ],
      };
    }
    if (navigation && !navigation.many && parent) return { id, linked: [String(created[parent.property])] };
    return { id, linked: [] };
  };

  const unknownProperty = unknownName(entity, 'contractTestNoSuchProperty');
  const unknownNavigation = unknownName(entity, 'contractTestNoSuchNavigation');
  const plainNotExpandable = entity.selectable.find((p) => p !== 'id');

  // --- list ---
  if (list) {
    const group = describeOperation(list);
    const add = (title: string, run: ContractCase['run'], requests = 4) => cases.push({ group, title, requests, run });
    const documented400 = documentedStatuses(list).includes(400);

    if (supports(list, '$select')) {
      for (const property of entity.selectable) {
        add(
          `$select=${property} answers 200 with only ${property === 'id' ? 'id' : `${property}, id`} and @odata annotations`,
          async (run) => {
            const { tag, items: created } = await fixture(run);
            const full = await listAll(run, list, taggedQuery(resource, list, tag));
            const { items, last } = await listAll(run, list, [
              ...taggedQuery(resource, list, tag),
              ['$select', property],
            ]);
            for (const item of items) {
              const extra = unselected(item, [property]);
              if (extra.length > 0 || typeof item.id !== 'string') {
                throw mismatch(
                  `${list.id} with $select=${property} returned properties it did not select (or no id):`,
                  ['id', property],
                  Object.keys(item),
                  run,
                  last,
                );
              }
              const whole = full.items.find((other) => other.id === item.id);
              if (whole && property in whole && !sameJson(item[property], whole[property])) {
                throw mismatch(
                  `${list.id} with $select=${property} returned another ${property} for ${item.id} than the same list without $select:`,
                  whole[property],
                  item[property],
                  run,
                  last,
                );
              }
            }
            const absent = idsOf(created).filter((id) => !items.some((item) => item.id === id));
            if (absent.length > 0)
              throw mismatch(
                `${list.id} with $select=${property} left out items the run created:`,
                idsOf(created),
                idsOf(items),
                run,
                last,
              );
          },
          FIXTURE_REQUESTS + 4,
        );
      }
      if (documented400) {
        add(
          `refuses $select=${unknownProperty}, a name that is no property, with 400`,
          async (run) => {
            await run.call(list, { query: [['$select', unknownProperty]] }, 400);
          },
          1,
        );
      }
    }

    if (supports(list, '$orderby')) {
      for (const property of entity.orderable) {
        for (const direction of ['asc', 'desc'] as Direction[]) {
          add(
            `$orderby=${property} ${direction} returns the created items sorted by ${property}`,
            async (run) => {
              const { tag, items: created } = await fixture(run);
              const { items, last } = await listAll(run, list, [
                ...taggedQuery(resource, list, tag),
                ['$orderby', `${property} ${direction}`],
              ]);
              const absent = idsOf(created).filter((id) => !items.some((item) => item.id === id));
              if (absent.length > 0)
                throw mismatch(
                  `${list.id} with $orderby=${property} ${direction} left out items the run created:`,
                  idsOf(created),
                  idsOf(items),
                  run,
                  last,
                );
              const at = outOfOrderAt(items, property, typeOf(property), direction);
              if (at !== undefined) {
                const sign = direction === 'asc' ? 1 : -1;
                const sorted = [...items].sort(
                  (a, b) => sign * compareValues(typeOf(property), a[property], b[property]),
                );
                throw mismatch(
                  `${list.id} with $orderby=${property} ${direction} is out of order at item ${at} (strings compare by UTF-16 code unit, null first in asc):`,
                  sorted.map((item) => item[property] ?? null),
                  items.map((item) => item[property] ?? null),
                  run,
                  last,
                );
              }
            },
            FIXTURE_REQUESTS + 2,
          );
        }
      }
      if (documented400) {
        for (const property of Object.keys(entity.properties).filter((p) => !entity.orderable.includes(p))) {
          add(
            `refuses $orderby=${property}, a property that is not orderable, with 400`,
            async (run) => {
              await run.call(list, { query: [['$orderby', property]] }, 400);
            },
            1,
          );
        }
      }
    }

    if (supports(list, '$filter')) {
      for (const [property, type] of Object.entries(entity.filterable)) {
        const what = type === 'boolean' ? 'true, then false' : `the ${property} of a created item`;
        add(
          `$filter=${property} eq <${what}> returns only matching items, the created one among them`,
          async (run) => {
            const { tag, items: created } = await fixture(run);
            // A path through a navigation property (`accessPackage/id`) is read from the items with it expanded.
            const [navigation, leaf] = property.split('/') as [string, string | undefined];
            const expand: Query = leaf === undefined ? [] : [['$expand', navigation]];
            const filteredValue = (item: Item) =>
              leaf === undefined ? item[property] : ((item[navigation] ?? {}) as Item)[leaf];
            const first = created[0] as Item;
            const subject =
              leaf === undefined
                ? first
                : ((await run.call(get, { params: params(first.id), query: expand }, 'success')).response.json as Item);
            for (const value of type === 'boolean' ? [true, false] : [filteredValue(subject)]) {
              const literal = literalOf(type, value);
              const query = [...taggedQuery(resource, list, tag, `${property} eq ${literal}`), ...expand];
              const { items, last } = await listAll(run, list, query);
              const wrong = items.filter((item) => !sameValue(type, filteredValue(item), value));
              if (wrong.length > 0) {
                throw mismatch(
                  `${list.id} with $filter=${query[0]?.[1]} returned items whose ${property} is not ${literal}:`,
                  value ?? null,
                  wrong.map((item) => ({ id: item.id, [property]: filteredValue(item) })),
                  run,
                  last,
                );
              }
              if (sameValue(type, filteredValue(subject), value) && !items.some((item) => item.id === subject.id)) {
                throw mismatch(
                  `${list.id} with $filter=${query[0]?.[1]} left out ${String(subject.id)}, whose ${property} is ${literal}:`,
                  [subject.id],
                  idsOf(items),
                  run,
                  last,
                );
              }
            }
          },
          FIXTURE_REQUESTS + 2,
        );
      }
      if (documented400) {
        for (const [property, info] of Object.entries(entity.properties).filter(
          ([p]) => !Object.hasOwn(entity.filterable, p),
        )) {
          const filter = `${property} eq ${sampleLiteral(info.type)}`;
          add(
            `refuses $filter=${filter}, a property that is not filterable, with 400 InvalidFilter`,
            async (run) => {
              const exchange = await run.call(list, { query: [['$filter', filter]] }, 400);
              const code = (exchange.response.json as { error?: { code?: unknown } }).error?.code;
              if (code !== 'InvalidFilter')
                throw mismatch(
                  `${list.id} refused $filter=${filter} with another error code:`,
                  'InvalidFilter',
                  code,
                  run,
                  exchange,
                );
            },
            1,
          );
        }
      }
    }

    if (supports(list, '$expand')) {
      for (const name of Object.keys(entity.expandable)) {
        add(
          `$expand=${name} embeds ${name} in each item, as the ${entity.expandable[name]?.target} schema says`,
          async (run) => {
            const tag = run.tag();
            const { id, linked } = await expansionSubject(run, name, tag);
            const { items, last } = await listAll(run, list, [...taggedQuery(resource, list, tag), ['$expand', name]]);
            const subject = items.find((item) => item.id === id);
            if (!subject)
              throw mismatch(
                `${list.id} with $expand=${name} left out the item the run created:`,
                [id],
                idsOf(items),
                run,
                last,
              );
            for (const item of items) checkExpanded(run, list, name, item, item === subject ? linked : [], last);
          },
          6,
        );
      }
      if (documented400) {
        add(
          `refuses $expand=${unknownNavigation}, a name that is no navigation property, with 400`,
          async (run) => {
            await run.call(list, { query: [['$expand', unknownNavigation]] }, 400);
          },
          1,
        );
        if (plainNotExpandable) {
          add(
            `refuses $expand=${plainNotExpandable}, a property that is not expandable, with 400`,
            async (run) => {
              await run.call(list, { query: [['$expand', plainNotExpandable]] }, 400);
            },
            1,
          );
        }
      }
    }
  }

  // --- get ---
  const group = describeOperation(get);
  const add = (title: string, run: ContractCase['run'], requests = 4) => cases.push({ group, title, requests, run });
  const documented400 = documentedStatuses(get).includes(400);
  if (supports(get, '$select')) {
    for (const property of entity.selectable) {
      add(
        `$select=${property} answers 200 with only ${property === 'id' ? 'id' : `${property}, id`} and @odata annotations`,
        async (run) => {
          const { items: created } = await fixture(run);
          const id = String(created[0]?.id);
          const whole = (await run.call(get, { params: params(id) }, 'success')).response.json as Item;
          const exchange = await run.call(get, { params: params(id), query: [['$select', property]] }, 'success');
          const item = exchange.response.json as Item;
          if (unselected(item, [property]).length > 0 || item.id !== id) {
            throw mismatch(
              `${get.id} with $select=${property} returned properties it did not select (or another id):`,
              ['id', property],
              Object.keys(item),
              run,
              exchange,
            );
          }
          if (property in whole && !sameJson(item[property], whole[property])) {
            throw mismatch(
              `${get.id} with $select=${property} returned another ${property} than the same get without $select:`,
              whole[property],
              item[property],
              run,
              exchange,
            );
          }
        },
        FIXTURE_REQUESTS + 2,
      );
    }
    if (documented400) {
      add(
        `refuses $select=${unknownProperty}, a name that is no property, with 400`,
        async (run) => {
          await run.call(get, { params: await run.subject(get), query: [['$select', unknownProperty]] }, 400);
        },
        2,
      );
    }
  }
  if (supports(get, '$expand')) {
    for (const name of Object.keys(entity.expandable)) {
      add(
        `$expand=${name} embeds ${name}, as the ${entity.expandable[name]?.target} schema says`,
        async (run) => {
          const { id, linked } = await expansionSubject(run, name, run.tag());
          const exchange = await run.call(get, { params: params(id), query: [['$expand', name]] }, 'success');
          checkExpanded(run, get, name, exchange.response.json as Item, linked, exchange);
        },
        4,
      );
    }
    if (documented400) {
      add(
        `refuses $expand=${unknownNavigation}, a name that is no navigation property, with 400`,
        async (run) => {
          await run.call(get, { params: await run.subject(get), query: [['$expand', unknownNavigation]] }, 400);
        },
        2,
      );
      if (plainNotExpandable) {
        add(
          `refuses $expand=${plainNotExpandable}, a property that is not expandable, with 400`,
          async (run) => {
            await run.call(get, { params: await run.subject(get), query: [['$expand', plainNotExpandable]] }, 400);
          },
          2,
        );
      }
    }
  }
  return cases;
}

/**
 * Every case the contract implies, in document order: per operation, then the round trips per resource,
 * then the OData query cases per resource (they join their operation's group).
 */
export function deriveCases(contract: Contract, resources: Resource[], options: CaseOptions): ContractCase[] {
  return [
    ...contract.operations.flatMap((operation) => operationCases(contract, resources, operation, options)),
    ...resources.flatMap((resource) => roundTripCases(resource, options)),
    ...resources.flatMap((resource) => queryCases(contract, resources, resource, options)),
    ...lifecycleCases(),
  ];
}
