import type { ODataEntityInfo } from '@accesspackage/openapi';
import type { Request } from 'express';
import type { Caller } from '../auth/index.js';
import { graphTimestamp } from '../graph/timestamps.js';
import type { Collection, Store } from '../store/store.js';
import type { Handlers, UntypedHandlers } from './operation.js';
import { assertRoomForOneMore } from './quota.js';
import { type CollectionPage, type EntityShape, entityView, listView, type Navigation } from './views.js';

/** What the app hands every resource when it builds the handlers. */
export interface ResourceContext {
  store: Store;
  /** Items per page when the caller gives no `$top`. */
  pageSize: number;
  /** How many items the tenant may hold, across its entity sets; creates past it answer 507. */
  maxItems: number;
  /** Every entity's OData capabilities, from the contract's `x-odata` extensions. */
  entities: Record<string, ODataEntityInfo>;
}

/** What the shared operations read of a handler's input. */
type Input = { caller: Caller; req: Request; path?: Record<string, string> };
/** A PATCH body: some stored properties, and OData annotations, which carry no data. */
type Changes<T> = Partial<T> & { '@odata.type'?: string };

/** The operations every entity set has in common, typed by its stored type T and its contract type V. */
export interface Crud<T extends { id: string }, V> {
  collection: Collection<T>;
  list(input: Input): Promise<{ status: 200; body: CollectionPage<V> }>;
  get(input: Input): Promise<{ status: 200; body: V }>;
  /**
   * Stores a new item with a server-assigned id and, where the entity has them, created/modified
   * stamps; throws 507 quotaLimitReached when the tenant is full.
   */
  insert(fields: Omit<T, 'id'>, caller: Caller): T;
  /** The 201 answer for an item just inserted; `entitySet` names another path's set in `@odata.context`. */
  created(input: Input, item: T, entitySet?: string): { status: 201; body: V };
  update(input: Input & { body: Changes<T> }): Promise<{ status: 204 }>;
  remove(input: Input): Promise<{ status: 204 }>;
}

/**
 * A resource: the entity it serves (the schema name whose `x-odata` describes it, which also names
 * its collection in the store), how its navigation properties resolve, and its handlers by
 * operationId. Plain CRUD is `crud.list`, `crud.get`, ...; what is truly the resource's own
 * (defaults, checks across entities) is written in its handlers.
 */
export interface ResourceDeclaration<T extends { id: string }, V> {
  entity: string;
  navigation?: (store: Store) => Navigation<T, V>;
  handlers: (crud: Crud<T, V>, context: ResourceContext) => Handlers | UntypedHandlers;
}

/** A declared resource, as the app mounts it. */
export interface Resource {
  entity: string;
  build(context: ResourceContext): UntypedHandlers;
}

export function declareResource<T extends { id: string }, V>(declaration: ResourceDeclaration<T, V>): Resource {
  return {
    entity: declaration.entity,
    build(context) {
      const info = context.entities[declaration.entity];
      if (!info) {
        throw new Error(
          `The resource '${declaration.entity}' has no schema with an x-odata extension in the contract. Add one, or fix the name.`,
        );
      }
      const shape: EntityShape<T, V> = { info, navigation: declaration.navigation?.(context.store) ?? {} };
      const entitySets = Object.keys(context.entities);
      const crud = createCrud(
        context.store.collection(declaration.entity) as unknown as Collection<T>,
        shape,
        context.pageSize,
        () => assertRoomForOneMore(context.store, entitySets, context.maxItems),
      );
      return declaration.handlers(crud, context) as UntypedHandlers;
    },
  };
}

// The item an operation acts on is named by the last parameter of its path.
function itemId(path: Record<string, string> | undefined): string {
  const values = Object.values(path ?? {});
  const id = values[values.length - 1];
  if (id === undefined) throw new Error('An item operation was declared on a path without parameters.');
  return id;
}

const STAMPS = ['createdBy', 'createdDateTime', 'modifiedBy', 'modifiedDateTime'] as const;

function createCrud<T extends { id: string }, V>(
  collection: Collection<T>,
  shape: EntityShape<T, V>,
  pageSize: number,
  assertRoom: () => void,
): Crud<T, V> {
  const stamped = STAMPS.every((name) => Object.hasOwn(shape.info.properties, name));
  const modified = (caller: Caller) => (stamped ? { modifiedBy: caller.name, modifiedDateTime: graphTimestamp() } : {});
  return {
    collection,
    list: async ({ req }) => ({ status: 200, body: listView(req, collection.list(), shape, pageSize) }),
    get: async ({ req, path }) => ({ status: 200, body: entityView(req, collection.get(itemId(path)), shape) }),
    insert(fields, caller) {
      assertRoom();
      const at = graphTimestamp();
      const stamps = stamped
        ? { createdBy: caller.name, createdDateTime: at, modifiedBy: caller.name, modifiedDateTime: at }
        : {};
      return collection.insert({ id: globalThis.crypto.randomUUID(), ...fields, ...stamps } as unknown as T);
    },
    created: ({ req }, item, entitySet) => ({ status: 201, body: entityView(req, item, shape, entitySet) }),
    async update({ path, body, caller }) {
      const { '@odata.type': _annotation, ...changes } = body;
      collection.update(itemId(path), { ...changes, ...modified(caller) } as Partial<T>);
      return { status: 204 };
    },
    async remove({ path }) {
      collection.delete(itemId(path));
      return { status: 204 };
    },
  };
}
