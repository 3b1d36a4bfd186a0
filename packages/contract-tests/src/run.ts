import { randomUUID } from 'node:crypto';
import { SIMULATED_STATUSES, type SimulatedStatus } from '@accesspackage/server';
import { exampleBody } from './arbitraries.js';
import { contractProblems, type Expected } from './checks.js';
import type { Coverage } from './coverage.js';
import { type ContractRequest, ContractViolation, type Exchange, send } from './exchange.js';
import { CLEANUPS, MAKERS, RECIPES } from './recipes.js';
import { NeedsStub, WriteRefused } from './refusals.js';
import { type Resource, referencesOf, resourceOf } from './resources.js';
import type { SchemaValidator } from './schema-validator.js';
import { type Contract, headerParameter, isObject, type Operation, pathParameters } from './spec.js';
import { startSimulatedTarget, startStubTarget, type Target } from './target.js';

export interface RunSettings {
  seed: number;
  runs: number;
  /** Put before every display name the suite writes, so its objects are recognisable in a tenant. */
  prefix: string;
  /** Send nothing but GET: a case that would write stops with WriteRefused before its first write goes out. */
  readOnly?: boolean;
}

/**
 * The property the suite writes its names into (with the run's prefix and a case's tag), so that a
 * list can be filtered down to one case's objects.
 */
export const NAME_PROPERTY = 'displayName';

/** How one request deviates from a well-formed call of its operation. */
export interface CallInit {
  /** Path parameter values; missing ones are filled with a fresh GUID. */
  params?: Record<string, string>;
  query?: Array<[string, string]>;
  /** A value to send as JSON. */
  body?: unknown;
  /** Bytes to send as they are (malformed JSON, padding). */
  rawBody?: string;
  /** Content-Type to send with the body; null sends none. Default: the documented media type. */
  contentType?: string | null;
  /** The bearer token; null sends no Authorization header. Default: the target's token. */
  token?: string | null;
  accept?: string;
  /** An `Origin` header, as a web page's request carries. */
  origin?: string;
  /** Call this absolute URL (an `@odata.nextLink`) instead of building one. */
  url?: string;
  /** Another target than the operation's usual one (a simulating stub). */
  target?: Target;
}

/** Something the suite created, to delete when it is done; or a change to undo (a resource added to a catalog). */
type Created = { resource: Resource; id: string; target: Target } | { what: string; undo: () => Promise<void> };

/**
 * The state of one contract run: targets, the objects it created, and coverage. Every request goes
 * through `call`, which checks the answer against the contract and records it.
 */
export class ContractRun {
  private readonly created: Created[] = [];
  private readonly shared = new Map<string, Promise<string>>();
  private readonly fixtures = new Map<string, Promise<unknown>>();
  private readonly handedOut = new Map<string, number>();
  private readonly simulated = new Map<SimulatedStatus, Promise<Target>>();
  private isolated?: Promise<Target>;
  private full?: Promise<Target>;
  private serial = 0;

  constructor(
    readonly contract: Contract,
    readonly validator: SchemaValidator,
    readonly resources: Resource[],
    readonly coverage: Coverage,
    readonly target: Target,
    readonly settings: RunSettings,
  ) {}

  /**
   * Operations served only at their own servers (the stub's admin routes) get a stub of their own,
   * since they may act on the whole stub (a reset would drop what other cases created).
   */
  targetFor(operation: Operation): Promise<Target> {
    if (!operation.pathLevelServers || !this.target.isStub) return Promise.resolve(this.target);
    // With an admin token, so that the admin routes' 401 can be provoked; the run sends it where the contract says.
    this.isolated ??= startStubTarget(
      this.contract.scopes,
      { adminToken: `contract-test-admin-${randomUUID()}` },
      'stub for stub-only operations',
    );
    return this.isolated;
  }

  simulatingTarget(status: SimulatedStatus): Promise<Target> {
    let target = this.simulated.get(status);
    if (!target) {
      target = startSimulatedTarget(this.contract.scopes, status, this.settings.seed);
      this.simulated.set(status, target);
    }
    return target;
  }

  /** A stub whose item quota its start-up data already fills (`--max-items 1`: the General catalog), so every create answers 507. */
  fullTarget(): Promise<Target> {
    this.full ??= startStubTarget(this.contract.scopes, { maxItems: 1 }, 'stub at its item quota');
    return this.full;
  }

  static simulatable(status: number): status is SimulatedStatus {
    return (SIMULATED_STATUSES as readonly number[]).includes(status);
  }

