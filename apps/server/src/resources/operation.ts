import type { OperationId, OperationTypes } from '@accesspackage/types';
import type { Request } from 'express';
import type { Caller } from '../auth/index.js';
import type { Condition } from '../odata/filter-syntax.js';
import type { TenantStore } from '../store/store.js';

type Data<K extends OperationId> = OperationTypes[K]['data'];
type Responses<K extends OperationId> = OperationTypes[K]['responses'];

// A status without a body: 204, or one whose response the contract declares without content (hey-api types it unknown).
type Bodiless<T> = unknown extends T ? true : T extends void ? true : false;

/** A status the operation declares, with the body the contract gives that status (none for 204). */
export type Reply<K extends OperationId> = {
  [S in keyof Responses<K>]: Bodiless<Responses<K>[S]> extends true
    ? { status: S }
    : { status: S; body: Responses<K>[S] };
}[keyof Responses<K>];

/**
 * Builds a Reply. Handlers answer through it because TypeScript checks an argument for properties
 * its type lacks, but not an object literal returned from a function: `reply(200, { ...item, colour })`
 * fails typecheck when the contract has no `colour`.
 */
export type Respond<K extends OperationId> = <S extends keyof Responses<K>>(
  status: S,
  ...body: Bodiless<Responses<K>[S]> extends true ? [] : [body: Responses<K>[S]]
) => Reply<K>;

/** What a handler gets: the validated body and path parameters, typed from the contract. */
export interface HandlerInput<K extends OperationId> {
  body: Data<K>['body'];
  path: Data<K>['path'];
  caller: Caller;
  /** The data of the caller's tenant (the token's `tid`). */
  store: TenantStore;
  /** For what the contract leaves to OData: the query options and the URL links are built from. */
  req: Request;
  reply: Respond<K>;
  /** For a list: the items the caller's roles let it see (all when undefined), which crud.list applies. */
  visible?: Condition;
}

/** The code behind one operation of the contract: it cannot take or answer what the contract does not declare. */
export type Handler<K extends OperationId> = (input: HandlerInput<K>) => Promise<Reply<K>>;

/** A resource's handlers, by operationId. */
export type Handlers = { [K in OperationId]?: Handler<K> };

/**
 * A handler as the router calls it, after the validator has checked the request against the
 * contract. Method syntax makes its parameter bivariant, so every typed Handler fits here, and
 * so do handlers of resources declared without generated types (such as a test's).
 */
export interface UntypedHandlers {
  [operationId: string]: {
    handle(input: {
      // biome-ignore lint/suspicious/noExplicitAny: the validator has checked it against the contract; typed handlers narrow it.
      body: any;
      path: Record<string, string>;
      caller: Caller;
      store: TenantStore;
      req: Request;
      reply(status: number, body?: unknown): UntypedReply;
      visible?: Condition;
    }): Promise<UntypedReply>;
  }['handle'];
}

export type UntypedReply = { status: number; body?: unknown };
