import { randomBytes } from 'node:crypto';
import { readTargetSettings, type TargetSettings } from './target.js';

export const DEFAULT_SEED = 20260505;
export const DEFAULT_RUNS = 10;
/** Every display name the suite writes starts with this, so its objects are easy to find in a tenant. */
export const NAME_PREFIX = 'contract-test';

/** `contract-test-<run> `: what every display name of one run starts with. */
export function runPrefix(): string {
  return `${NAME_PREFIX}-${randomBytes(3).toString('hex')} `;
}

export interface Settings {
  target: TargetSettings;
  seed: number;
  runs: number;
  /** `contract-test-<run> `: the prefix of this run's display names. */
  prefix: string;
  /** Where the coverage report goes for the reporter to print (set by jest.config.js). */
  coverageFile?: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`${name} must be an integer of at least ${min}; got '${raw}'.`);
  return value;
}

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  return {
    target: readTargetSettings(env),
    seed: integer(env, 'CONTRACT_SEED', DEFAULT_SEED, -(2 ** 31)),
    runs: integer(env, 'CONTRACT_RUNS', DEFAULT_RUNS, 1),
    prefix: runPrefix(),
    ...(env.CONTRACT_COVERAGE_FILE ? { coverageFile: env.CONTRACT_COVERAGE_FILE } : {}),
  };
}
