import { type ODataEntityInfo, readODataEntities } from '@accesspackage/openapi';
import type { Contract, Operation, Schema } from './spec.js';

/**
 * A resource as the contract's paths imply it: an item path `.../{id}` whose GET answers a schema,
 * the collection above it, and every operation that creates, lists, updates or deletes it.
 */
export interface Resource {
  /** The component name of its schema, e.g. `accessPackage`. */
  name: string;
  schema: Schema;
  itemPath: string;
  idParameter: string;
  get: Operation;
  list?: Operation;
  update?: Operation;
  remove?: Operation;
  /** Every POST whose success answers this resource's schema (a resource may have several paths). */
  creators: Operation[];
  /** Properties of its create bodies that name another resource, e.g. `catalogId` -> accessPackageCatalog. */
  references: Array<{ property: string; resource: Resource }>;
  /**
   * What its list and get support in `$select`, `$filter`, `$orderby` and `$expand`: the `x-odata`
   * extension of its schema, as `@accesspackage/openapi` reads it. Absent when the schema has none.
   */
  entity?: ODataEntityInfo;
}

function successSchema(contract: Contract, operation: Operation): unknown {
  const success = operation.responses.find((r) => /^2\d\d$/.test(r.status) && r.content);
  return success?.content ? contract.deref(success.content.schema.node).node : undefined;
}

function bodyProperties(contract: Contract, operation: Operation): string[] {
  if (!operation.requestBody) return [];
  const schema = contract.deref(operation.requestBody.schema).node;
  return Object.keys((schema.properties ?? {}) as Record<string, unknown>);
}

/** Derives the resources, matching schemas by identity after `$ref`s are followed. */
export function deriveResources(contract: Contract): Resource[] {
  const resources: Resource[] = [];
  // Throws, listing every problem, when an x-odata extension names what its schema does not have.
  const entities = readODataEntities(contract.document);
  for (const get of contract.operations.filter((op) => op.method === 'get')) {
    const last = /\/\{([^}]+)\}$/.exec(get.path);
    const schema = successSchema(contract, get) as Schema | undefined;
    if (!last?.[1] || !schema) continue;
    const name = contract.schemaName(schema);
    if (!name) continue;
    const collectionPath = get.path.slice(0, get.path.length - last[0].length);
    const samePath = (method: string) => contract.operations.find((op) => op.path === get.path && op.method === method);
    const list = contract.operations.find((op) => {
      if (op.path !== collectionPath || op.method !== 'get') return false;
      const page = successSchema(contract, op) as Schema | undefined;
      const value = (page?.properties as Record<string, Schema> | undefined)?.value;
      return value !== undefined && contract.deref(value.items).node === schema;
    });
    resources.push({
      name,
      schema,
      itemPath: get.path,
      idParameter: last[1],
      get,
      ...(list ? { list } : {}),
      ...(samePath('patch') ? { update: samePath('patch') } : {}),
      // A delete Graph does not serve (it documents no success) deletes nothing.
      ...(samePath('delete')?.responses.some((r) => /^2\d\d$/.test(r.status)) ? { remove: samePath('delete') } : {}),
      creators: contract.operations.filter((op) => op.method === 'post' && successSchema(contract, op) === schema),
      references: [],
      ...(entities[name] ? { entity: entities[name] } : {}),
    });
  }

  for (const resource of resources) {
    const properties = new Set(resource.creators.flatMap((op) => bodyProperties(contract, op)));
    resource.references.push(...namedReferences([...properties], resources, resource));
  }
  return resources;
}

// `catalogId` names the resource whose schema name ends with `catalog` (accessPackageCatalog).
function namedReferences(
  properties: string[],
  resources: Resource[],
  own: Resource | undefined,
): Array<{ property: string; resource: Resource }> {
  const references: Array<{ property: string; resource: Resource }> = [];
  for (const property of properties) {
    const stem = /^(.+)Id$/.exec(property)?.[1]?.toLowerCase();
    if (!stem) continue;
    const named = resources.filter((r) => r !== own && r.name.toLowerCase().endsWith(stem));
    if (named.length > 1) {
      throw new Error(
        `The body property '${property}'${own ? ` of ${own.name}` : ''} could name ${named.map((r) => r.name).join(' or ')}.`,
      );
    }
    if (named[0]) references.push({ property, resource: named[0] });
  }
  return references;
}

/**
 * The properties of an operation's body that name another resource (`catalogId` of a create, of a
 * `moveToCatalog`; `accessPackageId` of a policy's replace), as for creators.
 */
export function referencesOf(
  contract: Contract,
  resources: Resource[],
  operation: Operation,
): Array<{ property: string; resource: Resource }> {
  return namedReferences(bodyProperties(contract, operation), resources, resourceOf(resources, operation));
}

/** The resource an operation acts on: its item path, its collection, or what it creates. */
export function resourceOf(resources: Resource[], operation: Operation): Resource | undefined {
  return resources.find((r) => r.itemPath === operation.path || r.list === operation || r.creators.includes(operation));
}

/** Creation order: a resource after every resource its create bodies refer to. */
export function creationOrder(resources: Resource[]): Resource[] {
  const ordered: Resource[] = [];
  const visit = (resource: Resource, trail: Resource[]) => {
    if (ordered.includes(resource)) return;
    if (trail.includes(resource))
      throw new Error(
        `Resources refer to each other in a cycle: ${[...trail, resource].map((r) => r.name).join(' -> ')}.`,
      );
    for (const reference of resource.references) visit(reference.resource, [...trail, resource]);
    ordered.push(resource);
  };
  for (const resource of resources) visit(resource, []);
  return ordered;
}
