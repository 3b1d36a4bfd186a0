import { exampleBody } from './arbitraries.js';
import { bodyMutations } from './mutations.js';
import { createSchemaValidator } from './schema-validator.js';
import { located, realContract } from './testing.js';

const contract = realContract();
const validator = createSchemaValidator(contract);
const withBodies = contract.operations.filter((op) => op.requestBody);

it.each(withBodies.map((op) => [op.id, op] as const))(
  'the request example of %s is valid against its schema',
  (_id, op) => {
    const body = op.requestBody;
    if (!body) throw new Error('unreachable');
    expect(validator.problems(located(contract, body.schema), exampleBody(contract, op, 1))).toEqual([]);
  },
);

it.each(withBodies.map((op) => [op.id, op] as const))(
  'every mutation of the %s example breaks its schema',
  (_id, op) => {
    const body = op.requestBody;
    if (!body) throw new Error('unreachable');
    const mutations = bodyMutations(contract, body.schema, exampleBody(contract, op, 1));
    // A body that may be any JSON object (a path Graph does not serve) has no invalid variant to predict.
    const anyObject = body.schema.properties === undefined && body.schema.additionalProperties !== false;
    expect(mutations.length > 0 || anyObject).toBe(true);
    for (const mutation of mutations) {
      expect({
        mutation: mutation.description,
        invalid: validator.problems(located(contract, body.schema), mutation.body).length > 0,
      }).toEqual({
        mutation: mutation.description,
        invalid: true,
      });
    }
  },
);

it('makes every class of invalid body the issue names for a create', () => {
  const create = contract.operations.find((op) => op.id === 'createAccessPackage');
  if (!create?.requestBody) throw new Error('createAccessPackage has no body');
  const classes = new Set(
    bodyMutations(contract, create.requestBody.schema, exampleBody(contract, create, 1)).map((m) => m.class),
  );
  expect([...classes].sort()).toEqual([
    'bad format',
    'constraint violated',
    'required property removed',
    'unknown property',
    'wrong type',
  ]);
});
