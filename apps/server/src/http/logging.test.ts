import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
// The built logger, in a process of its own: pretty output goes through pino's worker-thread transport.
const LOGGER = join(__dirname, '..', '..', 'dist', 'http', 'logging.js');

async function logOneLine(pretty: boolean): Promise<string> {
  const script = `const { createLogger } = require(${JSON.stringify(LOGGER)});
const logger = createLogger('info', ${pretty});
logger.info({ method: 'GET', status: 200 }, 'GET /beta/x -> 200 (1.2 ms)');
logger.debug('hidden at level info');
logger.flush?.();`;
  const { stdout } = await run(process.execPath, ['-e', script]);
  return stdout;
}

it('writes one JSON line per entry when nobody watches a terminal', async () => {
  const lines = (await logOneLine(false)).trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0] ?? '')).toMatchObject({
    level: 30,
    method: 'GET',
    status: 200,
    msg: 'GET /beta/x -> 200 (1.2 ms)',
  });
});

it('writes readable lines for a person on a terminal, and honours the level', async () => {
  const output = await logOneLine(true);
  expect(output).toContain('GET /beta/x -> 200 (1.2 ms)');
  expect(output).not.toMatch(/^\{"level"/m);
  expect(output).not.toContain('hidden at level info');
});
