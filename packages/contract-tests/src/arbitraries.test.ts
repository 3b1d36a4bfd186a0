import fc from 'fast-check';
import { arbitraryOf } from './arbitraries.js';
import { createSchemaValidator } from './schema-validator.js';
import { located, realContract } from './testing.js';

const contract = realContract();
const validator = createSchemaValidator(contract);
const withBodies = contract.operations.filter((op) => op.requestBody);

it.each(withBodies.map((op) => [op.id, op] as const))('generates only bodies the %s schema accepts', (_id, op) => {
  const schema = op.requestBody?.schema;
  if (!schema) throw new Error('unreachable');
  fc.assert(
    fc.property(arbitraryOf(contract, schema), (body) => {
      expect(validator.problems(located(contract, schema), body)).toEqual([]);
    }),
    { seed: 7, numRuns: 200 },
  );
});

it('generates the same bodies from the same seed', () => {
  const schema = withBodies[0]?.requestBody?.schema;
  if (!schema) throw new Error('the contract has no request body');
  const sample = (seed: number) => fc.sample(arbitraryOf(contract, schema), { seed, numRuns: 5 });
  expect(sample(42)).toEqual(sample(42));
  expect(sample(42)).not.toEqual(sample(43));
});
