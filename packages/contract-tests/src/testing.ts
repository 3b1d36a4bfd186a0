import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type Contract, contractOf, type Located, type Schema } from './spec.js';

export const SPEC_FILE = require.resolve('@accesspackage/openapi/accesspackage.yaml');

/** A fresh, mutable copy of the contract's document, for tests that change the spec. */
export function specDocument(): Record<string, unknown> {
  return parse(readFileSync(SPEC_FILE, 'utf8')) as Record<string, unknown>;
}

export function realContract(): Contract {
  return contractOf(specDocument());
}

/** A component schema with the pointer ajv needs, e.g. `accessPackageCreate`. */
export function located(contract: Contract, schema: Schema): Located<Schema> {
  const name = contract.schemaName(schema);
  if (!name) throw new Error('Only component schemas can be located by name.');
  return { node: schema, pointer: `#/components/schemas/${name}` };
}
