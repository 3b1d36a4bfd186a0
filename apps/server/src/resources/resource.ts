import type { ODataEntityInfo, RolesInfo } from '@accesspackage/openapi';
import type { Request } from 'express';
import type { Caller } from '../auth/index.js';
import type { TenantClocks } from '../graph/clock.js';
import { type GraphHttpError, notFound } from '../graph/http-error.js';
import { graphTimestamp } from '../graph/timestamps.js';
import { both } from '../odata/conditions.js';
import type { Condition } from '../odata/filter-syntax.js';
import type { Store, StoredEntity, TenantStore } from '../store/store.js';
import type { Settler } from './lifecycle/settling.js';
import type { Handlers, UntypedHandlers } from './operation.js';
import { assertRoomForOneMore } from './quota.js';
import {
  type CollectionPage,
  type EntityShape,
  entityView,
  type ListScope,
  listView,
  type Navigation,
} from './views.js';

/** What the app hands every resource when it builds the handlers. */
export interface ResourceContext {
  store: Store;
  /** Items per page when the caller gives no `$top`. */
  pageSize: number;
  /** How many items the tenant may hold, across its entity sets; creates past it answer 507. */
  maxItems: number;
  /** How many tenants the store may hold; a request of a new tenant past it answers 507. */
  maxTenants: number;
  /** Each tenant's time, which its lifecycle (deliveries, schedules, expiry) follows. */
  clocks: TenantClocks;
  /** How long after its submission an assignment request is processed, in milliseconds of the clock. */
  deliveryDelayMs: number;
  /** Brings a tenant's lifecycle up to the clock before each request is answered. */
  settler: Settler;
  /** Every entity's OData capabilities, from the contract's `x-odata` extensions. */
  entities: Record<string, ODataEntityInfo>;
  /** Entitlement Management's roles and what each operation needs, from the contract's `x-roles`. */
  roles: RolesInfo;
  /** Every declared entity's shape, by entity name, for nested `$expand`; filled as resources are built. */
  shapes: Map<string, EntityShape<StoredEntity, unknown>>;
}

/**
 * What the shared operations read of a handler's input; `visible`, for a list, the items the caller's roles let it
 * see (resources/access.ts).
 */
type Input = { caller: Caller; store: TenantStore; req: Request; path?: Record<string, string>; visible?: Condition };
/** A PATCH body: some stored properties, and OData annotations, which carry no data. */
type Changes<T> = Partial<T> & { '@odata.type'?: string };

/** The operations every entity set has in common, typed by its stored type T and its contract type V. */
export interface Crud<T extends { id: string }, V> {
  /** A page of the collection; `within` narrows it to one parent's items (a catalog's resources). */
  list(input: Input, within?: ListScope<T>): Promise<{ status: 200; body: CollectionPage<V> }>;
  get(input: Input): Promise<{ status: 200; body: V }>;
  /** The item, or 404 ResourceNotFound. */
  find(store: TenantStore, id: string): Promise<T>;
  /**
   * Stores a new item with a server-assigned id (a GUID, unless `id` gives another) and, where the entity has
   * them, created/modified stamps; throws 507 quotaLimitReached when the tenant is full.
   */
  insert(store: TenantStore, fields: Omit<T, 'id'>, caller: Caller, id?: string): Promise<T>;
  /** The 200 answer showing `item` as the caller sees it (an item found or prepared by the handler). */
  shown(input: Input, item: T): Promise<{ status: 200; body: V }>;
  /** The 201 answer for an item just inserted; `entitySet` names another path's set in `@odata.context`. */
  created(input: Input, item: T, entitySet?: string): Promise<{ status: 201; body: V }>;
  update(input: Input & { body: Changes<T> }): Promise<{ status: 204 }>;
  remove(input: Input): Promise<{ status: 204 }>;
}

/**
 * A resource: the entity it serves (the schema name whose `x-odata` describes it, which also names
 * it in the store), how its navigation properties resolve, and its handlers by operationId. Plain
 * CRUD is `crud.list`, `crud.get`, ...; what is truly the resource's own (defaults, checks across
 * entities) is written in its handlers.
 */
