import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A JSON Schema node as the contract writes it (OpenAPI 3.1: JSON Schema 2020-12, `$ref`s unresolved). */
export type Schema = Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A node of the document with the JSON pointer it was found at after following `$ref`s. */
export interface Located<T> {
  node: T;
  pointer: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
  example?: unknown;
}

export interface HeaderDoc {
  name: string;
  required: boolean;
  schema: Located<Schema>;
}

export interface ResponseDoc {
  /** `201`, `4XX` or `default`, as the contract writes it. */
  status: string;
  description: string;
  headers: HeaderDoc[];
  /** The documented body, when there is one. */
  content?: { mediaType: string; schema: Located<Schema> };
  /**
   * `x-outage`: answered only while the stub's own database is out of reach, which a contract test cannot cause (the
   * server's api-tests/outages.test.ts stops PostgreSQL to see it): no case provokes it, and coverage does not ask.
   */
  outage?: true;
}

export interface RequestBodyDoc {
  required: boolean;
  mediaType: string;
  schema: Schema;
  /** `example` and every `examples` entry, in document order. */
  examples: unknown[];
}

export interface Operation {
  id: string;
  method: HttpMethod;
  /** The path template, e.g. `/identityGovernance/.../accessPackages/{accessPackageId}`. */
  path: string;
  /** Where the operation is served: the path of its `servers` URL, e.g. `/beta`, or `` at the origin. */
  serverPath: string;
  /**
   * Served only where its own path-level `servers` say (the stub's admin routes), not where the API is. Paths
   * whose own servers include the API's (users and groups, also on /v1.0) are served where the API is.
   */
  pathLevelServers: boolean;
  parameters: Parameter[];
  requestBody?: RequestBodyDoc;
  responses: ResponseDoc[];
  /**
   * Alternatives of the security requirement, each the scopes one alternative needs.
   * Empty: no token needed (`security: []`).
   */
  security: string[][];
  /** The security schemes its alternatives name, in order (e.g. `azureaadv2`); empty when none. */
  securitySchemes: string[];
}

