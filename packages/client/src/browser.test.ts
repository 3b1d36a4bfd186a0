import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { startTestStub, type TestStub } from '@accesspackage/server/testing';
import { chromium } from 'playwright-core';

// One place resolves Chromium: scripts/chromium.cjs. `pnpm test` exports its answer as CHROMIUM_PATH (the executable,
// or `none`), which turbo hashes; run by jest directly, the same resolver reads CHROMIUM_PATH, PATH and the known paths.
const { LAUNCH_ARGS, missingChromium, resolveChromium } = require('../../../scripts/chromium.cjs') as {
  LAUNCH_ARGS: string[];
  missingChromium(executable: string | undefined): string;
  resolveChromium(env: NodeJS.ProcessEnv): string | undefined;
};
const CHROMIUM = resolveChromium(process.env);
const MISSING = missingChromium(CHROMIUM);
// A newcomer's machine may lack Chromium: skip there, saying so. CI (CI=true) installs it and must run these.
const HAS_CHROMIUM = CHROMIUM !== undefined && existsSync(CHROMIUM);
if (!HAS_CHROMIUM && !process.env.CI) {
  console.warn(
    `Skipping the headless-Chromium test: ${MISSING}. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
}
const itInChromium = HAS_CHROMIUM || process.env.CI ? it : it.skip;
const ESM_DIR = join(__dirname, '..', 'dist', 'esm');
const SITE_HOST = 'intranet.test';

// A page on another origin than the stub, as a single-page app would be: it imports the client's
// ESM build as it ships, and calls the stub across origins (CORS, preflights for Authorization).
function page(stubUrl: string, token: string): string {
  return `<!doctype html><html><body><script type="module">
import { createAccessPackage, createAccessPackageClient, createGraphTransport, GraphError } from '/esm/index.js';
const graph = createAccessPackageClient({ baseUrl: ${JSON.stringify(stubUrl)}, auth: ${JSON.stringify(token)} });
try {
  await graph.accessPackages.create({ catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128', displayName: 'first' });
  const created = await graph.accessPackages.create({ catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128', displayName: 'from the browser' });
  const names = [];
  for await (const p of graph.accessPackages.listAll({ select: ['displayName'] })) names.push(p.displayName);
  const missing = await graph.accessPackages.get('nope').catch((e) => e);
  // The per-operation path the README shows to size-conscious apps.
  const lean = createGraphTransport({ baseUrl: ${JSON.stringify(stubUrl)}, auth: ${JSON.stringify(token)} });
  const leanCreated = await createAccessPackage(lean, { catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128', displayName: 'lean' });
  const leanMissing = await createAccessPackage(lean, { catalogId: '11111111-2222-3333-4444-555555555555', displayName: 'x' }).catch((e) => e);
  window.__result = { created: created.displayName, names, isGraphError: missing instanceof GraphError, requestId: missing.requestId ?? null, secure: window.isSecureContext, randomUUID: typeof crypto.randomUUID, lean: leanCreated.displayName, leanError: leanMissing instanceof GraphError && leanMissing.status };
} catch (error) {
  window.__result = { failed: String(error && error.stack || error) };
}
</script></body></html>`;
}

let stub: TestStub;
let site: Server;
let siteUrl: string;

beforeAll(async () => {
  stub = await startTestStub({ pageSize: 1 });
  const html = page(stub.baseUrl, stub.token);
  site = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    const file = normalize(join(ESM_DIR, path.replace(/^\/esm\//, '')));
    if (path.startsWith('/esm/') && file.startsWith(ESM_DIR) && existsSync(file)) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  // A plain-http origin that is not localhost, as an intranet app would be: not a secure context, so the page has no
  // crypto.randomUUID (the browser maps the name to 127.0.0.1: --host-resolver-rules below).
  siteUrl = `http://${SITE_HOST}:${(site.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await stub.close();
  await new Promise((resolve) => site.close(resolve));
});

itInChromium(
  'runs in a browser from its ESM build, calling the stub across origins from a plain-http page',
  async () => {
    if (CHROMIUM === undefined || !existsSync(CHROMIUM))
      throw new Error(
        `Chromium is required in CI, but ${MISSING}: run "apt-get install -y chromium" (or set CHROMIUM_PATH).`,
      );
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...LAUNCH_ARGS, `--host-resolver-rules=MAP ${SITE_HOST} 127.0.0.1`],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(siteUrl);
      await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, undefined, {
        timeout: 30_000,
      });
      const result = await tab.evaluate(() => (window as unknown as { __result: unknown }).__result);
      expect(result).toEqual({
        created: 'from the browser',
        names: ['first', 'from the browser'],
        isGraphError: true,
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        secure: false,
        randomUUID: 'undefined',
        lean: 'lean',
        leanError: 404,
      });
    } finally {
      await browser.close();
    }
  },
  60_000,
);
