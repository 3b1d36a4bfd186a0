import { GENERAL_CATALOG_ID } from '@accesspackage/server';
import fc from 'fast-check';
import { arbitraryOf, exampleBody } from '../arbitraries.js';
import { bodyMutations, constraintViolations } from '../mutations.js';
import { type Resource, resourceOf } from '../resources.js';
import { type Contract, type Operation, pathParameters, queryParameters } from '../spec.js';

/** Who a request claims to be; the runner turns each kind into a token (or none). */
export const TOKEN_KINDS = [
  'readWrite',
  'read',
  'none',
  'garbage',
  'app',
  'appWithScp',
  'consumer',
  'consumerIssuer',
  'noScopes',
  'unsigned',
  // Claims the stub keys data by or stores, in shapes it must refuse (401), not file under another tenant.
  'oddTid',
  'longTid',
  'nulUpn',
] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** A path parameter: an id the tenant holds (the nth, modulo how many), or text as given. */
export type IdChoice = { known: number } | { text: string; raw?: boolean };

export type HostileBody = { text: string } | { bytes: number[] };

/** One request, derived from an operation of the contract and then bent; serializable, so a failure can be shown. */
export interface HostileRequest {
  operationId: string;
  method: string;
  /** The operation's path template under its server, e.g. `/beta/.../accessPackages/{accessPackageId}`. */
  template: string;
  ids: Record<string, IdChoice>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  /** `own` stands for the stub's own origin, filled in when sent. */
  origin?: string;
  token: TokenKind;
  body?: HostileBody;
}

// Text that has broken servers: prototype names, quotes, escapes, encodings, control and surrogate characters.
export const HOSTILE_TEXT = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  '',
  ' ',
  "'",
  "''",
  '"',
  '\\',
  '%',
  '%00',
  '%ZZ',
  '\u0000',
  '\ud800',
  '\udc00x',
  '🙂',
  'é',
  '\u202e',
  '\ufeff',
  '$' + '{x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'null',
  'true',
  '0x10',
  '+5',
  ' 5',
  '-1',
  '1e309',
  'NaN',
  '[object Object]',
  'a'.repeat(300),
  'x'.repeat(5000),
];

const text = () => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) }, fc.string({ maxLength: 40 }));

