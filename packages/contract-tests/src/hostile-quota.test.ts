/**
 * Fills a stub, running as its CLI, to its item quota with maximal items, then measures what the
 * tenant costs and how the largest answers behave: `pnpm run fill:quota` (HOSTILE_QUOTA_ITEMS=100000,
 * the default quota). Skipped unless HOSTILE_QUOTA_ITEMS is set; the server's own suite fills a
 * smaller quota on every run.
 */
import { createDevToken, GENERAL_CATALOG_ID } from '@accesspackage/server';
import { startStubProcess } from './hostile/stub-process.js';

const items = Number(process.env.HOSTILE_QUOTA_ITEMS ?? 0);
const PACKAGES = '/identityGovernance/entitlementManagement/accessPackages';
const CATALOGS = '/identityGovernance/entitlementManagement/accessPackageCatalogs';
const token = createDevToken();
// The longest strings the contract allows, of the character whose JSON is longest (\u0001 is written as six).
const maximal = (tag: string) => ({
  displayName: `${tag}${'\u0001'.repeat(256 - tag.length)}`,
  description: '\u0001'.repeat(1024),
});
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

(items > 0 ? it : it.skip)(
  `fills a quota of ${items} maximal items and keeps answering`,
  async () => {
    const stub = await startStubProcess(['--max-items', String(items)]);
    const call = async (method: string, path: string, body?: unknown) => {
      const started = Date.now();
      const res = await fetch(`${stub.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, text, ms: Date.now() - started };
    };
    try {
      const catalog = JSON.parse((await call('POST', CATALOGS, maximal('Big'))).text).id as string;
      const started = Date.now();
      let next = 0;
      // The General catalog and this one count: items - 2 packages fill the tenant; a tenth go to the new catalog.
      const worker = async () => {
        for (let i = next++; i < items - 2; i = next++) {
          const res = await call('POST', PACKAGES, {
            catalogId: i % 10 === 0 ? catalog : GENERAL_CATALOG_ID,
            ...maximal(`p${i} `),
          });
          if (res.status !== 201) throw new Error(`create ${i} answered ${res.status}: ${res.text.slice(0, 300)}`);
          if (i > 0 && i % 10_000 === 0)
            process.stderr.write(`filled ${i} of ${items}, RSS ${mb(stub.maxRssBytes())}\n`);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      const fillSeconds = (Date.now() - started) / 1000;
      const over = await call('POST', PACKAGES, { catalogId: GENERAL_CATALOG_ID, displayName: 'one too many' });
      expect(over.status).toBe(507);
      const page = await call('GET', `${PACKAGES}?$top=999`);
      const expandedPage = await call('GET', `${PACKAGES}?$top=999&$expand=accessPackageCatalog`);
      const filtered = await call(
        'GET',
        `${PACKAGES}?$top=999&$filter=contains(displayName,'p99')&$orderby=displayName desc`,
      );
      const expanded = await call('GET', `${CATALOGS}/${catalog}?$expand=accessPackages`);
      const catalogs = await call('GET', `${CATALOGS}?$expand=accessPackages&$top=999`);
      const health = await call('GET', '/../_stub/health');
      for (const res of [page, expandedPage, filtered, expanded, catalogs]) expect(res.status).toBe(200);
      expect(stub.crashed()).toBeUndefined();
      const line = (what: string, res: { ms: number; text: string }) =>
        `  ${what}: ${res.ms} ms, ${(res.text.length / 1024 / 1024).toFixed(1)} MB of JSON`;
      process.stdout.write(
        [
          `\nQuota fill: ${items} maximal items (displayName 256 and description 1024 characters of \\u0001) in ${fillSeconds.toFixed(0)} s (${((items - 2) / fillSeconds).toFixed(0)} creates/s, 8 at a time)`,
          `  the next create: ${over.status}; stub's peak RSS: ${mb(stub.maxRssBytes())}; health: ${health.status} in ${health.ms} ms`,
          line('GET $top=999', page),
          line('GET $top=999&$expand=accessPackageCatalog', expandedPage),
          line('GET $top=999 with $filter contains and $orderby', filtered),
          line('GET one catalog with $expand=accessPackages', expanded),
          line('GET catalogs $top=999&$expand=accessPackages', catalogs),
          '',
        ].join('\n'),
      );
    } finally {
      await stub.stop();
    }
  },
  60 * 60_000,
);