  /** A display name that marks the object as this run's, with `text` after the prefix. */
  displayName(text: string): string {
    return `${this.settings.prefix}${text}`;
  }

  /** A unique tag for one case's objects (put after the prefix), so a list can be filtered down to them. */
  tag(): string {
    this.serial += 1;
    return `t${this.serial}-${randomUUID().slice(0, 8)}`;
  }

  async call(operation: Operation, init: CallInit, expected: Expected, footer: string[] = []): Promise<Exchange> {
    const target = init.target ?? (await this.targetFor(operation));
    const request = this.requestOf(operation, await this.withParents(operation, init), target);
    if (this.settings.readOnly && request.method !== 'GET' && request.method !== 'HEAD') {
      throw new WriteRefused(`${request.method} ${operation.path}`);
    }
    const response = await send(request);
    const exchange = { request, response };
    this.coverage.record(operation, response.status, {
      simulated: target.answeredBySimulation?.(operation, response.status) ?? false,
    });
    this.track(operation, exchange, target);
    const problems = contractProblems(this.validator, operation, exchange, expected);
    if (problems.length > 0) {
      throw new ContractViolation(
        `${operation.id} answered against the contract (${problems.length} problem(s)):`,
        problems,
        exchange,
        [
          ...footer,
          `Seed: CONTRACT_SEED=${this.settings.seed} (rerun with the same seed to get the same bodies).`,
          target.replayHint,
        ],
      );
    }
    return exchange;
  }

