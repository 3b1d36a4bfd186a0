import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
// The built logger, in a process of its own: pretty output goes through pino's worker-thread transport.
const LOGGER = join(__dirname, '..', '..', 'dist', 'http', 'logging.js');
const ERROR_HANDLER = join(__dirname, '..', '..', 'dist', 'http', 'error-handler.js');
const HTTP_ERROR = join(__dirname, '..', '..', 'dist', 'graph', 'http-error.js');

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

it('writes one pretty line per request: status, the Graph error code the error handler answered with, duration and, for errors, the request-id', async () => {
  const script = `const express = require('express');
const { createLogger, requestLogger } = require(${JSON.stringify(LOGGER)});
const { graphErrorHandler } = require(${JSON.stringify(ERROR_HANDLER)});
const { GraphHttpError } = require(${JSON.stringify(HTTP_ERROR)});
const logger = createLogger('info', true);
const app = express();
app.use((req, res, next) => { res.locals.ids = { requestId: 'a1b2c3d4-0000-4000-8000-000000000000', clientRequestId: 'x' }; next(); });
app.use(requestLogger(logger));
app.get('/ok', (req, res) => res.status(200).json({ value: [] }));
app.get('/missing', () => { throw new GraphHttpError(404, 'ResourceNotFound', 'gone'); });
app.use(graphErrorHandler());
const server = app.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  await fetch(base + '/ok');
  await fetch(base + '/missing');
  server.close();
  logger.flush?.();
});`;
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: __dirname });
  const ansi = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');
  const lines = stdout.replace(ansi, '').trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/INFO.*GET \/ok -> 200 \(\d+(\.\d)? ms\)$/);
  expect(lines[1]).toMatch(
    /WARN.*GET \/missing -> 404 ResourceNotFound: gone \(\d+(\.\d)? ms\) request-id a1b2c3d4-0000-4000-8000-000000000000$/,
  );
});
