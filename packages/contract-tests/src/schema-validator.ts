import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Contract, Located, Schema } from './spec.js';

const COMPONENTS_ID = 'urn:accesspackage:contract:components';
const COMPONENT_REF = /^#\/components\/schemas\/(.+)$/;

// Keywords OpenAPI adds to JSON Schema; they carry no validation.
const OPENAPI_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example'];

/** The specification extensions (`x-odata`, ...) used as keywords anywhere in `value`; they carry no validation either. */
function extensionKeywords(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const inner of value) extensionKeywords(inner, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key.startsWith('x-')) found.add(key);
      else extensionKeywords(inner, found);
    }
  }
  return found;
}

/** Copies a schema, pointing its component `$ref`s at the `$defs` of one registered schema. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$ref' && typeof inner === 'string') {
      const match = COMPONENT_REF.exec(inner);
      if (!match) throw new Error(`Only $refs to #/components/schemas are supported inside schemas; got '${inner}'.`);
      out.$ref = `${COMPONENTS_ID}#/$defs/${match[1]}`;
    } else {
      out[key] = rewriteRefs(inner);
    }
  }
  return out;
}

export interface SchemaValidator {
  /** Problems of `value` against the schema, one line each; empty when it is valid. */
  problems(schema: Located<Schema>, value: unknown, name?: string): string[];
}

/**
 * ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) over the contract's own schemas, in strict
 * mode so that a schema the contract gets wrong fails loudly instead of validating nothing.
 */
export function createSchemaValidator(contract: Contract): SchemaValidator {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  const components = (contract.document.components ?? {}) as { schemas?: Record<string, Schema> };
  for (const keyword of [...OPENAPI_KEYWORDS, ...extensionKeywords(components.schemas)]) ajv.addKeyword(keyword);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(components.schemas ?? {}) as Record<string, unknown> });

  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (schema: Located<Schema>): ValidateFunction => {
    const match = COMPONENT_REF.exec(schema.pointer);
    const key = match ? `component:${match[1]}` : `inline:${schema.pointer}:${JSON.stringify(schema.node)}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(
        match ? { $ref: `${COMPONENTS_ID}#/$defs/${match[1]}` } : (rewriteRefs(schema.node) as Schema),
      );
      compiled.set(key, validate);
    }
    return validate;
  };

  return {
    problems(schema, value, name = 'body') {
      const validate = validatorFor(schema);
      if (validate(value)) return [];
      return (validate.errors ?? []).map((e) => {
        const where = `${name}${e.instancePath}`;
        const extra = e.keyword === 'additionalProperties' ? ` ('${String(e.params.additionalProperty)}')` : '';
        return `${where} ${e.message ?? 'is invalid'}${extra}`;
      });
    },
  };
}
