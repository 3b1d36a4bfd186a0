import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { DEFAULT_OPTIONS } from './run-benchmark.js';

/** What the command line asks for: the help text, a run, or a mistake to report. */
export type Command =
  | { kind: 'help'; text: string }
  | { kind: 'run'; requests: number; concurrency: number; items: number; out: string }
  | { kind: 'error'; message: string };

interface OptionSpec {
  /** The environment-variable twin, read when the flag is absent. */
  env: string;
  /** Placeholder for the value in --help. */
  value: string;
  description: string;
  default: string;
}

/** Every flag takes a value; the order is --help's. */
const OPTIONS = {
  requests: {
    env: 'BENCH_REQUESTS',
    value: 'n',
    description: 'measured requests per scenario and server (+10% warm-up)',
    default: String(DEFAULT_OPTIONS.requests),
  },
  concurrency: {
    env: 'BENCH_CONCURRENCY',
    value: 'n',
    description: 'requests in flight at once',
    default: String(DEFAULT_OPTIONS.concurrency),
  },
  items: {
    env: 'BENCH_ITEMS',
    value: 'n',
    description: 'access packages created before measuring',
    default: String(DEFAULT_OPTIONS.items),
  },
  out: {
    env: 'BENCH_OUT',
    value: 'path',
    description: 'where the raw numbers go as JSON',
    default: join(tmpdir(), 'bench-results.json'),
  },
} satisfies Record<string, OptionSpec>;

type Flag = keyof typeof OPTIONS;

const NUMBER_FLAGS = ['requests', 'concurrency', 'items'] as const;

const PARSE_CONFIG: ParseArgsConfig['options'] = {
  help: { type: 'boolean', short: 'h' },
  ...Object.fromEntries(Object.keys(OPTIONS).map((flag) => [flag, { type: 'string' as const }])),
};

const USAGE = `stub-bench: the stub's throughput and latency, as ratios against a bare node:http server sending the same bytes.

Usage: node dist/main.js [options]`;

export function helpText(): string {
  const rows = Object.entries(OPTIONS).map(
    ([flag, o]) => `${`  --${flag} <${o.value}>`.padEnd(30)} ${o.description} (default ${o.default})  [${o.env}]`,
  );
  return `${USAGE}\n\nOptions (environment variable in brackets; a flag wins over it):\n${rows.join('\n')}\n  -h, --help                   show this help\n`;
}

/** Reads the flags; an absent flag falls back to its environment variable (when not empty), then to its default. */
export function readCommand(args: string[], env: NodeJS.ProcessEnv): Command {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options: PARSE_CONFIG, strict: true, allowPositionals: false }));
  } catch (err) {
    return { kind: 'error', message: `${(err as Error).message}\nRun with --help to see the options.` };
  }
  if (values.help) return { kind: 'help', text: helpText() };
  const text = (flag: Flag) => String(values[flag] ?? (env[OPTIONS[flag].env] || OPTIONS[flag].default));
  const numbers = { requests: 0, concurrency: 0, items: 0 };
  for (const flag of NUMBER_FLAGS) {
    if (!/^[1-9]\d*$/.test(text(flag)))
      return { kind: 'error', message: `--${flag} must be a whole number above 0; got "${text(flag)}".` };
    numbers[flag] = Number(text(flag));
  }
  return { kind: 'run', ...numbers, out: text('out') };
}