const deep = (depth: number, inner = '1') => `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
const manyProperties = (count: number) => `{${Array.from({ length: count }, (_, i) => `"p${i}":${i}`).join(',')}}`;

function hostileBodies(contract: Contract, operation: Operation): HostileBody[] {
  const base = (exampleBody(contract, operation, 1) ?? {}) as Record<string, unknown>;
  const withName = (name: unknown) => JSON.stringify({ ...base, displayName: name });
  const asText = (value: string): HostileBody => ({ text: value });
  return [
    asText(''),
    asText('{'),
    asText('null'),
    asText('[]'),
    asText('"just text"'),
    asText('123'),
    asText('{"a":1}{"b":2}'),
    asText(deep(20)),
    asText(deep(50_000)),
    asText(`[${'['.repeat(20_000)}${']'.repeat(20_000)}]`),
    asText(manyProperties(5_000)),
    asText(JSON.stringify({ ...base, accessPackageCatalog: JSON.parse(manyProperties(40)) })),
    asText(withName('a\u0000b')),
    asText(withName('\ud800')),
    asText(withName('x'.repeat(257))),
    asText(withName('x'.repeat(100_000))),
    asText(withName({ nested: 'object' })),
    asText(`{"__proto__":{"isHidden":true},"displayName":"proto","catalogId":"${GENERAL_CATALOG_ID}"}`),
    asText(`{"constructor":{"prototype":{"x":1}},"displayName":"c","catalogId":"${GENERAL_CATALOG_ID}"}`),
    asText(`${JSON.stringify(base)}${' '.repeat(1_100_000)}`),
    { bytes: [...Buffer.from('{"displayName":"'), 0xff, 0xfe, ...Buffer.from('"}')] },
    { bytes: [...Buffer.from('{"displayName":"'), 0xc0, 0xaf, ...Buffer.from('"}')] },
    { bytes: [...Buffer.from(JSON.stringify(base), 'utf16le')] },
  ];
}

/** Values for one declared query option: from its schema, from its constraints broken, or hostile. */
function queryValue(contract: Contract, operation: Operation, name: string, resource?: Resource): fc.Arbitrary<string> {
  const parameter = queryParameters(operation).find((p) => p.name === name);
  const entity = resource?.entity;
  const valid: fc.Arbitrary<string>[] = [];
  if (parameter) {
    valid.push(arbitraryOf(contract, parameter.schema).map(String));
    if (parameter.example !== undefined) valid.push(fc.constant(String(parameter.example)));
    const broken = constraintViolations(parameter.schema).map(([, value]) => String(value));
    if (broken.length > 0) valid.push(fc.constantFrom(...broken));
  }
  if (entity && name === '$filter') {
    const names = Object.keys(entity.filterable);
    if (names.length > 0) {
      const property = fc.constantFrom(...names, '__proto__', 'constructor', 'nope');
      valid.push(
        fc.tuple(property, text()).map(([p, v]) => `${p} eq '${v.replace(/'/g, "''")}'`),
        fc.tuple(property, text()).map(([p, v]) => `contains(tolower(${p}),'${v.replace(/'/g, "''")}')`),
        property.map((p) => `${p} eq true or not ${p} eq null`),
        fc.constantFrom(
          `${'('.repeat(500)}displayName eq 'x'${')'.repeat(500)}`,
          `${'not '.repeat(500)}displayName eq 'x'`,
        ),
      );
    }
  }
  if (entity && name === '$select') {
    valid.push(
      fc.subarray([...entity.selectable, '__proto__', 'constructor', '*'], { minLength: 1 }).map((l) => l.join(',')),
    );
  }
  if (entity && name === '$orderby') {
    valid.push(
      fc
        .subarray([...entity.orderable, 'constructor'], { minLength: 1 })
        .chain((l) => fc.constantFrom('', ' asc', ' desc', ' DESC').map((d) => l.map((p) => `${p}${d}`).join(','))),
    );
  }
  if (entity && name === '$expand')
    valid.push(fc.constantFrom(...Object.keys(entity.expandable), '__proto__', 'toString', 'id'));
  if (name === '$top')
    valid.push(fc.constantFrom('1', '999', '0', '1000', '0x10', '+5', ' 5', '5 ', '1e2', '٥', '007', '-0'));
  if (name === '$skiptoken') valid.push(fc.constantFrom('eyJ2IjoxfQ', 'not a token', 'A'.repeat(5000)));
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...(valid.length > 0 ? valid : [text()])) }, text());
}

// How a client might spell an option: as declared, without `$`, in capitals, percent-encoded.
const spellings = (name: string) =>
  name.startsWith('$')
    ? fc.constantFrom(name, name, name, name.slice(1), name.toUpperCase(), `%24${name.slice(1)}`)
    : fc.constant(name);

const EXTRA_KEYS = [
  'foo',
  '$foo',
  'foo[]',
  '$filter[__proto__]',
  'foo[__proto__]',
  '__proto__',
  'constructor',
  '$top[0]',
  'a[b][c]',
  '%5B%5D',
  '$search',
  '$skip',
  '$format',
];

function queryArbitrary(
  contract: Contract,
  operation: Operation,
  resource?: Resource,
): fc.Arbitrary<Array<[string, string]>> {
  const declared = queryParameters(operation).map((p) => p.name);
  const option = (name: string) => fc.tuple(spellings(name), queryValue(contract, operation, name, resource));
  const chosen =
    declared.length > 0
      ? fc
          .subarray(declared, { maxLength: Math.min(4, declared.length) })
          .chain((names) => fc.tuple(...names.map(option)))
      : fc.constant([]);
  const extra = fc.array(fc.tuple(fc.constantFrom(...EXTRA_KEYS), text()), { maxLength: 2 });
  // Sometimes the first option again, as a client with a bug would repeat it.
  return fc
    .tuple(chosen, fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, extra), fc.nat(9))
    .map(([pairs, more, dice]) => {
      const all = [...(pairs as Array<[string, string]>), ...more];
      const first = all[0];
      return dice === 0 && first ? [...all, first] : all;
    });
}

const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.nat(50).map((known) => ({ known })) },
  { weight: 2, arbitrary: fc.uuid().map((t) => ({ text: t })) },
  { weight: 2, arbitrary: text().map((t) => ({ text: t })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%2F', '//', 'a/b', '%00').map((t) => ({ text: t, raw: true })),
  },
);

