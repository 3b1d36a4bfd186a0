import { type ParseArgsConfig, parseArgs } from 'node:util';

/** One command-line option and its environment-variable twin; --help is generated from these. */
export interface OptionSpec {
  flag: string;
  env: string;
  /** Placeholder for a value; absent for on/off switches. */
  value?: string;
  description: string;
  default?: string;
}

export const SERVE_OPTIONS: OptionSpec[] = [
  { flag: 'port', env: 'PORT', value: 'n', description: 'port to listen on; 0 picks a free one', default: '4010' },
  { flag: 'host', env: 'HOST', value: 'addr', description: 'address to listen on', default: '127.0.0.1' },
  {
    flag: 'public-url',
    env: 'STUB_PUBLIC_URL',
    value: 'url',
    description: 'the URL clients reach the stub at (behind a proxy): links start with it, its host is allowed',
  },
  {
    flag: 'cors-origins',
    env: 'STUB_CORS_ORIGINS',
    value: 'list',
    description: 'web origins that may call /beta from a browser: *, none, or a comma-separated list',
    default: '*',
  },
  {
    flag: 'admin-token',
    env: 'STUB_ADMIN_TOKEN',
    value: 'secret',
    description: 'require Authorization: Bearer <secret> on /_stub/*; made up and printed when --host is not loopback',
  },
  {
    flag: 'auth',
    env: 'STUB_AUTH',
    value: 'mode',
    description: 'claims: read token claims unverified; strict: verify tokens; off: no token needed',
    default: 'claims',
  },
  {
    flag: 'allow-app-tokens',
    env: 'STUB_ALLOW_APP_TOKENS',
    description: "accept application tokens (roles), as today's Graph does",
  },
  {
    flag: 'jwt-secret',
    env: 'STUB_JWT_SECRET',
    value: 'secret',
    description: 'strict auth: HS256 shared secret (the `token` command signs with it)',
  },
  {
    flag: 'jwks-file',
    env: 'STUB_JWKS_FILE',
    value: 'path',
    description: 'strict auth: JWKS file with the RS256/ES256 public keys',
  },
  {
    flag: 'issuer',
    env: 'STUB_ISSUER',
    value: 'url',
    description:
      "strict auth: required token issuer ({tenantid} stands for tid); default: Microsoft's, for the token's tid",
  },
  {
    flag: 'max-token-lifetime',
    env: 'STUB_MAX_TOKEN_LIFETIME',
    value: 'seconds',
    description: 'strict auth: refuse tokens that live longer (exp after iat, or after now)',
    default: '100800',
  },
  { flag: 'latency', env: 'STUB_LATENCY', value: 'ms|min-max', description: 'delay every request, e.g. 50-200' },
  {
    flag: 'error-rate',
    env: 'STUB_ERROR_RATE',
    value: '0..1',
    description: 'share of requests that fail with a transient Graph error',
  },
  {
    flag: 'error-statuses',
    env: 'STUB_ERROR_STATUSES',
    value: 'list',
    description: 'statuses random errors use',
    default: '429,500,502,503,504',
  },
  {
    flag: 'rate-limit',
    env: 'STUB_RATE_LIMIT',
    value: 'n/window',
    description: 'throttle like Graph: e.g. 100/10s, then 429 with Retry-After',
  },
  {
    flag: 'retry-after',
    env: 'STUB_RETRY_AFTER',
    value: 'seconds',
    description: 'Retry-After of random 429/503/504 errors',
    default: '1',
  },
  { flag: 'seed', env: 'STUB_SEED', value: 'n', description: 'seed of the simulation, for repeatable runs' },
  {
    flag: 'database',
    env: 'STUB_DATABASE',
    value: 'path|url',
    description:
      'where tenants live: a SQLite file kept across restarts (./stub.db), or postgres://user@host:port/db shared by several stubs',
    default: ':memory:',
  },
  {
    flag: 'data-file',
    env: 'STUB_DATA_FILE',
    value: 'path',
    description:
      'JSON with start-up accessPackageCatalogs, accessPackages, accessPackageAssignmentPolicies, users, groups, accessPackageResources and accessPackageResourceRoleScopes',
  },
  {
    flag: 'page-size',
    env: 'STUB_PAGE_SIZE',
    value: 'n',
    description: 'items per page when $top is not given',
    default: '100',
  },
  {
    flag: 'max-items',
    env: 'STUB_MAX_ITEMS',
    value: 'n',
    description: 'how many access packages and catalogs the tenant may hold; creates past it answer 507',
    default: '100000',
  },
  {
    flag: 'max-tenants',
    env: 'STUB_MAX_TENANTS',
    value: 'n',
    description:
      "how many tenants (tokens' tids) the stub may hold; a request of a new tenant past it answers 507 quotaLimitReached",
    default: '10000',
  },
  {
    flag: 'journal-size',
    env: 'STUB_JOURNAL_SIZE',
    value: 'n',
    description:
      'how many of the last API requests GET /_stub/requests keeps (bodies included, secrets redacted); 0 keeps none',
    default: '1000',
  },
  {
    flag: 'delivery-delay',
    env: 'STUB_DELIVERY_DELAY',
    value: 'ms',
    description:
      "how long after its submission an assignment request is delivered (or goes to approval), in ms of the stub's clock; clients poll, as on Graph",
    default: '300',
  },
  {
    flag: 'frozen-clock',
    env: 'STUB_FROZEN_CLOCK',
    value: 'time',
    description:
      "start the stub's clock at this ISO 8601 time (e.g. 2030-01-01T00:00:00Z) and keep it there until /_stub/clock moves it: every date the stub writes is then known in advance",
  },
  {
    flag: 'validate-responses',
    env: 'STUB_VALIDATE_RESPONSES',
    description: 'check every response against the contract too',
  },
  {
    flag: 'https',
    env: 'STUB_HTTPS',
    description: 'serve TLS with a self-signed development certificate made at start-up',
  },
  {
    flag: 'cert',
    env: 'STUB_TLS_CERT',
    value: 'path',
    description: 'serve TLS with this certificate (PEM; with --key)',
  },
  { flag: 'key', env: 'STUB_TLS_KEY', value: 'path', description: 'private key of --cert (PEM)' },
  {
    flag: 'cert-dir',
    env: 'STUB_CERT_DIR',
    value: 'dir',
    description:
      "where --https keeps its self-signed certificate and key, reused by every later start (so NODE_EXTRA_CA_CERTS stays the same); default: accesspackage-stub in the system's temporary directory",
  },
  {
    flag: 'log-level',
    env: 'LOG_LEVEL',
    value: 'level',
    description: 'fatal, error, warn, info, debug, trace or silent',
    default: 'info',
  },
];

