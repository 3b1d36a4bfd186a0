import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthenticatorOptions, AuthMode } from '../auth/index.js';
import { loadJwks } from '../auth/index.js';
import { parseInstant } from '../graph/timestamps.js';
import { type CorsOrigins, parseCorsOrigins } from '../http/cors.js';
import { normalizePublicUrl } from '../http/hosts.js';
import { DEFAULT_JOURNAL_SIZE } from '../http/journal.js';
import { LOG_LEVELS, type LogLevel } from '../http/logging.js';
import { loadDataFile } from '../store/data-file.js';
import { DEFAULT_MAX_TENANTS, type StubData } from '../store/store.js';
import { SIMULATED_STATUSES, type SimulatedStatus, type SimulationOptions } from '../stub/simulation.js';
import { nameOf, type OptionValues } from './options.js';

/** A setting that cannot be used; the CLI prints the message and exits 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Where --https keeps its certificate unless --cert-dir says otherwise: one place per machine, reused by every start. */
export const DEFAULT_CERT_DIR = join(tmpdir(), 'accesspackage-stub');

export interface ServeConfig {
  port: number;
  host: string;
  publicUrl?: string;
  corsOrigins: CorsOrigins;
  adminToken?: string;
  auth: AuthenticatorOptions;
  simulation: SimulationOptions;
  data?: StubData;
  database?: string;
  pageSize: number;
  maxItems: number;
  maxTenants: number;
  journalSize: number;
  deliveryDelayMs: number;
  /** Where the clock stands still until it is moved (--frozen-clock). */
  frozenClockAt?: Date;
  validateResponses: boolean;
  tls?: { mode: 'self-signed'; certDir: string } | { mode: 'files'; certPath: string; keyPath: string };
  logLevel: LogLevel;
}

const str = (values: OptionValues, key: string): string | undefined => {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
};

/** An ISO 8601 time with its zone, within the years Graph can write. */
function instant(text: string, what: string): Date {
  const at = parseInstant(text);
  if (!at) {
    throw new ConfigError(`${what} must be an ISO 8601 time with its zone, like 2030-01-01T00:00:00Z; got "${text}".`);
  }
  return at;
}

function integer(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max)
    throw new ConfigError(`${what} must be a whole number from ${min} to ${max}; got "${text}".`);
  return n;
}

// A parser's plain Error as the ConfigError of the flag it read.
function flagged<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new ConfigError(`${flag}: ${(err as Error).message}`);
  }
}

/** `150` or `50-200` (milliseconds). */
export function parseLatency(text: string, name = '--latency'): { min: number; max: number } {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match?.[1])
    throw new ConfigError(`${name} must be milliseconds like 100 or a range like 50-200; got "${text}".`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new ConfigError(`${name} range "${text}" ends before it starts; write it as min-max.`);
  return { min, max };
}

const WINDOW_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `100/10s`: at most 100 requests in each 10-second window (units ms, s, m, h; bare numbers are seconds). */
export function parseRateLimit(text: string, name = '--rate-limit'): { requests: number; windowMs: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!match?.[1]) throw new ConfigError(`${name} must look like 100/10s (requests per window); got "${text}".`);
  const requests = Number(match[1]);
  const windowMs = Number(match[2] ?? '1') * (WINDOW_UNITS[match[3] ?? 's'] ?? 1000);
  if (requests < 1 || windowMs <= 0)
    throw new ConfigError(`${name} "${text}" must allow at least 1 request in a window longer than 0.`);
  return { requests, windowMs };
}

export function parseErrorStatuses(text: string, name = '--error-statuses'): SimulatedStatus[] {
  const statuses = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const allowed = SIMULATED_STATUSES as readonly number[];
  const bad = statuses.filter((s) => !allowed.includes(Number(s)));
  if (bad.length > 0 || statuses.length === 0) {
    throw new ConfigError(`${name} may list only ${SIMULATED_STATUSES.join(', ')}; got "${text}".`);
  }
  return statuses.map(Number) as SimulatedStatus[];
}

export function parseErrorRate(text: string, name = '--error-rate'): number {
  const rate = Number(text);
  if (text.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new ConfigError(`${name} must be a share between 0 and 1, like 0.1; got "${text}".`);
  }
  return rate;
}

