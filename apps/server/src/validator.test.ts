import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as OpenApiValidator from '@accesspackage/express-openapi-validator';
import express, { type ErrorRequestHandler } from 'express';
import { SPEC_PATH } from './app.js';
import { createDevToken } from './auth/dev-token.js';
import { startServer } from './server.js';
import { GENERAL_CATALOG_ID } from './store/store.js';

// express-openapi-validator 5.6.2 as patched (patches/express-openapi-validator@5.6.2.patch) and shipped to users in
// @accesspackage/express-openapi-validator, and the check of the contract document that app.ts leaves to this suite
// for the stub's own contract.

const PACKAGES = '/identityGovernance/entitlementManagement/accessPackages';
const headers = { authorization: `Bearer ${createDevToken()}` };

// The path-to-regexp the validator itself loads (it may differ from express's).
const validatorDir = dirname(require.resolve('@accesspackage/express-openapi-validator'));
const pathToRegexpModule = require(require.resolve('path-to-regexp', { paths: [validatorDir] })) as {
  pathToRegexp: (...args: unknown[]) => unknown;
};

describe("the validator's route lookup", () => {
  it('compiles each route of the contract once, not on every request, and still routes every request', async () => {
    const spy = jest.spyOn(pathToRegexpModule, 'pathToRegexp');
    const stub = await startServer({ port: 0 });
    try {
      const get = (path: string) => fetch(`${stub.baseUrl}${path}`, { headers });
      const first = await get(`${PACKAGES}?$top=1`);
      expect(first.status).toBe(200);
      const afterFirst = spy.mock.calls.length;
      expect(afterFirst).toBeGreaterThan(0);
      // Other routes, a path parameter, and a path no route matches: nothing more is compiled.
      expect((await get('/identityGovernance/entitlementManagement/accessPackageCatalogs')).status).toBe(200);
      const missing = await get(`${PACKAGES}/00000000-0000-0000-0000-000000000000`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('ResourceNotFound');
      expect((await get('/identityGovernance/entitlementManagement/noSuchThing')).status).toBe(400);
      for (let i = 0; i < 5; i++) expect((await get(`${PACKAGES}?$top=1`)).status).toBe(200);
      expect(spy.mock.calls.length).toBe(afterFirst);
    } finally {
      spy.mockRestore();
      await stub.close();
    }
  });
});

describe("the validator's tree of route segments", () => {
  it('finds a route by the literal segments a path has, in any case, with a trailing slash or a function segment', async () => {
    const stub = await startServer({ port: 0, validateResponses: true });
    try {
      const call = (path: string, init: RequestInit = {}) =>
        fetch(`${stub.baseUrl}${path}`, { ...init, headers: { ...headers, 'content-type': 'application/json' } });
      const made = (await (
        await call(PACKAGES, {
          method: 'POST',
          body: JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: 'x' }),
        })
      ).json()) as { id: string };
      const statusOf = async (path: string) => (await call(path)).status;
      expect(await statusOf(`${PACKAGES}/${made.id}`)).toBe(200);
      expect(await statusOf(`${PACKAGES}/${made.id}/`)).toBe(200);
      expect(await statusOf(`${PACKAGES.toUpperCase()}/${made.id}`)).toBe(200);
      expect(await statusOf(`${PACKAGES}/filterByCurrentUser(on='allowedRequestor')`)).toBe(200);
      expect(await statusOf(`${PACKAGES}/${made.id}/accessPackagesIncompatibleWith`)).toBe(200);
      const both = `accessPackageId='${made.id}',incompatibleAccessPackageId='${made.id}'`;
      expect(
        await statusOf(`/identityGovernance/entitlementManagement/accessPackageAssignments/additionalAccess(${both})`),
      ).toBe(200);
      // A segment too many, or an empty one, names no route.
      expect(await statusOf(`${PACKAGES}/${made.id}/nothing`)).toBe(400);
      expect(await statusOf(`${PACKAGES}//${made.id}`)).toBe(400);
      // Unknown query parameters are still refused, with the names known worked out once per operation.
      for (let i = 0; i < 2; i++) expect(await statusOf(`${PACKAGES}?$top=1&$bogus=1`)).toBe(400);
      expect(await statusOf(`${PACKAGES}?$top=1`)).toBe(200);
    } finally {
      await stub.close();
    }
  });
});

