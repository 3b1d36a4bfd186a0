import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { compose, outside, under, underAnyOf } from './compose.js';

// The app as createApp builds it: one layer, mounts written as under/outside, errors to the layer after it.
async function serve(layer: RequestHandler, paths: string[]): Promise<string[]> {
  const app = express();
  app.use(layer);
  app.use((req, res) => res.status(404).send(`none ${req.path}`));
  const onError: ErrorRequestHandler = (err, _req, res, _next) =>
    res.status(500).send(`error ${(err as Error).message}`);
  app.use(onError);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const answers: string[] = [];
    for (const path of paths) answers.push(await (await fetch(`${base}${path}`)).text());
    return answers;
  } finally {
    server.close();
  }
}

const say =
  (text: string): RequestHandler =>
  (_req, res) => {
    res.send(text);
  };

it('counts a path as under a prefix as express mounts it: the prefix itself, below it, in any case', () => {
  const within = underAnyOf(['/beta', '/v1.0']);
  expect(['/beta', '/beta/', '/beta/x', '/BETA/x', '/v1.0/users'].every(within)).toBe(true);
  expect(['/betamax', '/', '/x/beta', '/v1x0/users', '/v1.0x'].some(within)).toBe(false);
  expect(underAnyOf([])('/beta')).toBe(false);
});

it('runs under() only for its prefixes and outside() only elsewhere, in one layer', async () => {
  const layer = compose([outside(['/beta'], under(['/docs'], say('docs'))), under(['/beta'], say('api'))]);
  expect(await serve(layer, ['/beta/x', '/Beta', '/docs/a', '/betamax', '/other'])).toEqual([
    'api',
    'api',
    'docs',
    'none /betamax',
    'none /other',
  ]);
});

it('hands an error thrown, passed on or rejected by a nested handler to the error handlers', async () => {
  const layer = compose([
    under(
      ['/thrown'],
      compose([
        () => {
          throw new Error('thrown');
        },
      ]),
    ),
    under(['/passed'], compose([(_req, _res, next) => next(new Error('passed'))])),
    under(['/rejected'], compose([async () => Promise.reject(new Error('rejected'))])),
  ]);
  expect(await serve(layer, ['/thrown', '/passed', '/rejected'])).toEqual([
    'error thrown',
    'error passed',
    'error rejected',
  ]);
});

it("leaves the remaining handlers on next('route'), as a route does", async () => {
  const layer = compose([(_req, _res, next) => next('route'), say('skipped')]);
  expect(await serve(layer, ['/x'])).toEqual(['none /x']);
});

it('refuses an error handler, which needs a layer of its own', () => {
  const handler = ((_err, _req, _res, _next) => undefined) as ErrorRequestHandler;
  expect(() => compose([handler as unknown as RequestHandler])).toThrow(/not error handlers/);
});
