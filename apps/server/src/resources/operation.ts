import type { OperationId, OperationTypes } from '@accesspackage/types';
import type { Request } from 'express';
import type { Caller } from '../auth/index.js';

type Data<K extends OperationId> = OperationTypes[K]['data'];
type Responses<K extends OperationId> = OperationTypes[K]['responses'];

/** What a handler gets: the validated body and path parameters, typed from the contract. */
export interface HandlerInput<K extends OperationId> {
  body: Data<K>['body'];
  path: Data<K>['path'];
  caller: Caller;
  /** For what the contract leaves to OData: the query options and the URL links are built from. */
  req: Request;
}

/** A status the operation declares, with the body the contract gives that status (none for 204). */
export type Reply<K extends OperationId> = {
  [S in keyof Responses<K>]: Responses<K>[S] extends void ? { status: S } : { status: S; body: Responses<K>[S] };
}[keyof Responses<K>];

/** The code behind one operation of the contract: it cannot take or answer what the contract does not declare. */
export type Handler<K extends OperationId> = (input: HandlerInput<K>) => Reply<K> | Promise<Reply<K>>;

/** A resource's handlers, by operationId. */
export type Handlers = { [K in OperationId]?: Handler<K> };

/**
 * A handler as the router calls it, after the validator has checked the request against the
 * contract. Method syntax makes its parameter bivariant, so every typed Handler fits here, and
 * so do handlers of resources declared without generated types (such as a test's).
 */
export interface UntypedHandlers {
  [operationId: string]: {
    handle(input: { body: unknown; path: Record<string, string>; caller: Caller; req: Request }): UntypedReply | Promise<UntypedReply>;
  }['handle'];
}

export type UntypedReply = { status: number; body?: unknown };
