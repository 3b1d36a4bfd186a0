import { curlOf, type Exchange } from '../exchange.js';
import { literalOf } from '../odata.js';
import { MAKERS } from '../recipes.js';
import type { Resource } from '../resources.js';
import type { ContractRun } from '../run.js';
import { NAME_PROPERTY } from '../run.js';
import { documentedResponse, type Operation, queryParameters, type Schema } from '../spec.js';

// What every kind of case shares: its shape, the reasons a case is skipped, and how a difference is reported.

export interface ContractCase {
  /** The describe block: the operation, or the resource of a round trip. */
  group: string;
  /** Named after the behaviour it checks. */
  title: string;
  /** Why it cannot run against this target; skipped cases are listed, never silently dropped. */
  skip?: string;
  /** Requests it makes, roughly; the test timeout grows with it. */
  requests: number;
  run(run: ContractRun): Promise<void>;
}

export interface CaseOptions {
  /** The target is an in-process stub, so stub-only controls (dev tokens, simulation) exist. */
  isStub: boolean;
  /** Generated bodies per operation. */
  runs: number;
  seed: number;
}

export const STUB_ONLY_SERVERS = 'served by the stub only (its own path-level servers)';
export const NEEDS_SIMULATION = "needs the stub's simulation";
export const NEEDS_DEV_TOKEN = 'needs a token without the scope: dev tokens work on the stub only';
export const NEEDS_FULL_STUB = 'needs a stub started with a small --max-items';

/** Graph's default request size limit, for contracts whose 413 names none. */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/** The body size a 413 documents ("exceeds the 1 MB ..."), read from its description. */
export function documentedBodyLimit(operation: Operation): number {
  const description = documentedResponse(operation, 413)?.description ?? '';
  const match = /(\d+(?:\.\d+)?)\s*(KB|MB)/i.exec(description);
  if (!match?.[1] || !match[2]) return DEFAULT_BODY_LIMIT;
  return Number(match[1]) * (match[2].toUpperCase() === 'MB' ? 1024 * 1024 : 1024);
}

/** The first sentence of a response's description: "Too Many Requests." -> "Too Many Requests". */
export function statusName(operation: Operation, status: number): string {
  const description = documentedResponse(operation, status)?.description ?? '';
  return description.split('.')[0]?.trim() || String(status);
}

export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

export function isConstrained(schema: Schema): boolean {
  return ['integer', 'number', 'boolean'].includes(String(schema.type)) || Array.isArray(schema.enum);
}

export function stripAnnotations(value: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(([key]) => !key.startsWith('@odata.')),
  );
}

export function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, inner]) => [k, canonical(inner)]),
          )
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Fails a round trip with both sides shown, and the request that showed it as a curl line. */
export function mismatch(
  what: string,
  expected: unknown,
  actual: unknown,
  run: ContractRun,
  exchange?: Exchange,
): Error {
  return new Error(
    [
      what,
      `  expected: ${JSON.stringify(expected)}`,
      `  actual:   ${JSON.stringify(actual)}`,
      ...(exchange
        ? [
            '',
            'Request, to reproduce:',
            ...curlOf(exchange.request)
              .split('\n')
              .map((line) => `  ${line}`),
            '',
          ]
        : []),
      `Seed: CONTRACT_SEED=${run.settings.seed}. ${run.target.replayHint}`,
    ].join('\n'),
  );
}

/** An item of a list, as read. */
export type Item = Record<string, unknown>;
/** Query options, in the order they are sent. */
export type Query = Array<[string, string]>;

// The names a list's cases narrow it by: each case's objects carry its tag in their names.
export function supports(operation: Operation, option: string): boolean {
  return queryParameters(operation).some((p) => p.name === option);
}

/**
 * The `$filter` that narrows a list to one case's objects, `contains(displayName,'<tag>')`, when the
 * resource's x-odata lets the suite filter on the property it writes its names into. Without it the
 * cases read the whole collection (still touching only what the run created).
 */
export function tagFilter(resource: Resource, list: Operation, tag: string): string | undefined {
  if (tag === '' || resource.entity?.filterable[NAME_PROPERTY] !== 'string' || !supports(list, '$filter'))
    return undefined;
  return `contains(${NAME_PROPERTY},${literalOf('string', tag)})`;
}

/**
 * The `$filter` of a list of one case's objects: its tag, and `clause`. A list that requires a `$filter` (role
 * assignments) and cannot be narrowed by name is narrowed to what `sample` (an object of the case) has in its first
 * filterable property.
 */
export function taggedQuery(resource: Resource, list: Operation, tag: string, clause?: string, sample?: Item): Query {
  let narrow = tagFilter(resource, list, tag);
  const required = queryParameters(list).some((p) => p.name === '$filter' && p.required);
  if (narrow === undefined && clause === undefined && required && sample && resource.entity) {
    const property = Object.keys(resource.entity.filterable).find((p) => typeof sample[p] === 'string');
    if (property) narrow = `${property} eq ${literalOf('string', String(sample[property]))}`;
  }
  const filter = narrow && clause ? `${narrow} and ${clause}` : (narrow ?? clause);
  return filter === undefined ? [] : [['$filter', filter]];
}

/** A resource the contract gives no create of and no recipe makes: the objects every tenant has (role definitions). */
export function isBuiltIn(resource: Resource): boolean {
  return resource.creators.length === 0 && !MAKERS[resource.name];
}