export interface Contract {
  document: Record<string, unknown>;
  operations: Operation[];
  /** Every scope any operation names, in document order. */
  scopes: string[];
  /** The component name of a schema object, for messages and for recognising resources. */
  schemaName(schema: Schema): string | undefined;
  deref<T = Schema>(node: unknown, pointer?: string): Located<T>;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathOfServerUrl(url: string): string {
  try {
    return new URL(url).pathname.replace(/\/$/, '');
  } catch {
    return url.replace(/\/$/, '');
  }
}

export function loadContract(file: string): Contract {
  return contractOf(parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
}

/** Builds the model the suite derives its cases from; everything here comes from the document. */
export function contractOf(document: Record<string, unknown>): Contract {
  const lookup = (pointer: string): unknown => {
    if (!pointer.startsWith('#/')) throw new Error(`Only local $refs are supported; got '${pointer}'.`);
    let node: unknown = document;
    for (const segment of pointer.slice(2).split('/').map(unescapePointer)) {
      if (!isObject(node) || !(segment in node)) throw new Error(`The $ref '${pointer}' points at nothing.`);
      node = node[segment];
    }
    return node;
  };

  // Follows `$ref`s; sibling keywords (a `description` beside a `$ref`) are kept on a copy.
  const deref = <T = Schema>(node: unknown, pointer = '#'): Located<T> => {
    let current = node;
    let at = pointer;
    const seen = new Set<string>();
    while (isObject(current) && typeof current.$ref === 'string') {
      const ref = current.$ref;
      if (seen.has(ref)) throw new Error(`The $ref '${ref}' refers to itself.`);
      seen.add(ref);
      const { $ref: _ref, ...siblings } = current;
      const target = lookup(ref);
      at = ref;
      current = Object.keys(siblings).length > 0 && isObject(target) ? { ...target, ...siblings } : target;
    }
    return { node: current as T, pointer: at };
  };

  const names = new Map<unknown, string>();
  const components = isObject(document.components) ? document.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  for (const [name, schema] of Object.entries(schemas)) names.set(schema, name);

  const rootServers = Array.isArray(document.servers) ? document.servers : [];
  const rootServerPath = pathOfServerUrl(String((rootServers[0] as { url?: string } | undefined)?.url ?? ''));
  const rootSecurity = document.security;
  const scopes: string[] = [];

  const securityOf = (requirement: unknown): string[][] => {
    if (!Array.isArray(requirement)) return [];
    return requirement.filter(isObject).map((alternative) => {
      const needed = Object.values(alternative).flatMap((list) => (Array.isArray(list) ? list.map(String) : []));
      for (const scope of needed) if (!scopes.includes(scope)) scopes.push(scope);
      return needed;
    });
  };

  const schemesOf = (requirement: unknown): string[] =>
    Array.isArray(requirement)
      ? [...new Set(requirement.filter(isObject).flatMap((alternative) => Object.keys(alternative)))]
      : [];

  const parametersOf = (list: unknown, base: string): Parameter[] =>
    (Array.isArray(list) ? list : []).map((entry, i) => {
      const { node } = deref<Record<string, unknown>>(entry, `${base}/${i}`);
      return {
        name: String(node.name),
        in: node.in as Parameter['in'],
        required: node.required === true,
        schema: deref(node.schema).node,
        ...('example' in node ? { example: node.example } : {}),
      };
    });

  const operations: Operation[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, pathItemNode] of Object.entries(paths)) {
    const pathPointer = `#/paths/${escapePointer(path)}`;
    const { node: pathItem } = deref<Record<string, unknown>>(pathItemNode, pathPointer);
    const pathServers = Array.isArray(pathItem.servers) ? pathItem.servers : undefined;
    const pathLevelParameters = parametersOf(pathItem.parameters, `${pathPointer}/parameters`);
    for (const method of HTTP_METHODS) {
      const opNode = pathItem[method];
      if (!isObject(opNode)) continue;
      const opPointer = `${pathPointer}/${method}`;
      const opServers = Array.isArray(opNode.servers) ? opNode.servers : pathServers;
      // Servers of its own that leave out the API's root server: served elsewhere (the stub's admin routes).
      const ownServers =
        opServers !== undefined &&
        !opServers.some((server) => pathOfServerUrl(String((server as { url?: string }).url ?? '')) === rootServerPath);
      const own = parametersOf(opNode.parameters, `${opPointer}/parameters`);
      // Operation-level parameters override path-level ones of the same name and location.
      const parameters = [
        ...pathLevelParameters.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
        ...own,
      ];

      let requestBody: RequestBodyDoc | undefined;
      if (opNode.requestBody !== undefined) {
        const { node: body } = deref<Record<string, unknown>>(opNode.requestBody, `${opPointer}/requestBody`);
        const content = isObject(body.content) ? body.content : {};
        const [mediaType, media] = Object.entries(content)[0] ?? [];
        if (mediaType && isObject(media)) {
          const examples: unknown[] = [];
          if ('example' in media) examples.push(media.example);
          if (isObject(media.examples)) {
            for (const example of Object.values(media.examples))
              examples.push(deref<{ value?: unknown }>(example).node.value);
          }
          requestBody = { required: body.required === true, mediaType, schema: deref(media.schema).node, examples };
        }
      }

      const responses: ResponseDoc[] = [];
      const responsesNode = isObject(opNode.responses) ? opNode.responses : {};
      for (const [status, responseNode] of Object.entries(responsesNode)) {
        const located = deref<Record<string, unknown>>(responseNode, `${opPointer}/responses/${status}`);
        const response = located.node;
        const headers: HeaderDoc[] = Object.entries(isObject(response.headers) ? response.headers : {}).map(
          ([name, h]) => {
            const header = deref<Record<string, unknown>>(h, `${located.pointer}/headers/${escapePointer(name)}`);
            return {
              name,
              required: header.node.required === true,
              schema: deref(header.node.schema ?? {}, `${header.pointer}/schema`),
            };
          },
        );
        const content = isObject(response.content) ? response.content : {};
        const [mediaType, media] = Object.entries(content)[0] ?? [];
        responses.push({
          status,
          description: String(response.description ?? ''),
          headers,
          ...(response['x-outage'] === true ? { outage: true as const } : {}),
          ...(mediaType && isObject(media)
            ? {
                content: {
                  mediaType,
                  schema: deref(media.schema, `${located.pointer}/content/${escapePointer(mediaType)}/schema`),
                },
              }
            : {}),
        });
      }

      operations.push({
        id: String(opNode.operationId ?? `${method} ${path}`),
        method,
        path,
        serverPath: ownServers
          ? pathOfServerUrl(String((opServers?.[0] as { url?: string } | undefined)?.url ?? ''))
          : rootServerPath,
        pathLevelServers: ownServers,
        parameters,
        ...(requestBody ? { requestBody } : {}),
        responses,
        security: securityOf(opNode.security ?? rootSecurity),
        securitySchemes: schemesOf(opNode.security ?? rootSecurity),
      });
    }
  }

  return {
    document,
    operations,
    scopes,
    schemaName: (schema) => names.get(schema),
    deref,
  };
}

/** The documented response for a status: the exact code, else its range (`4XX`), else `default`. */
export function documentedResponse(operation: Operation, status: number): ResponseDoc | undefined {
  const exact = operation.responses.find((r) => r.status === String(status));
  if (exact) return exact;
  const range = operation.responses.find((r) => r.status.toUpperCase() === `${String(status)[0]}XX`);
  return range ?? operation.responses.find((r) => r.status === 'default');
}

/** Documented numeric statuses, in document order. */
/** The statuses the contract documents for the operation, except those only an outage of the stub's database gives. */
export function documentedStatuses(operation: Operation): number[] {
  return operation.responses
    .filter((r) => !r.outage)
    .map((r) => Number(r.status))
    .filter((s) => Number.isInteger(s));
}

export function successStatuses(operation: Operation): number[] {
  return documentedStatuses(operation).filter((s) => s >= 200 && s < 300);
}

export function pathParameters(operation: Operation): Parameter[] {
  return operation.parameters.filter((p) => p.in === 'path');
}

export function queryParameters(operation: Operation): Parameter[] {
  return operation.parameters.filter((p) => p.in === 'query');
}

export function headerParameter(operation: Operation, name: string): Parameter | undefined {
  return operation.parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
}

/** `GET /a/{id}` for messages and test names. */
export function describeOperation(operation: Operation): string {
  return `${operation.method.toUpperCase()} ${operation.serverPath}${operation.path} (${operation.id})`;
}
