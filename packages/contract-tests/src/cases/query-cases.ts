import type { Exchange } from '../exchange.js';
import {
  compareValues,
  type Direction,
  literalOf,
  outOfOrderAt,
  sameValue,
  sampleLiteral,
  unknownName,
  unselected,
} from '../odata.js';
import type { Resource } from '../resources.js';
import { type ContractRun, NAME_PROPERTY } from '../run.js';
import { type Contract, describeOperation, documentedStatuses, type Operation, type Schema } from '../spec.js';

import {
  article,
  type CaseOptions,
  type ContractCase,
  type Item,
  isBuiltIn,
  mismatch,
  type Query,
  sameJson,
  supports,
  taggedQuery,
} from './case.js';

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
export function queryCases(
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
  // Objects every tenant has (role definitions) are read as they are, not created: no tag narrows their list.
  const fixture = (run: ContractRun) =>
    run.once(`x-odata fixture of ${resource.name}`, async () => {
      const tag = isBuiltIn(resource) ? '' : run.tag();
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
            const full = await listAll(run, list, taggedQuery(resource, list, tag, undefined, created[0]));
            const { items, last } = await listAll(run, list, [
              ...taggedQuery(resource, list, tag, undefined, created[0]),
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
                ...taggedQuery(resource, list, tag, undefined, created[0]),
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
            const sample = (await run.call(get, { params: params(id) }, 'success')).response.json as Item;
            const { items, last } = await listAll(run, list, [
              ...taggedQuery(resource, list, tag, undefined, sample),
              ['$expand', name],
            ]);
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