  /**
   * A resource under a parent (a catalog's custom workflow extensions) lives under the run's shared parent: a call of
   * its operations that names no parent names that one. Its own id, left out, stays a random one (a 404 case's).
   */
  private async withParents(operation: Operation, init: CallInit): Promise<CallInit> {
    if (init.url !== undefined) return init;
    const own = resourceOf(this.resources, operation);
    if (!own || (own.itemPath.match(/\{/g) ?? []).length < 2) return init;
    const params = { ...init.params };
    for (const parameter of pathParameters(operation)) {
      if (parameter.name === own.idParameter || params[parameter.name] !== undefined) continue;
      const parent = this.resources.find((r) => r.idParameter === parameter.name);
      if (parent) params[parameter.name] = await this.sharedObject(parent);
    }
    return { ...init, params };
  }

  private requestOf(operation: Operation, init: CallInit, target: Target): ContractRequest {
    let url = init.url;
    if (url === undefined) {
      let path = operation.path;
      for (const parameter of pathParameters(operation)) {
        const value = init.params?.[parameter.name] ?? randomUUID();
        path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
      }
      const base = target.urlOf(operation, path);
      if (base === undefined) throw new NeedsStub(`${target.description} does not serve ${operation.id}.`);
      const query = new URLSearchParams(init.query ?? []).toString();
      url = query ? `${base}?${query}` : base;
    }
    const headers: Record<string, string> = { accept: init.accept ?? 'application/json' };
    const token = init.token === undefined ? this.defaultToken(operation, target) : init.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (headerParameter(operation, 'client-request-id')) headers['client-request-id'] = randomUUID();
    if (init.origin !== undefined) headers.origin = init.origin;
    let body: string | undefined;
    if (init.rawBody !== undefined) body = init.rawBody;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    const contentType = init.contentType === undefined ? operation.requestBody?.mediaType : init.contentType;
    if (contentType && (body !== undefined || init.contentType !== undefined)) headers['content-type'] = contentType;
    return {
      method: operation.method.toUpperCase(),
      url,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(token !== null && token === target.token && target.tokenVariable
        ? { tokenVariable: target.tokenVariable }
        : {}),
    };
  }

  /**
   * The token an operation's security asks for: Graph's bearer token, another scheme's token when the target
   * has one (the stub's admin token), or none when the operation needs none.
   */
  private defaultToken(operation: Operation, target: Target): string | null {
    if (operation.security.length === 0) return null;
    const scheme = operation.securitySchemes[0];
    // Every scheme but the stub's own admin token stands for Graph's token (the contract's is `azureaadv2`).
    if (scheme === undefined || scheme !== 'stubAdminToken') return target.token;
    return target.tokenForScheme?.(scheme) ?? null;
  }

  // Remembers what the suite created (even by mistake, when a server accepts a bad body) and forgets what it deleted.
  private track(operation: Operation, { request, response }: Exchange, target: Target): void {
    if (response.status < 200 || response.status >= 300) return;
    for (const resource of this.resources) {
      if (resource.creators.includes(operation) && isObject(response.json) && typeof response.json.id === 'string') {
        this.created.push({ resource, id: response.json.id, target });
      }
      if (resource.remove === operation) {
        const id = decodeURIComponent(new URL(request.url).pathname.split('/').pop() ?? '');
        const index = this.created.findIndex(
          (c) => 'resource' in c && c.resource === resource && c.id === id && c.target === target,
        );
        if (index >= 0) this.created.splice(index, 1);
      }
    }
  }

  /** A valid body for `operation`: the contract's first example, else one generated from its schema. */
  exampleBody(operation: Operation): unknown {
    return exampleBody(this.contract, operation, this.settings.seed);
  }

  /**
   * Makes a body this run may send: references point at objects the run created (so nothing of a
   * tenant is touched) and display names carry the run's prefix. `params` are the path parameters the
   * body goes with, for operations whose recipe binds the body to them.
   */
  async bind(
    operation: Operation,
    body: unknown,
    references: Record<string, string> = {},
    params?: Record<string, string>,
  ): Promise<unknown> {
    if (!isObject(body)) return body;
    const bound: Record<string, unknown> = { ...body };
    for (const reference of referencesOf(this.contract, this.resources, operation)) {
      if (!(reference.property in bound) && !(reference.property in references)) continue;
      bound[reference.property] = references[reference.property] ?? (await this.sharedObject(reference.resource));
    }
    const name = bound[NAME_PROPERTY];
    if (typeof name === 'string') bound[NAME_PROPERTY] = this.displayName(name);
    const recipe = RECIPES[operation.id];
    return recipe?.bind ? recipe.bind(this, bound, params ?? (await this.subject(operation))) : bound;
  }

  /** The operation with `operationId`; throws when the contract has none. */
  operation(operationId: string): Operation {
    const found = this.contract.operations.find((op) => op.id === operationId);
    if (!found) throw new Error(`The contract has no operation '${operationId}'.`);
    return found;
  }

  /** The resource whose schema is `name`; throws when the contract implies none. */
  resource(name: string): Resource {
    const found = this.resources.find((r) => r.name === name);
    if (!found) throw new Error(`The contract implies no resource '${name}'.`);
    return found;
  }

  /** Creates an object of `resource` with its first creator; the run deletes it at the end. */
  async createObject(
    resource: Resource,
    options: { body?: unknown; references?: Record<string, string>; name?: string } = {},
  ): Promise<Record<string, unknown>> {
    const creator = resource.creators[0];
    const maker = MAKERS[resource.name];
    if (!creator && maker) return maker(this);
    if (!creator && resource.list) return this.builtInObject(resource);
    if (!creator) throw new Error(`The contract documents no way to create a ${resource.name}.`);
    const example = (options.body ?? this.exampleBody(creator)) as Record<string, unknown>;
    // Named where its body has a name (a role assignment has none).
    const nameable =
      isObject(creator.requestBody?.schema.properties) && NAME_PROPERTY in creator.requestBody.schema.properties;
    const named =
      options.name !== undefined && nameable && isObject(example)
        ? { ...example, [NAME_PROPERTY]: options.name }
        : example;
    // A creator under a parent (a catalog's custom workflow extensions) creates under the run's shared parent.
    const params = pathParameters(creator).length > 0 ? await this.subject(creator) : undefined;
    const body = await this.bind(creator, named, options.references, params);
    const { response } = await this.call(creator, { body, ...(params ? { params } : {}) }, 'success');
    return response.json as Record<string, unknown>;
  }

  /**
   * An object every tenant has, for a resource nothing creates (role definitions): the ones its list answers, in turn,
   * so that cases wanting several get different ones. The run never changes or deletes them.
   */
  private async builtInObject(resource: Resource): Promise<Record<string, unknown>> {
    const list = resource.list;
    if (!list) throw new Error(`The contract documents no way to create or list a ${resource.name}.`);
    const items = await this.once(`the ${resource.name} objects every tenant has`, async () => {
      const { response } = await this.call(list, {}, 'success');
      return ((response.json as { value?: Array<Record<string, unknown>> }).value ?? []).slice();
    });
    const next = this.handedOut.get(resource.name) ?? 0;
    this.handedOut.set(resource.name, next + 1);
    const item = items[next % Math.max(items.length, 1)];
    if (!item) throw new Error(`${list.id} lists no ${resource.name}: there is none to read.`);
    return item;
  }

  /** Deletes an object of the run, clearing the way first where its resource needs it (see CLEANUPS). */
  async removeObject(resource: Resource, id: string): Promise<void> {
    const cleanup = CLEANUPS[resource.name];
    if (cleanup) return cleanup(this, id, this.target);
    if (!resource.remove) throw new Error(`The contract documents no delete of a ${resource.name}.`);
    await this.call(resource.remove, { params: { [resource.idParameter]: id } }, 'success');
  }

  /** One object of `resource` that cases may read and fail to change; created once per run. */
  sharedObject(resource: Resource): Promise<string> {
    let id = this.shared.get(resource.name);
    if (!id) {
      id = this.createObject(resource).then((o) => String(o.id));
      this.shared.set(resource.name, id);
      id.catch(() => this.shared.delete(resource.name));
    }
    return id;
  }

  /**
   * What `make` builds, built once per run under `key` and shared by the cases that only read it
   * (objects created for several cases). A failed build is forgotten, so the next case tries again.
   */
  once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let made = this.fixtures.get(key) as Promise<T> | undefined;
    if (!made) {
      made = make();
      this.fixtures.set(key, made);
      made.catch(() => this.fixtures.delete(key));
    }
    return made;
  }

