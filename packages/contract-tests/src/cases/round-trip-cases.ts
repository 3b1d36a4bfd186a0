import fc from 'fast-check';
import { arbitraryOf, seedFor } from '../arbitraries.js';
import { RECIPES } from '../recipes.js';
import type { Resource } from '../resources.js';
import type { ContractRun } from '../run.js';
import { queryParameters, type Schema } from '../spec.js';

import {
  type CaseOptions,
  type ContractCase,
  isBuiltIn,
  mismatch,
  sameJson,
  stripAnnotations,
  taggedQuery,
} from './case.js';

/** Round trips the contract implies: create then get, delete then get, update then get, list paging. */
export function roundTripCases(resource: Resource, options: CaseOptions): ContractCase[] {
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
  // Paging through objects of the case's own: a resource the run cannot create (role definitions) has none.
  if (list && top && !isBuiltIn(resource)) {
    const pageSize = 2;
    const count = 5;
    // Follows @odata.nextLink from the first page to the last, returning every page's items.
    const walk = async (run: ContractRun, tag: string, between?: (page: number) => Promise<void>) => {
      const sample = samples.get(tag);
      const query: Array<[string, string]> = [
        ['$top', String(pageSize)],
        ...taggedQuery(resource, list, tag, undefined, sample),
      ];
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
    // The first object each tag made: what a list that requires a $filter is narrowed by (see taggedQuery).
    const samples = new Map<string, Record<string, unknown>>();
    const createTagged = async (run: ContractRun, tag: string, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const made = await run.createObject(resource, { name: `${tag} ${i}` });
        if (!samples.has(tag)) samples.set(tag, made);
        ids.push(String(made.id));
      }
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
