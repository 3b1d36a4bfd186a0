import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_HTTP_OPTIONS, type HttpBenchOptions, SMOKE_HTTP_OPTIONS } from './run-http-bench.js';

export const PARTS = ['comparison', 'scaling', 'contract', 'profile'] as const;

/** What the command line asks for: the help text, a run, or a mistake to report. */
export type Command =
  | { kind: 'help'; text: string }
  | { kind: 'run'; options: Omit<HttpBenchOptions, 'log'>; out: string; svg: string; docs?: string }
  | { kind: 'error'; message: string };

export const HELP = `stub-bench: the stub against raw node:http, bare express 5 and Prism, each in its own process, load from
autocannon in another, on 127.0.0.1. Prints tables, writes the numbers as JSON and the scaling runs as SVG.

Usage: node dist/main.js [options]

  --seconds <s>          measured seconds per cell (default ${DEFAULT_HTTP_OPTIONS.seconds})
  --requests <n>         a fixed number of requests per cell instead (the smoke run's ${SMOKE_HTTP_OPTIONS.requests})
  --warmup <s>           unmeasured seconds per workload and server each round (default ${DEFAULT_HTTP_OPTIONS.warmupSeconds})
  --rounds <n>           rounds, interleaved; medians are taken over them (default ${DEFAULT_HTTP_OPTIONS.rounds})
  --connections <list>   e.g. 10,100 (default ${DEFAULT_HTTP_OPTIONS.connections.join(',')}); scaling and contract runs use the first
  --items <n>            access packages seeded before the comparison (default ${DEFAULT_HTTP_OPTIONS.items})
  --sizes <list>         stored items of the stub's scaling runs (default ${DEFAULT_HTTP_OPTIONS.sizes.join(',')})
  --copies <n>           the larger contract is n times today's (default ${DEFAULT_HTTP_OPTIONS.copies})
  --parts <list>         which of ${PARTS.join(',')} to run (default all)
  --no-prism             leave Prism out
  --smoke                a few seconds in all, for CI: every part once, numbers meaningless
  --out <path>           the JSON (default: bench-results.json in the OS temp dir); the profile part keeps
                         each server's .cpuprofile in <out>-profiles/ (open it in Chrome's DevTools)
  --svg <path>           the chart (default: the JSON's path with .svg)
  --docs <path>          also write the tables between the bench:begin and bench:end lines of that page
                         (docs/performance.md) and the chart beside it, as bench-scaling.svg
  -h, --help             this help
`;

function list(text: string, flag: string): number[] {
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1))
    throw new Error(`--${flag} must list whole numbers above 0; got "${text}".`);
  return values;
}

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${flag} must be a number above 0; got "${text}".`);
  return value;
}

export function readCommand(args: string[]): Command {
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        smoke: { type: 'boolean' },
        'no-prism': { type: 'boolean' },
        seconds: { type: 'string' },
        requests: { type: 'string' },
        warmup: { type: 'string' },
        rounds: { type: 'string' },
        connections: { type: 'string' },
        items: { type: 'string' },
        sizes: { type: 'string' },
        copies: { type: 'string' },
        parts: { type: 'string' },
        out: { type: 'string' },
        svg: { type: 'string' },
        docs: { type: 'string' },
      },
    });
    if (values.help) return { kind: 'help', text: HELP };
    const options = { ...(values.smoke ? SMOKE_HTTP_OPTIONS : DEFAULT_HTTP_OPTIONS) };
    if (values.seconds !== undefined) {
      options.seconds = positive(values.seconds, 'seconds');
      delete options.requests;
    }
    if (values.requests !== undefined) options.requests = list(values.requests, 'requests')[0] as number;
    if (values.warmup !== undefined)
      options.warmupSeconds = values.warmup === '0' ? 0 : positive(values.warmup, 'warmup');
    if (values.rounds !== undefined) options.rounds = list(values.rounds, 'rounds')[0] as number;
    if (values.connections !== undefined) options.connections = list(values.connections, 'connections');
    if (values.items !== undefined) options.items = list(values.items, 'items')[0] as number;
    if (values.sizes !== undefined) options.sizes = list(values.sizes, 'sizes');
    if (values.copies !== undefined) options.copies = list(values.copies, 'copies')[0] as number;
    if (values['no-prism']) options.prism = false;
    if (values.parts !== undefined) {
      const parts = values.parts.split(',').map((p) => p.trim());
      const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
      if (unknown.length > 0) throw new Error(`--parts takes ${PARTS.join(', ')}; got "${unknown.join(', ')}".`);
      options.parts = parts as HttpBenchOptions['parts'];
    }
    const out = values.out ?? join(tmpdir(), 'bench-results.json');
    // The profiles sit beside the JSON, e.g. bench-results-profiles/stub.cpuprofile.
    options.profileDir = out.replace(/(\.json)?$/, '-profiles');
    if (values.docs !== undefined && !existsSync(values.docs))
      throw new Error(`--docs names a page that does not exist: ${values.docs}.`);
    return {
      kind: 'run',
      options,
      out,
      svg: values.svg ?? out.replace(/(\.json)?$/, '.svg'),
      ...(values.docs === undefined ? {} : { docs: values.docs }),
    };
  } catch (err) {
    return { kind: 'error', message: `${(err as Error).message}\nRun with --help to see the options.` };
  }
}