  /**
   * Path parameters naming objects the case may act on: each parameter that is a resource's id names the
   * run's shared object of it, or a fresh one for the item an operation deletes. Operations with a recipe
   * get theirs.
   */
  async subject(operation: Operation): Promise<Record<string, string>> {
    const recipe = RECIPES[operation.id];
    if (recipe?.params) return recipe.params(this);
    const own = this.resources.find((r) => r.itemPath === operation.path);
    const params: Record<string, string> = {};
    for (const parameter of pathParameters(operation)) {
      const resource = this.resources.find((r) => r.idParameter === parameter.name);
      if (!resource) continue;
      params[parameter.name] =
        resource === own && operation === own.remove
          ? String((await this.createObject(resource)).id)
          : await this.sharedObject(resource);
    }
    return params;
  }

  /**
   * Registers a change to undo when the run ends, in order with what it created (newest first): a
   * recipe's resource added to a catalog is removed before the catalog is deleted. An undo that finds
   * nothing to undo (404) is fine.
   */
  defer(what: string, undo: () => Promise<void>): void {
    this.created.push({ what, undo });
  }

  /** Deletes what the run created, newest first; returns what could not be deleted. */
  async cleanUp(): Promise<string[]> {
    const leftovers: string[] = [];
    // What went wrong, on one line: the headline and, for a violation, its problems and the answer's error.
    const why = (err: unknown) => {
      if (!(err instanceof ContractViolation)) return err instanceof Error ? err.message.split('\n')[0] : String(err);
      const error = (err.exchange.response.json as { error?: { code?: string; message?: string } } | undefined)?.error;
      const answer = error ? ` (${error.code}: ${String(error.message).slice(0, 200)})` : '';
      return `${err.headline} ${err.problems.join('; ')}${answer}`;
    };
    for (const entry of this.created.splice(0).reverse()) {
      if ('undo' in entry) {
        try {
          await entry.undo();
        } catch (err) {
          const status = err instanceof ContractViolation ? err.exchange.response.status : undefined;
          if (status !== 404) leftovers.push(`${entry.what}: ${why(err)}`);
        }
        continue;
      }
      const { resource, id, target } = entry;
      const cleanup = CLEANUPS[resource.name];
      if (!resource.remove && !cleanup) {
        leftovers.push(`${resource.name} ${id} (the contract documents no delete)`);
        continue;
      }
      try {
        if (cleanup) await cleanup(this, id, target);
        else if (resource.remove)
          await this.call(resource.remove, { params: { [resource.idParameter]: id }, target }, 'success');
      } catch (err) {
        const status = err instanceof ContractViolation ? err.exchange.response.status : undefined;
        if (status !== 404) leftovers.push(`${resource.name} ${id} at ${target.description}: ${why(err)}`);
      }
    }
    return leftovers;
  }

  async close(): Promise<void> {
    const extra = [
      ...this.simulated.values(),
      ...(this.isolated ? [this.isolated] : []),
      ...(this.full ? [this.full] : []),
    ];
    const targets = await Promise.allSettled(extra);
    await Promise.all(targets.map((t) => (t.status === 'fulfilled' ? t.value.close() : undefined)));
    await this.target.close();
  }
}
