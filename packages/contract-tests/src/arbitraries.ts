import fc from 'fast-check';
import type { Contract, Operation, Schema } from './spec.js';

// Deep enough for every request body of the contract (a policy's approvers sit seven levels down); deeper
// arrays are generated empty.
const MAX_DEPTH = 8;
const MAX_STRING = 40;
const MAX_ITEMS = 3;

function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type.map(String);
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl();
    case 'email':
      return fc.emailAddress();
    default: {
      // A pattern's strings, for patterns fast-check can generate from (no lookarounds).
      // Held to the schema's maxLength too: a pattern's repetitions know no bound.
      if (typeof schema.pattern === 'string') {
        const matching = fc.stringMatching(new RegExp(schema.pattern));
        const most = schema.maxLength;
        return typeof most === 'number' ? matching.filter((text) => text.length <= most) : matching;
      }
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Math.max(minLength, MAX_STRING);
      // Whole graphemes: real names and descriptions, accents and emoji included, never half a surrogate
      // pair. ASCII when a maxLength counts code points, which a grapheme may hold several of.
      const unit = typeof schema.maxLength === 'number' ? 'grapheme-ascii' : 'grapheme';
      return fc.string({ unit, minLength, maxLength });
    }
  }
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000_000;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000;
  return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/**
 * A fast-check arbitrary of the values `schema` accepts: the generator behind the positive cases.
 * Covers the JSON Schema the contract's request bodies use; anything else throws, so a spec change
 * the generator cannot follow is noticed rather than silently skipped.
 */
export function arbitraryOf(contract: Contract, schemaNode: unknown, depth = 0): fc.Arbitrary<unknown> {
  const schema = contract.deref(schemaNode).node;
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const options = (schema.oneOf ?? schema.anyOf) as unknown[];
    return fc.oneof(...options.map((option) => arbitraryOf(contract, option, depth + 1)));
  }
  const types = typesOf(schema);
  if (types.length === 0) return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean());
  const arbitraries = types.map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        return stringArbitrary(schema);
      case 'integer':
        return numberArbitrary(schema, true);
      case 'number':
        return numberArbitrary(schema, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        if (depth >= MAX_DEPTH) return fc.constant([]);
        return fc.array(arbitraryOf(contract, schema.items ?? {}, depth + 1), {
          minLength: typeof schema.minItems === 'number' ? schema.minItems : 0,
          maxLength: typeof schema.maxItems === 'number' ? Math.min(MAX_ITEMS, schema.maxItems) : MAX_ITEMS,
        });
      case 'object':
        return objectArbitrary(contract, schema, depth);
      default:
        throw new Error(`The body generator does not know the JSON Schema type '${type}'.`);
    }
  });
  return arbitraries.length === 1 && arbitraries[0] ? arbitraries[0] : fc.oneof(...arbitraries);
}

function objectArbitrary(contract: Contract, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  if (Object.keys(properties).length === 0) {
    if (schema.additionalProperties === false || depth >= MAX_DEPTH) return fc.constant({});
    // A free-form object: a few plain members.
    return fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }),
      fc.oneof(fc.string({ maxLength: 10 }), fc.boolean()),
      {
        maxKeys: 2,
      },
    );
  }
  const members: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) {
    // Past the depth bound only what must be there is generated, as the schema has it (a null where a string must be
    // would make the body invalid): arrays end there empty, objects with their required members only.
    if (depth >= MAX_DEPTH && !required.includes(name)) continue;
    members[name] = arbitraryOf(contract, property, depth + 1);
  }
  return fc.record(members, { requiredKeys: required.filter((name) => name in members) });
}

// 32-bit FNV-1a: a stable per-operation offset of the run's seed, so adding an operation reseeds no other.
export function seedFor(seed: number, name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (seed ^ hash) | 0;
}

/** A valid body for `operation`: the contract's first example, else one generated from its schema. */
export function exampleBody(contract: Contract, operation: Operation, seed: number): unknown {
  const body = operation.requestBody;
  if (!body) return undefined;
  if (body.examples.length > 0) return body.examples[0];
  const [sample] = fc.sample(arbitraryOf(contract, body.schema), { seed: seedFor(seed, operation.id), numRuns: 1 });
  return sample;
}
