import { randomUUID } from 'node:crypto';
import { readRoles, rolesAllowing } from '@accesspackage/openapi';
import fc from 'fast-check';
import { arbitraryOf, exampleBody, seedFor } from '../arbitraries.js';
import { bodyMutations, constraintViolations } from '../mutations.js';
import { RECIPES } from '../recipes.js';
import { type Resource, referencesOf, resourceOf } from '../resources.js';
import { ContractRun } from '../run.js';
import {
  type Contract,
  describeOperation,
  documentedStatuses,
  isObject,
  type Operation,
  pathParameters,
  queryParameters,
  successStatuses,
} from '../spec.js';

import {
  article,
  type CaseOptions,
  type ContractCase,
  documentedBodyLimit,
  isConstrained,
  mismatch,
  NEEDS_DEV_TOKEN,
  NEEDS_FULL_STUB,
  NEEDS_SIMULATION,
  type Query,
  STUB_ONLY_SERVERS,
  statusName,
} from './case.js';

type Valid = (run: ContractRun) => Promise<{ params: Record<string, string>; query: Query; body?: unknown }>;
type Add = (title: string, run: ContractCase['run'], extra?: { skip?: string; requests?: number }) => void;

/**
 * Who may call it, from its `x-roles`: a signed-in user holding the operation's permission but no role is refused
 * with 403, and one holding only its least role (tenant-wide, so that every object of the run is in reach) is
 * answered. Dev tokens carry the role in the stub's `em_roles` claim: stub only.
 */
function roleCases(
  contract: Contract,
  operation: Operation,
  valid: Valid,
  add: Add,
  options: CaseOptions,
): ContractCase[] {
  const rule = readRoles(contract.document).operations[operation.id];
  if (!rule || 'anyone' in rule || !operation.security.some((alternative) => alternative.length > 0)) return [];
  const documented = new Set(documentedStatuses(operation));
  const scopes = operation.security.find((alternative) => alternative.length > 0) ?? [];
  const roles = readRoles(contract.document);
  const least = rolesAllowing(roles, rule.action).find((role) => roles.definitions.includes(role));
  const skip = options.isStub ? {} : { skip: NEEDS_DEV_TOKEN };
  const token = (run: ContractRun, claims: Record<string, unknown>) => {
    const minted = run.target.tokenWith(scopes, { oid: randomUUID(), wids: [], ...claims });
    if (minted === undefined) throw new Error('This target cannot mint tokens.');
    return minted;
  };
  // A request no exemption covers: for self-service, one made for someone else.
  const forSomeoneElse = (body: unknown) =>
    rule.except === 'selfService' && isObject(body) && !('requestType' in body)
      ? { ...body, subject: { objectId: randomUUID() } }
      : body;
  if (documented.has(403)) {
    add(
      `refuses a signed-in user holding ${scopes.join(' and ')} but no role with 403`,
      async (run) => {
        const request = await valid(run);
        await run.call(operation, { ...request, body: forSomeoneElse(request.body), token: token(run, {}) }, 403);
      },
      skip,
    );
  }
  if (least && successStatuses(operation).length > 0) {
    add(
      `answers ${successStatuses(operation).join(' or ')} to a user holding only ${least.displayName} (${rule.action.replace('microsoft.entitlementManagement/', '')})`,
      async (run) => {
        const request = await valid(run);
        const body = RECIPES[operation.id]?.asLeastRole?.(request.body) ?? request.body;
        const claims = { em_roles: [{ roleDefinitionId: least.id, appScopeId: '/' }] };
        await run.call(operation, { ...request, body, token: token(run, claims) }, 'success');
      },
      skip,
    );
  }
  return [];
}

/** Every case the contract implies for one operation: positive, negative and simulated. */
export function operationCases(
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
  cases.push(...roleCases(contract, operation, valid, add, options));
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
        // A list that requires a query option (role assignments' $filter) is sent its example.
        const query = (list ? queryParameters(list) : [])
          .filter((p) => p.required && p.example !== undefined)
          .map((p): [string, string] => [p.name, String(p.example)]);
        // A create under a parent (a catalog's custom workflow extensions) names the parent its path's example names,
        // one every stub holds (the General catalog).
        const params = Object.fromEntries(
          pathParameters(operation)
            .filter((p) => p.example !== undefined)
            .map((p) => [p.name, String(p.example)]),
        );
        const count = async () =>
          list
            ? ((await run.call(list, { target, query, params }, 'success')).response.json as { value?: unknown[] })
                .value?.length
            : undefined;
        const before = await count();
        const exchange = await run.call(operation, { target, params, body: run.exampleBody(operation) }, 507);
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
