import { existsSync } from 'node:fs';
import { loadContract, readOperations } from '@accesspackage/openapi';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';
import { GRAPH_JSON_CONTENT_TYPE } from '../http/json-answers.js';
import { GENERAL_CATALOG_ID } from '../store/store.js';
import { startTestStub, type TestStub } from '../testing/jest-helpers.js';

// One place resolves Chromium: scripts/chromium.cjs. `pnpm test` exports its answer as CHROMIUM_PATH (the executable,
// or `none`), which turbo hashes; run by jest directly, the same resolver reads CHROMIUM_PATH, PATH and the known paths.
const { LAUNCH_ARGS, missingChromium, resolveChromium } = require('../../../../scripts/chromium.cjs') as {
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

let stub: TestStub;
beforeAll(async () => {
  stub = await startTestStub();
});
afterAll(async () => {
  await stub.close();
});

it('serves the docs page and its assets locally, without a token', async () => {
  const page = await fetch(`${stub.origin}/docs`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('swagger-ui-bundle.js');
  expect((await fetch(`${stub.origin}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  expect((await fetch(`${stub.origin}/docs/assets/swagger-ui.css`)).status).toBe(200);
  // The contract as the page reads it: JSON, with the Content-Type every JSON answer of the stub has.
  const contract = await fetch(`${stub.origin}/docs/openapi.json`);
  expect(contract.headers.get('content-type')).toBe(GRAPH_JSON_CONTENT_TYPE);
  expect(((await contract.json()) as { openapi: string }).openapi).toMatch(/^3\./);
});

// One browser for the file, launched by the first test that needs it; each test gets a context of its own (its own
// cookies and storage), which is all a fresh browser would give it, at a fraction of a launch.
let browser: Browser | undefined;
async function freshContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  if (CHROMIUM === undefined || !existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is required in CI, but ${MISSING}: run "apt-get install -y chromium" (or set CHROMIUM_PATH).`,
    );
  }
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  return browser.newContext(options);
}
afterAll(async () => {
  await browser?.close();
});

it('hands the page a token only where the stub reads claims unverified', async () => {
  const config = await (await fetch(`${stub.origin}/docs/config.json`)).json();
  expect(config).toEqual({ token: expect.any(String), scopes: ['EntitlementManagement.ReadWrite.All'] });
  const strict = await startTestStub({ auth: { mode: 'strict', hs256Secret: 'a-secret-of-at-least-32-characters!' } });
  try {
    expect(await (await fetch(`${strict.origin}/docs/config.json`)).json()).toEqual({});
  } finally {
    await strict.close();
  }
});

it("plays the identity platform's authorization-code flow for the page, redirecting only to the stub", async () => {
  const redirect = `${stub.origin}/docs/assets/oauth2-redirect.html`;
  const authorize = await fetch(
    `${stub.origin}/docs/oauth2/authorize?response_type=code&client_id=x&state=s1&scope=EntitlementManagement.Read.All&redirect_uri=${encodeURIComponent(redirect)}`,
    { redirect: 'manual' },
  );
  expect(authorize.status).toBe(302);
  const back = new URL(authorize.headers.get('location') ?? '');
  expect(`${back.origin}${back.pathname}`).toBe(redirect);
  expect(back.searchParams.get('state')).toBe('s1');
  const token = await fetch(`${stub.origin}/docs/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code') ?? '' }),
  });
  const granted = await token.json();
  expect(granted).toMatchObject({ token_type: 'Bearer', scope: 'EntitlementManagement.Read.All' });
  expect(
    (
      await stub.call('GET', '/identityGovernance/entitlementManagement/accessPackages', {
        token: granted.access_token,
      })
    ).status,
  ).toBe(200);
  const elsewhere = await fetch(
    `${stub.origin}/docs/oauth2/authorize?redirect_uri=${encodeURIComponent('https://attacker.example/cb')}`,
    { redirect: 'manual' },
  );
  expect(elsewhere.status).toBe(400);
  // The same host under another scheme is no page of this stub either.
  const host = new URL(stub.origin).host;
  for (const redirect of [`ftp://${host}/cb`, `ws://${host}/cb`, `custom-app://${host}/cb`]) {
    const res = await fetch(`${stub.origin}/docs/oauth2/authorize?redirect_uri=${encodeURIComponent(redirect)}`, {
      redirect: 'manual',
    });
    expect([redirect, res.status]).toEqual([redirect, 400]);
  }
  const badCode = await fetch(`${stub.origin}/docs/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', code: 'nonsense' }),
  });
  expect(badCode.status).toBe(400);
});

itInChromium(
  'renders every operation of the contract in headless Chromium',
  async () => {
    const context = await freshContext();
    try {
      const page = await context.newPage();
      await page.goto(`${stub.origin}/docs`);
      await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
      const paths = await page.$$eval('.opblock-summary-path', (els) =>
        els.map((e) => e.textContent?.replace(/\u200b/g, '').trim()),
      );
      const ids = await page.$$eval('.opblock', (els) => els.length);
      expect(paths).toContain('/accessPackages');
      expect(paths).toContain('/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}');
      expect(ids).toBe(Object.keys(readOperations(loadContract())).length);
      expect(await page.title()).toContain('accessPackage stub');
    } finally {
      await context.close();
    }
  },
  60_000,
);

itInChromium(
  '"Try it out" creates an access package on this stub, authorised from the start',
  async () => {
    const context = await freshContext();
    try {
      const page = await context.newPage();
      await page.goto(`${stub.origin}/docs`);
      // The stub's own origin is the server "Try it out" calls, whatever port it runs on.
      await page.waitForSelector('.servers select', { timeout: 30_000 });
      expect(await page.$eval('.servers select', (el) => (el as HTMLSelectElement).value)).toBe(`${stub.baseUrl}`);
      // The OAuth2 scheme (Graph's permissions as scopes) is authorised already: the button says so.
      await page.waitForSelector('.auth-wrapper .authorize.locked');

      const operation = page.locator('#operations-accessPackages-createAccessPackage');
      await operation.locator('.opblock-summary').click();
      await operation.locator('.try-out__btn').click();
      const body = JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: 'Tried out in the docs' });
      await operation.locator('textarea.body-param__text').fill(body);
      await operation.locator('button.execute').click();
      const status = operation.locator('.live-responses-table tbody .response-col_status');
      await status.first().waitFor({ timeout: 30_000 });
      expect((await status.first().textContent())?.trim()).toMatch(/^201/);
      expect(await operation.locator('.request-url pre').textContent()).toContain(
        `${stub.baseUrl}/identityGovernance/entitlementManagement/accessPackages`,
      );
      const created = await stub.call('GET', '/identityGovernance/entitlementManagement/accessPackages');
      expect((created.json as { value: { displayName: string }[] }).value.map((p) => p.displayName)).toContain(
        'Tried out in the docs',
      );
    } finally {
      await context.close();
    }
  },
  90_000,
);

itInChromium(
  '"Authorize" gets a stub token with the scopes ticked, as from the Microsoft identity platform',
  async () => {
    const context = await freshContext();
    try {
      const page = await context.newPage();
      await page.goto(`${stub.origin}/docs`);
      await page.locator('.auth-wrapper .authorize.locked').click();
      const dialog = page.locator('.dialog-ux .modal-ux');
      await dialog.locator('button', { hasText: 'Logout' }).click();
      expect(await dialog.locator('input[data-name="clientId"]').inputValue()).toBe('accesspackage-docs');
      // Only the read permission: reads work, writes are refused as Graph refuses them.
      await dialog.locator('label[for^="EntitlementManagement.Read.All-"]').click();
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        // The OAuth2 scheme's button; the admin token's http scheme has one of its own.
        dialog.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click(),
      ]);
      // The popup closes itself once it has handed the token over, often before this line runs: waiting for a close
      // that has already happened would wait out the whole timeout.
      if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: 30_000 }).catch(() => undefined);
      await dialog.locator('button', { hasText: 'Logout' }).first().waitFor({ timeout: 30_000 });
      // Each scheme (OAuth2, the admin token) has its own Close; either closes the dialog.
      await dialog.locator('button', { hasText: 'Close' }).first().click();

      const statusOf = async (operationId: string, body?: string) => {
        const operation = page.locator(`#operations-${operationId}`);
        await operation.locator('.opblock-summary').click();
        await operation.locator('.try-out__btn').click();
        if (body) await operation.locator('textarea.body-param__text').fill(body);
        await operation.locator('button.execute').click();
        const status = operation.locator('.live-responses-table tbody .response-col_status').first();
        await status.waitFor({ timeout: 30_000 });
        return (await status.textContent())?.trim().slice(0, 3);
      };
      expect(await statusOf('accessPackages-listAccessPackages')).toBe('200');
      expect(
        await statusOf(
          'accessPackages-createAccessPackage',
          JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: 'Not allowed' }),
        ),
      ).toBe('403');
    } finally {
      await context.close();
    }
  },
  90_000,
);

itInChromium(
  'opens on its operations, names the address it is served from, and sends a fresh client-request-id per "Try it out"',
  async () => {
    const context = await freshContext({ viewport: { width: 1280, height: 720 } });
    try {
      const page = await context.newPage();
      await page.goto(`${stub.origin}/docs`);
      await page.waitForSelector('.opblock', { timeout: 30_000 });
      // The first operation is on the first screen: the description's long part is folded.
      const first = await page.locator('.opblock').first().boundingBox();
      expect(first?.y).toBeLessThan(720);
      const info = (await page.locator('.information-container').textContent()) ?? '';
      expect(info).toContain('More about this stub');
      expect(info).toContain(`${stub.origin}/_stub/health`);
      expect(info).not.toContain('127.0.0.1:4010');

      const operation = page.locator('#operations-accessPackages-listAccessPackages');
      await operation.locator('.opblock-summary').click();
      await operation.locator('.try-out__btn').click();
      expect(await operation.locator('input[placeholder="client-request-id"]').inputValue()).toBe('');
      const since = (await stub.requests()).at(-1)?.seq ?? 0;
      const status = operation.locator('.live-responses-table tbody .response-col_status').first();
      for (let i = 0; i < 2; i += 1) {
        await operation.locator('button.execute').click();
        await status.waitFor({ timeout: 30_000 });
        await operation.locator('button.btn-clear').click();
      }
      const sent = (await stub.requests({ since, method: 'GET', path: '/entitlementManagement/accessPackages' })).map(
        (entry) => entry.clientRequestId,
      );
      expect(sent).toHaveLength(2);
      expect(new Set(sent).size).toBe(2);
      for (const id of sent)
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(sent).not.toContain('7c8a8f7e-1d2b-4c3d-9e4f-5a6b7c8d9e0f');
    } finally {
      await context.close();
    }
  },
  90_000,
);
