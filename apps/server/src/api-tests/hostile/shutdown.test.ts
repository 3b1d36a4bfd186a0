import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createDevToken } from '../../auth/dev-token.js';
import { startServer } from '../../server.js';
import { CATALOGS } from '../../testing/jest-helpers.js';

// Graceful shutdown: stop accepting, finish what is in flight (for a bounded time), close.
const token = createDevToken();
const get = (url: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('finishes a request in flight, refuses new connections, then closes', async () => {
  const running = await startServer({ port: 0, simulation: { latencyMs: { min: 800, max: 800 } } });
  const inFlight = get(`${running.baseUrl}${CATALOGS}`);
  await sleep(200);
  const closed = running.close();
  expect(running.close()).toBe(closed);
  await sleep(50);
  await expect(get(`${running.baseUrl}${CATALOGS}`)).rejects.toThrow();
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  expect(answer.headers.get('connection')).toBe('close');
  await closed;
});

it('cuts a request that does not finish once the grace period is over', async () => {
  const running = await startServer({ port: 0, shutdownGraceMs: 300 });
  const socket = connect(Number(new URL(running.origin).port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  // A body announced and never sent: the request stays in flight.
  socket.write(
    `POST /beta${CATALOGS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: 100\r\n\r\n{`,
  );
  await sleep(200);
  const started = Date.now();
  await running.close();
  expect(Date.now() - started).toBeLessThan(3_000);
  socket.destroy();
});

it('the CLI finishes requests in flight on SIGTERM and exits 0', async () => {
  const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', '0', '--latency', '1000'], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const inFlight = get(`${baseUrl}${CATALOGS}`);
  await sleep(300);
  child.kill('SIGTERM');
  expect((await inFlight).status).toBe(200);
  expect(await exited).toBe(0);
  expect(output).toMatch(/SIGTERM received, closing the stub/);
});