function headersArbitrary(operation: Operation): fc.Arbitrary<{ headers: Record<string, string>; origin?: string }> {
  const hasBody = operation.requestBody !== undefined || operation.method === 'post' || operation.method === 'patch';
  const contentType = hasBody
    ? fc.oneof(
        { weight: 12, arbitrary: fc.constant('application/json') },
        fc.constantFrom(
          'application/json; charset=utf-8',
          'application/json; charset=utf-16le',
          'application/json; charset=utf-7',
          'application/json;charset=UTF-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          '',
        ),
      )
    : fc.constant('');
  const optional = (weight: number, values: string[]) =>
    fc.oneof({ weight, arbitrary: fc.constant('') }, fc.constantFrom(...values));
  return fc
    .record({
      contentType,
      accept: optional(10, ['application/json', 'text/html', '*/*', 'application/xml', 'application/json;q=0']),
      host: optional(15, [
        'evil.example',
        'evil.example:4010',
        'localhost:1',
        '[::1',
        'a b',
        'x'.repeat(300),
        '10.0.0.1',
      ]),
      origin: optional(10, ['https://evil.example', 'null', 'own']),
      fetchSite: optional(15, ['cross-site', 'same-site', 'same-origin', 'none']),
      clientRequestId: optional(6, ['7c8a8f7e-1d2b-4c3d-9e4f-5a6b7c8d9e0f', 'not-a-guid', 'x'.repeat(2000)]),
      expect: optional(60, ['teapot', '100-continue']),
    })
    .map(({ contentType, accept, host, origin, fetchSite, clientRequestId, expect }) => {
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      if (accept) headers.accept = accept;
      if (host) headers.host = host;
      if (fetchSite) headers['sec-fetch-site'] = fetchSite;
      if (clientRequestId) headers['client-request-id'] = clientRequestId;
      if (expect) headers.expect = expect;
      return origin ? { headers, origin } : { headers };
    });
}

function bodyArbitrary(contract: Contract, operation: Operation): fc.Arbitrary<HostileBody | undefined> {
  const hostile = fc.constantFrom(...hostileBodies(contract, operation));
  const body = operation.requestBody;
  if (!body) return fc.oneof({ weight: 12, arbitrary: fc.constant(undefined) }, hostile);
  const valid = fc.tuple(arbitraryOf(contract, body.schema), fc.nat(3)).map(([value, dice]) => {
    const record = value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as object) } : value;
    // Mostly the catalog every stub holds, so that creates get as far as the store.
    if (record && typeof record === 'object' && 'catalogId' in record && dice > 0)
      (record as Record<string, unknown>).catalogId = GENERAL_CATALOG_ID;
    return { text: JSON.stringify(record) };
  });
  const baseline = exampleBody(contract, operation, 1);
  const mutations = bodyMutations(contract, body.schema, baseline).map((m) => ({ text: JSON.stringify(m.body) }));
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    { weight: 3, arbitrary: mutations.length > 0 ? fc.constantFrom(...mutations) : valid },
    { weight: 3, arbitrary: hostile },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

const OTHER_METHODS = ['HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'POST', 'GET', 'TRACE'];

/**
 * Requests derived from the contract's operations and then bent: every declared query option in its
 * spellings, with values from its schema, its constraints broken, or hostile text; bodies from the
 * schema, its mutations, or a catalogue of hostile ones; odd headers, tokens, methods and ids.
 */
export function hostileRequests(contract: Contract, resources: Resource[]): fc.Arbitrary<HostileRequest> {
  return fc.constantFrom(...contract.operations).chain((operation) => {
    const resource = resourceOf(resources, operation);
    const params = pathParameters(operation).map((p) => p.name);
    return fc
      .record({
        method: fc.oneof(
          { weight: 12, arbitrary: fc.constant(operation.method.toUpperCase()) },
          fc.constantFrom(...OTHER_METHODS),
        ),
        ids: fc.tuple(...params.map(() => idChoice)),
        query: queryArbitrary(contract, operation, resource),
        headers: headersArbitrary(operation),
        token: fc.oneof(
          { weight: 14, arbitrary: fc.constant<TokenKind>('readWrite') },
          fc.constantFrom(...TOKEN_KINDS),
        ),
        body: bodyArbitrary(contract, operation),
      })
      .map(({ method, ids, query, headers, token, body }) => ({
        operationId: operation.id,
        method,
        template: `${operation.serverPath}${operation.path}`,
        ids: Object.fromEntries(params.map((name, i) => [name, ids[i] as IdChoice])),
        query,
        headers: headers.headers,
        ...(headers.origin ? { origin: headers.origin } : {}),
        token,
        ...(body ? { body } : {}),
      }));
  });
}