export const TOKEN_OPTIONS: OptionSpec[] = [
  {
    flag: 'scopes',
    env: 'STUB_TOKEN_SCOPES',
    value: 'list',
    description: 'permissions to grant, comma-separated',
    default: 'EntitlementManagement.ReadWrite.All',
  },
  {
    flag: 'upn',
    env: 'STUB_TOKEN_UPN',
    value: 'upn',
    description: 'the signed-in user',
    default: 'developer@contoso.onmicrosoft.com',
  },
  {
    flag: 'oid',
    env: 'STUB_TOKEN_OID',
    value: 'id',
    description:
      "the signed-in user's object id (oid), e.g. a directory user's id for filterByCurrentUser; default: a new GUID",
  },
  { flag: 'app', env: 'STUB_TOKEN_APP', description: 'an application token: permissions go into roles, not scp' },
  {
    flag: 'no-roles',
    env: 'STUB_TOKEN_NO_ROLES',
    description:
      'a plain user: no role at all (by default the token holds Identity Governance Administrator, who may do everything)',
  },
  {
    flag: 'roles',
    env: 'STUB_TOKEN_ROLES',
    value: 'list',
    description:
      'roles to hold instead, comma-separated: catalogOwner:{catalogId}, catalogReader, accessPackageManager:{catalogId}, accessPackageAssignmentManager, catalogCreator, globalReader, identityGovernanceAdministrator, ... (an Entitlement Management role without :{catalogId} holds in every catalog)',
  },
  {
    flag: 'tenant',
    env: 'STUB_TOKEN_TENANT',
    value: 'tid',
    description: 'the tenant (tid) whose data the token sees',
    default: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  },
  { flag: 'expires-in', env: 'STUB_TOKEN_EXPIRES_IN', value: 'seconds', description: 'lifetime', default: '3600' },
  {
    flag: 'jwt-secret',
    env: 'STUB_JWT_SECRET',
    value: 'secret',
    description: "HS256 secret to sign with (the stub's default when absent)",
  },
];

