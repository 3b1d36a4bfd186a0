import { createDevToken, type SimulatedStatus, type StartOptions, startServer } from '@accesspackage/server';
import type { Operation } from './spec.js';

/** Where the suite sends its requests. */
export interface Target {
  /** For messages and the coverage table. */
  description: string;
  /** An in-process stub: stub-only controls (dev tokens, simulation, admin routes) are available. */
  isStub: boolean;
  /** The URL of `path` (already filled in) of `operation`, or undefined when this target does not serve it. */
  urlOf(operation: Operation, path: string): string | undefined;
  /** The token that may do everything the contract documents. */
  token: string;
  /**
   * The token for a security scheme other than Graph's bearer token (the stub's `stubAdminToken`);
   * undefined when this target has none.
   */
  tokenForScheme?(scheme: string): string | undefined;
  /** The environment variable the token came from, so failure messages never print a tenant's token. */
  tokenVariable?: string;
  /**
   * Whether this target's simulation layer, not `operation`, gave the answer with `status`: a simulating
   * stub answers every /beta request before routing. Absent on targets that simulate nothing.
   */
  answeredBySimulation?(operation: Operation, status: number): boolean;
  /**
   * A dev token holding exactly `scopes`, with `claims` added (`oid` to sign in as a user of the run); undefined where
   * tokens cannot be minted (a real tenant).
   */
  tokenWith(scopes: string[], claims?: Record<string, unknown>): string | undefined;
  /** How a person gets a server like this one to replay a failure on. */
  replayHint: string;
  close(): Promise<void>;
}

export interface TargetSettings {
  /** CONTRACT_BASE_URL: any server, real Graph included. Absent: an in-process stub. */
  baseUrl?: string;
  /** CONTRACT_TOKEN, needed with baseUrl. */
  token?: string;
}

export function readTargetSettings(env: NodeJS.ProcessEnv): TargetSettings {
  const baseUrl = env.CONTRACT_BASE_URL?.trim();
  const token = env.CONTRACT_TOKEN?.trim();
  return { ...(baseUrl ? { baseUrl } : {}), ...(token ? { token } : {}) };
}

/** CLI flags that start a stub with the same options, for the replay hint. */
function cliFlags(options: StartOptions): string {
  const flags: string[] = [];
  const simulation = options.simulation;
  if (simulation?.errorRate) flags.push(`--error-rate ${simulation.errorRate}`);
  if (simulation?.errorStatuses?.length) flags.push(`--error-statuses ${simulation.errorStatuses.join(',')}`);
  if (simulation?.retryAfterSeconds !== undefined) flags.push(`--retry-after ${simulation.retryAfterSeconds}`);
  if (simulation?.seed !== undefined) flags.push(`--seed ${simulation.seed}`);
  if (options.maxItems !== undefined) flags.push(`--max-items ${options.maxItems}`);
  flags.push(`--delivery-delay ${options.deliveryDelayMs ?? 0}`);
  if (options.adminToken !== undefined) flags.push(`--admin-token ${options.adminToken}`);
  return flags.join(' ');
}

/** A stub in this process on an ephemeral port; `scopes` are the ones its default token holds. */
export async function startStubTarget(
  scopes: string[],
  options: StartOptions = {},
  label = 'in-process stub',
): Promise<Target> {
  // Response validation stays off: the suite is the judge here, and it should see what a handler really sends.
  // Assignment requests are processed on the stub's next request, so the suite need not wait for deliveries.
  const stub = await startServer({ port: 0, deliveryDelayMs: 0, ...options });
  const flags = cliFlags(options);
  return {
    description: `${label} at ${stub.origin}`,
    isStub: true,
    urlOf: (operation, path) => `${stub.origin}${operation.serverPath}${path}`,
    token: createDevToken({ scopes }),
    tokenForScheme: (scheme) => (scheme === 'stubAdminToken' ? stub.adminToken : undefined),
    tokenWith: (only, claims) => createDevToken({ scopes: only, ...(claims ? { claims } : {}) }),
    replayHint:
      `The ${label} stopped with the run; to replay, start one with \`npx -y pnpm@12.4.2 start --port ${new URL(stub.origin).port}${flags ? ` ${flags}` : ''}\` ` +
      '(it starts empty: create the objects the request names first).',
    close: () => stub.close(),
  };
}

/** A server the suite does not control; it only serves the operations under the API's own servers. */
export function externalTarget(settings: Required<TargetSettings>): Target {
  const base = settings.baseUrl.replace(/\/+$/, '');
  return {
    description: base,
    isStub: false,
    urlOf: (operation, path) => (operation.pathLevelServers ? undefined : `${base}${path}`),
    token: settings.token,
    tokenVariable: 'CONTRACT_TOKEN',
    tokenWith: () => undefined,
    replayHint: `Target: ${base}; set CONTRACT_TOKEN in your shell before pasting.`,
    close: async () => undefined,
  };
}

export async function startTarget(settings: TargetSettings, scopes: string[]): Promise<Target> {
  if (settings.baseUrl === undefined) return startStubTarget(scopes);
  if (settings.token === undefined) {
    throw new Error('CONTRACT_BASE_URL is set but CONTRACT_TOKEN is not: give the bearer token to call it with.');
  }
  return externalTarget({ baseUrl: settings.baseUrl, token: settings.token });
}

/**
 * A stub that answers every /beta request with `status`, as Graph's front door does under load. Its
 * simulation middleware answers before any routing (it is mounted on /beta only), so these answers are
 * recorded as the simulation's, not the operation's.
 */
export async function startSimulatedTarget(scopes: string[], status: SimulatedStatus, seed: number): Promise<Target> {
  const target = await startStubTarget(
    scopes,
    { simulation: { errorRate: 1, errorStatuses: [status], seed } },
    `simulating stub (${status})`,
  );
  return {
    ...target,
    answeredBySimulation: (operation, answered) =>
      answered === status && `${operation.serverPath}${operation.path}`.startsWith('/beta/'),
  };
}
