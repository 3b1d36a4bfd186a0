import type { Contract, Schema } from './spec.js';

/** The classes of invalid body the issue asks for, plus constraint violations the schema makes checkable. */
export type MutationClass =
  | 'required property removed'
  | 'wrong type'
  | 'unknown property'
  | 'bad format'
  | 'constraint violated';

export interface BodyMutation {
  class: MutationClass;
  /** Where, as a dotted path: `displayName`, `settings.level`. */
  target: string;
  /** Part of a test name: "without the required property 'displayName'". */
  description: string;
  body: unknown;
}

/** A value that breaks each `format` the contract may use. */
const BAD_FORMATS: Record<string, string> = {
  uuid: 'not-a-uuid',
  'date-time': 'yesterday at noon',
  date: '31/12/2026',
  time: 'noon',
  uri: 'not a uri',
  email: 'not-an-email',
  ipv4: '999.1.1.1',
};

// One value of each JSON type; the wrong-type mutation picks the first the schema does not allow.
const VALUES_BY_TYPE: Array<[string, unknown]> = [
  ['number', 12345],
  ['string', 'a string'],
  ['boolean', true],
  ['array', ['an', 'array']],
  ['object', { an: 'object' }],
];

function allowedTypes(schema: Schema): Set<string> | undefined {
  const types = Array.isArray(schema.type)
    ? schema.type.map(String)
    : typeof schema.type === 'string'
      ? [schema.type]
      : [];
  if (types.length === 0) return schema.properties ? new Set(['object']) : undefined;
  const set = new Set(types);
  if (set.has('number')) set.add('integer');
  if (set.has('integer')) set.add('number');
  return set;
}

/** A value of a JSON type the schema refuses, or undefined when it accepts any type. */
export function wrongTypeValue(schema: Schema): { type: string; value: unknown } | undefined {
  const allowed = allowedTypes(schema);
  if (!allowed) return undefined;
  const found = VALUES_BY_TYPE.find(([type]) => !allowed.has(type));
  return found && { type: found[0], value: found[1] };
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function setAt(body: unknown, path: string[], value: unknown): unknown {
  const copy = clone(body) as Record<string, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function unknownName(properties: Record<string, unknown>): string {
  let name = 'contractTestUnknownProperty';
  while (name in properties) name = `${name}X`;
  return name;
}

/**
 * Every invalid variant of `baseline` (a valid body) that the schema lets the suite predict: each
 * must be refused with 400. Nested objects present in the baseline are mutated too (`path` is where
 * the schema sits in the body); each variant is a whole body.
 */
export function bodyMutations(
  contract: Contract,
  schemaNode: unknown,
  baseline: unknown,
  path: string[] = [],
): BodyMutation[] {
  const schema = contract.deref(schemaNode).node;
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  let present: unknown = baseline;
  for (const segment of path) present = (present as Record<string, unknown>)[segment];
  const members = (typeof present === 'object' && present !== null ? present : {}) as Record<string, unknown>;
  const here = (name: string) => [...path, name].join('.');
  const at = (name: string) => [...path, name];
  const out: BodyMutation[] = [];

  for (const name of required) {
    out.push({
      class: 'required property removed',
      target: here(name),
      description: `without the required property '${here(name)}'`,
      body: setAt(baseline, at(name), undefined),
    });
  }
  for (const [name, propertyNode] of Object.entries(properties)) {
    const property = contract.deref(propertyNode).node;
    const wrong = wrongTypeValue(property);
    if (wrong) {
      out.push({
        class: 'wrong type',
        target: here(name),
        description: `with '${here(name)}' of the wrong type (${wrong.type})`,
        body: setAt(baseline, at(name), wrong.value),
      });
    }
    const badFormat = typeof property.format === 'string' ? BAD_FORMATS[property.format] : undefined;
    if (badFormat !== undefined) {
      out.push({
        class: 'bad format',
        target: here(name),
        description: `with '${here(name)}' not in ${String(property.format)} format`,
        body: setAt(baseline, at(name), badFormat),
      });
    }
    for (const [what, value] of constraintViolations(property)) {
      out.push({
        class: 'constraint violated',
        target: here(name),
        description: `with '${here(name)}' ${what}`,
        body: setAt(baseline, at(name), value),
      });
    }
    const nested = members[name];
    if (typeof nested === 'object' && nested !== null && !Array.isArray(nested) && property.properties) {
      out.push(...bodyMutations(contract, property, baseline, at(name)));
    }
  }
  if (schema.additionalProperties === false) {
    const name = unknownName(properties);
    out.push({
      class: 'unknown property',
      target: here(name),
      description: path.length ? `with the unknown property '${here(name)}'` : 'with an unknown property',
      body: setAt(baseline, at(name), 'unexpected'),
    });
  }
  return out;
}

/** Values that break `enum`, `minLength`, `maxLength`, `minimum`, `maximum` or `maxProperties`. */
export function constraintViolations(schema: Schema): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (Array.isArray(schema.enum)) {
    let value = 'NotOneOfTheEnum';
    while (schema.enum.includes(value)) value = `${value}X`;
    out.push([`outside its enum (${value})`, value]);
  }
  if (typeof schema.minLength === 'number' && schema.minLength > 0)
    out.push([`shorter than minLength ${schema.minLength}`, 'x'.repeat(schema.minLength - 1)]);
  if (typeof schema.maxLength === 'number')
    out.push([`longer than maxLength ${schema.maxLength}`, 'x'.repeat(schema.maxLength + 1)]);
  if (typeof schema.minimum === 'number') out.push([`below its minimum ${schema.minimum}`, schema.minimum - 1]);
  if (typeof schema.maximum === 'number') out.push([`above its maximum ${schema.maximum}`, schema.maximum + 1]);
  if (typeof schema.maxProperties === 'number') {
    const members = Array.from({ length: schema.maxProperties + 1 }, (_, i): [string, string] => [`member${i}`, 'x']);
    out.push([`with more than maxProperties ${schema.maxProperties} members`, Object.fromEntries(members)]);
  }
  return out;
}