export interface ResourceDeclaration<T extends { id: string }, V> {
  entity: string;
  navigation?: Navigation<T, V>;
  /**
   * Stored keys that are references the stub keeps for itself (`accessPackageCatalog/id`): `$filter` may
   * name them where the contract's x-odata does, and views never show them.
   */
  references?: readonly string[];
  /** The 404 for an id that names nothing. Default: Entitlement Management's `ResourceNotFound`. */
  notFound?: (id: string) => GraphHttpError;
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
      const shape: EntityShape<T, V> = {
        name: declaration.entity,
        info,
        navigation: declaration.navigation ?? {},
        references: (declaration.references ?? []).length > 0,
        shapeOf: (entity) => shapeOf(context, entity),
      };
      context.shapes.set(declaration.entity, shape as unknown as EntityShape<StoredEntity, unknown>);
      const crud = createCrud(shape, context.pageSize, context.maxItems, declaration.notFound ?? notFound);
      return declaration.handlers(crud, context) as UntypedHandlers;
    },
  };
}

// An entity no resource declares (embedded only) is shown as stored, without navigation of its own.
function shapeOf(context: ResourceContext, entity: string): EntityShape<StoredEntity, unknown> {
  const declared = context.shapes.get(entity);
  if (declared) return declared;
  const info = context.entities[entity];
  if (!info) throw new Error(`The contract has no x-odata schema '${entity}'.`);
  return { name: entity, info, navigation: {}, references: true, shapeOf: (other) => shapeOf(context, other) };
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
  shape: EntityShape<T, V>,
  pageSize: number,
  maxItems: number,
  missing: (id: string) => GraphHttpError,
): Crud<T, V> {
  const entity = shape.name;
  const stamped = STAMPS.every((name) => Object.hasOwn(shape.info.properties, name));
  const modified = (caller: Caller) => (stamped ? { modifiedBy: caller.name, modifiedDateTime: graphTimestamp() } : {});
  // The store holds plain JSON of the entity's properties, written only through this module.
  const typed = (item: StoredEntity) => item as unknown as T;
  const find = async (store: TenantStore, id: string) => {
    const item = await store.get(entity, id);
    if (!item) throw missing(id);
    return typed(item);
  };
  return {
    list: async ({ req, store, visible }, within = {}) => ({
      status: 200,
      body: await listView(req, store, shape, pageSize, { ...within, scope: both(within.scope, visible) }),
    }),
    get: async ({ req, store, path }) => ({
      status: 200,
      body: await entityView(req, await find(store, itemId(path)), store, shape),
    }),
    find,
    async insert(store, fields, caller, id = globalThis.crypto.randomUUID()) {
      await assertRoomForOneMore(store, maxItems);
      const at = graphTimestamp();
      const stamps = stamped
        ? { createdBy: caller.name, createdDateTime: at, modifiedBy: caller.name, modifiedDateTime: at }
        : {};
      const item = JSON.parse(JSON.stringify({ id, ...fields, ...stamps })) as StoredEntity;
      await store.insert(entity, item);
      return typed(item);
    },
    shown: async ({ req, store }, item) => ({ status: 200, body: await entityView(req, item, store, shape) }),
    created: async ({ req, store }, item, entitySet) => ({
      status: 201,
      body: await entityView(req, item, store, shape, entitySet),
    }),
    async update({ path, body, caller, store }) {
      const { '@odata.type': _annotation, ...changes } = body;
      const updated = await store.update(entity, itemId(path), (current) =>
        // JSON drops what was sent as undefined: PATCH changes only what it names.
        JSON.parse(JSON.stringify({ ...current, ...changes, ...modified(caller) })),
      );
      if (!updated) throw missing(itemId(path));
      return { status: 204 };
    },
    async remove({ path, store }) {
      if (!(await store.delete(entity, itemId(path)))) throw missing(itemId(path));
      return { status: 204 };
    },
  };
}