describe("the validator's query reading", () => {
  it('reads a query without url.parse, which Node 24 warns about (DEP0169) in every stub that calls it', async () => {
    const url = require('node:url') as typeof import('node:url');
    const parse = jest.spyOn(url, 'parse');
    const stub = await startServer({ port: 0 });
    try {
      const get = async (path: string) => (await fetch(`${stub.baseUrl}${path}`, { headers })).status;
      expect(await get(`${PACKAGES}?$top=1&$select=displayName`)).toBe(200);
      expect(await get(`${PACKAGES}?`)).toBe(200);
      // What the contract does not know is still refused.
      expect(await get(`${PACKAGES}?$top=1&$bogus=1`)).toBe(400);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
      await stub.close();
    }
  });
});

describe("the validator's middleware once the contract is loaded", () => {
  it('run at once, without a turn of the promise queue each, and still refuse what the contract does not allow', async () => {
    const app = express();
    // Set just before the validator; a microtask clears it, so it is still set after the validator only if every
    // one of its middleware ran synchronously.
    app.use((req, _res, next) => {
      const marked = req as typeof req & { sameTurn?: boolean };
      marked.sameTurn = true;
      queueMicrotask(() => {
        marked.sameTurn = false;
      });
      next();
    });
    app.use(
      OpenApiValidator.middleware({
        apiSpec: {
          openapi: '3.0.3',
          info: { title: 'tiny', version: '1' },
          paths: {
            '/things/{id}': {
              get: {
                parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 3 } }],
                responses: { '200': { description: 'ok' } },
              },
            },
          },
        },
        validateRequests: true,
        fileUploader: false,
      }),
    );
    app.use((req, res) => {
      res.json({ sameTurn: (req as typeof req & { sameTurn?: boolean }).sameTurn });
    });
    const onError: ErrorRequestHandler = (err, _req, res, _next) =>
      res.status((err as { status?: number }).status ?? 500).json({ message: (err as Error).message });
    app.use(onError);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // The first request waits for the contract to load.
      expect((await fetch(`${base}/things/abc`)).status).toBe(200);
      expect(await (await fetch(`${base}/things/abc`)).json()).toEqual({ sameTurn: true });
      const refused = await fetch(`${base}/things/abcd`);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/maxLength|fewer than 3|must NOT have more than 3/);
    } finally {
      server.close();
    }
  });
});

describe('the check of the contract document (validateApiSpec)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'validator-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // What every start did before: the stub's contract passes the validator's own OpenAPI schema. As a copy at another
  // path, the stub checks it at start, as it does any contract but its own.
  it("passes for the stub's contract", async () => {
    const copy = join(dir, 'accesspackage.yaml');
    copyFileSync(SPEC_PATH, copy);
    const stub = await startServer({ port: 0, specPath: copy });
    try {
      expect((await fetch(`${stub.baseUrl}${PACKAGES}?$top=1`, { headers })).status).toBe(200);
    } finally {
      await stub.close();
    }
  });

  it('still refuses a broken contract given as specPath', async () => {
    const broken = join(dir, 'broken.yaml');
    // `info.title` is required by the OpenAPI schema; nothing in the stub reads it.
    writeFileSync(broken, readFileSync(SPEC_PATH, 'utf8').replace(/^ {2}title: .*$/m, '  title: [not, a, string]'));
    // The validator reports what it found on the console, as the contract loads.
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const stub = await startServer({ port: 0, specPath: broken });
    try {
      expect((await fetch(`${stub.baseUrl}${PACKAGES}?$top=1`, { headers })).status).toBe(500);
      expect(errors.mock.calls.flat().join(' ')).toMatch(/validation errors/);
    } finally {
      errors.mockRestore();
      await stub.close();
    }
  });
});
