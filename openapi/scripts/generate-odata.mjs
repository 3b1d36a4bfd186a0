#!/usr/bin/env node
// Writes what hey-api cannot express from accesspackage.yaml into a package's src/gen folder:
//   odata.gen.ts       each entity's OData capabilities (its schema's `x-odata` extension);
//   operations.gen.ts  with --operations: the generated Data/Responses types of every operation, by operationId.
// Usage: generate-odata <outDir> [--operations]. Exits 1, saying what to fix, when x-odata does not fit a schema.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import contract from '../index.js';

const HEADER = '// This file is auto-generated from openapi/accesspackage.yaml by openapi/scripts/generate-odata.mjs. Do not edit.\n';

const [outDir, ...flags] = process.argv.slice(2);
if (!outDir) {
  process.stderr.write('usage: generate-odata <outDir> [--operations]\n');
  process.exit(2);
}
const spec = contract.loadContract();
let entities;
try {
  entities = contract.readODataEntities(spec);
} catch (error) {
  process.stderr.write(`generate-odata: ${error.message}\n`);
  process.exit(1);
}

const literal = (value) => JSON.stringify(value).replace(/"([A-Za-z_$][\w$]*)":/g, '$1: ').replace(/,/g, ', ');
const entries = Object.entries(entities).map(
  ([name, entity]) => `  ${name}: {\n${Object.entries(entity).map(([key, value]) => `    ${key}: ${literal(value)},`).join('\n')}\n  },`,
);
// hey-api names a schema's type by its name in PascalCase (accessPackage -> AccessPackage).
const typeName = (schema) => schema[0].toUpperCase() + schema.slice(1);
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'odata.gen.ts'),
  `${HEADER}
import type * as Types from './types.gen.js';

/** What each entity of the contract supports in $select, $filter, $orderby and $expand, from its schema's \`x-odata\`. */
export const odataEntities = {
${entries.join('\n')}
} as const;

export type ODataEntityName = keyof typeof odataEntities;

/** The contract's type of each entity, by its name (the schema's): what a store holds under it is shaped after it. */
export interface ODataEntityTypes {
${Object.keys(entities)
  .map((name) => `  ${name}: Types.${typeName(name)};`)
  .join('\n')}
}
`,
);

if (flags.includes('--operations')) {
  const pascal = (id) => id[0].toUpperCase() + id.slice(1);
  // hey-api writes no Responses type for an operation without a 2XX response (a path Graph does not serve): it answers none.
  const answers = (operation) => {
    const responses = spec.paths?.[operation.path]?.[operation.method]?.responses ?? {};
    return Object.keys(responses).some((status) => /^2\d\d$/.test(status));
  };
  const types = Object.entries(contract.readOperations(spec))
    .map(
      ([id, operation]) =>
        `  ${id}: { data: Types.${pascal(id)}Data; responses: ${answers(operation) ? `Types.${pascal(id)}Responses` : 'Record<never, never>'} };`,
    )
    .join('\n');
  writeFileSync(
    join(outDir, 'operations.gen.ts'),
    `${HEADER}
import type * as Types from './types.gen.js';

/** The generated request (\`Data\`) and per-status response (\`Responses\`) types of each operation, by operationId. */
export interface OperationTypes {
${types}
}

export type OperationId = keyof OperationTypes;
`,
  );
}