export type OptionValues = Record<string, string | boolean | undefined>;

const TRUE = new Set(['1', 'true', 'yes', 'on']);

// Where each value came from, so that an error names what the user wrote: PORT=abc is reported as PORT, not --port.
const envNames = new WeakMap<OptionValues, Record<string, string>>();

/** The name the user gave a setting under: its environment variable when it came from there, else `--flag`. */
export function nameOf(values: OptionValues, flag: string): string {
  return envNames.get(values)?.[flag] ?? `--${flag}`;
}

/** The distance between two words in single-character edits: how far a typo is from the flag meant. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The known flag an unknown one most likely meant (a typo, or a prefix of it), if one is close enough. */
export function closestFlag(given: string, flags: string[]): string | undefined {
  const word = given.replace(/^-+/, '').split('=')[0] ?? '';
  let best: { flag: string; distance: number } | undefined;
  for (const flag of flags) {
    const distance = flag.startsWith(word) && word.length >= 3 ? 0 : editDistance(word, flag);
    if (!best || distance < best.distance) best = { flag, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? best.flag : undefined;
}

/** Reads flags, falling back to the environment; a flag given on the command line wins. */
export function readOptions(args: string[], specs: OptionSpec[], env: NodeJS.ProcessEnv): OptionValues {
  const config: ParseArgsConfig['options'] = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
  };
  for (const spec of specs) config[spec.flag] = { type: spec.value ? 'string' : 'boolean' };
  let values: ReturnType<typeof parseArgs>['values'];
  try {
    ({ values } = parseArgs({ args, options: config, strict: true, allowPositionals: false }));
  } catch (err) {
    const unknown = /^Unknown option '([^']+)'/.exec((err as Error).message)?.[1];
    const meant = unknown ? closestFlag(unknown, Object.keys(config)) : undefined;
    if (unknown && meant) throw new Error(`Unknown option '${unknown}'. Did you mean --${meant}?`);
    throw err;
  }
  const result: OptionValues = {
    help: values.help as boolean | undefined,
    version: values.version as boolean | undefined,
  };
  const fromEnvironment: Record<string, string> = {};
  for (const spec of specs) {
    const fromFlag = values[spec.flag] as string | boolean | undefined;
    const fromEnv = env[spec.env];
    if (fromFlag !== undefined) result[spec.flag] = fromFlag;
    else if (fromEnv !== undefined && fromEnv !== '') {
      result[spec.flag] = spec.value ? fromEnv : TRUE.has(fromEnv.toLowerCase());
      fromEnvironment[spec.flag] = spec.env;
    } else if (spec.default !== undefined) result[spec.flag] = spec.default;
  }
  envNames.set(result, fromEnvironment);
  return result;
}

export function helpText(usage: string, specs: OptionSpec[]): string {
  const rows = specs.map((s) => {
    const left = `  --${s.flag}${s.value ? ` <${s.value}>` : ''}`;
    const right = `${s.description}${s.default ? ` (default ${s.default})` : ''}  [${s.env}]`;
    return `${left.padEnd(30)} ${right}`;
  });
  return `${usage}\n\nOptions (environment variable in brackets; a flag wins over it):\n${rows.join('\n')}\n  -h, --help                   show this help\n      --version                print the version\n`;
}
