import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCommand } from './options.js';

describe('readCommand', () => {
  it('uses the defaults when neither a flag nor an environment variable is given', () => {
    expect(readCommand([], {})).toEqual({
      kind: 'run',
      requests: 2000,
      concurrency: 8,
      items: 200,
      out: join(tmpdir(), 'bench-results.json'),
    });
  });

  it('reads the environment twins, ignores empty ones, and lets a flag win over its twin', () => {
    const env = { BENCH_REQUESTS: '300', BENCH_CONCURRENCY: '', BENCH_ITEMS: '40', BENCH_OUT: '/tmp/env.json' };
    expect(readCommand(['--items', '10'], env)).toEqual({
      kind: 'run',
      requests: 300,
      concurrency: 8,
      items: 10,
      out: '/tmp/env.json',
    });
    expect(readCommand(['--requests=5', '--concurrency', '2', '--out', 'x.json'], {})).toMatchObject({
      requests: 5,
      concurrency: 2,
      out: 'x.json',
    });
  });

  it('answers --help and -h with every flag and its twin, before checking values', () => {
    for (const args of [['--help'], ['-h', '--requests', '0']]) {
      const command = readCommand(args, { BENCH_ITEMS: 'many' });
      expect(command.kind).toBe('help');
      const text = command.kind === 'help' ? command.text : '';
      for (const twin of [
        '--requests <n>',
        'BENCH_REQUESTS',
        '--concurrency <n>',
        'BENCH_CONCURRENCY',
        '--items <n>',
        'BENCH_ITEMS',
        '--out <path>',
        'BENCH_OUT',
        '-h, --help',
      ]) {
        expect(text).toContain(twin);
      }
    }
  });

  it('refuses counts that are not whole numbers above 0, from a flag or the environment', () => {
    expect(readCommand(['--requests', '0'], {})).toEqual({
      kind: 'error',
      message: '--requests must be a whole number above 0; got "0".',
    });
    expect(readCommand([], { BENCH_CONCURRENCY: '1.5' })).toEqual({
      kind: 'error',
      message: '--concurrency must be a whole number above 0; got "1.5".',
    });
  });

  it('refuses unknown flags, missing values and positional arguments, pointing at --help', () => {
    for (const args of [['--bogus'], ['--items'], ['extra']]) {
      const command = readCommand(args, {});
      expect(command).toEqual({
        kind: 'error',
        message: expect.stringMatching(/\nRun with --help to see the options\.$/),
      });
    }
  });
});