/** Turns flags and environment into the stub's settings, reading the files they name. */
export function serveConfig(values: OptionValues): ServeConfig {
  const name = (flag: string) => nameOf(values, flag);
  const mode = (str(values, 'auth') ?? 'claims') as AuthMode;
  if (!['claims', 'strict', 'off'].includes(mode))
    throw new ConfigError(`${name('auth')} must be claims, strict or off; got "${mode}".`);
  const jwksFile = str(values, 'jwks-file');
  const jwtSecret = str(values, 'jwt-secret');
  if (mode === 'strict' && !jwksFile && !jwtSecret) {
    throw new ConfigError(
      '--auth strict needs a key to verify tokens: give --jwt-secret <secret> (HS256), --jwks-file <path>, or both.',
    );
  }
  let jwks: AuthenticatorOptions['jwks'];
  if (jwksFile) {
    try {
      jwks = loadJwks(jwksFile);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
  }

  const latency = str(values, 'latency');
  const errorRate = str(values, 'error-rate');
  const rateLimit = str(values, 'rate-limit');
  const seed = str(values, 'seed');
  const simulation: SimulationOptions = {
    ...(latency ? { latencyMs: parseLatency(latency, name('latency')) } : {}),
    ...(errorRate ? { errorRate: parseErrorRate(errorRate, name('error-rate')) } : {}),
    errorStatuses: parseErrorStatuses(
      str(values, 'error-statuses') ?? SIMULATED_STATUSES.join(','),
      name('error-statuses'),
    ),
    ...(rateLimit ? { rateLimit: parseRateLimit(rateLimit, name('rate-limit')) } : {}),
    ...(seed ? { seed: integer(seed, name('seed'), 0, 2 ** 32 - 1) } : {}),
    retryAfterSeconds: integer(str(values, 'retry-after') ?? '1', name('retry-after'), 0, 3600),
  };

  const dataFile = str(values, 'data-file');
  let data: StubData | undefined;
  if (dataFile) {
    try {
      data = loadDataFile(dataFile);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
  }

  const cert = str(values, 'cert');
  const key = str(values, 'key');
  if (!!cert !== !!key)
    throw new ConfigError(
      '--cert and --key go together: give both files, or use --https for a self-signed certificate.',
    );
  const tls: ServeConfig['tls'] =
    cert && key
      ? { mode: 'files', certPath: cert, keyPath: key }
      : values.https === true
        ? { mode: 'self-signed', certDir: str(values, 'cert-dir') ?? DEFAULT_CERT_DIR }
        : undefined;

  const publicUrlText = str(values, 'public-url');
  const publicUrl =
    publicUrlText === undefined ? undefined : flagged('--public-url', () => normalizePublicUrl(publicUrlText));
  const adminToken = str(values, 'admin-token');
  if (adminToken !== undefined && adminToken.length < 16)
    throw new ConfigError('--admin-token must be at least 16 characters long, so that it cannot be guessed.');
  const corsOrigins = flagged('--cors-origins', () => parseCorsOrigins(str(values, 'cors-origins') ?? '*'));

  const logLevel = (str(values, 'log-level') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`${name('log-level')} must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}".`);

  return {
    port: integer(str(values, 'port') ?? '4010', name('port'), 0, 65535),
    host: str(values, 'host') ?? '127.0.0.1',
    ...(publicUrl ? { publicUrl } : {}),
    corsOrigins,
    ...(adminToken ? { adminToken } : {}),
    auth: {
      mode,
      allowAppTokens: values['allow-app-tokens'] === true,
      ...(jwtSecret ? { hs256Secret: jwtSecret } : {}),
      ...(jwks ? { jwks } : {}),
      ...(str(values, 'issuer') ? { issuer: str(values, 'issuer') } : {}),
      maxTokenLifetimeSeconds: integer(
        str(values, 'max-token-lifetime') ?? '100800',
        '--max-token-lifetime',
        60,
        10 * 365 * 86400,
      ),
    },
    simulation,
    ...(data ? { data } : {}),
    ...(str(values, 'database') ? { database: str(values, 'database') } : {}),
    pageSize: integer(str(values, 'page-size') ?? '100', name('page-size'), 1, 999),
    maxItems: integer(str(values, 'max-items') ?? '100000', name('max-items'), 1, 10_000_000),
    maxTenants: integer(str(values, 'max-tenants') ?? String(DEFAULT_MAX_TENANTS), name('max-tenants'), 1, 10_000_000),
    journalSize: integer(
      str(values, 'journal-size') ?? String(DEFAULT_JOURNAL_SIZE),
      name('journal-size'),
      0,
      1_000_000,
    ),
    deliveryDelayMs: integer(str(values, 'delivery-delay') ?? '300', name('delivery-delay'), 0, 86_400_000),
    ...(str(values, 'frozen-clock')
      ? { frozenClockAt: instant(str(values, 'frozen-clock') ?? '', name('frozen-clock')) }
      : {}),
    validateResponses: values['validate-responses'] === true,
    ...(tls ? { tls } : {}),
    logLevel,
  };
}
