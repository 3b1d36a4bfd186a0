#!/usr/bin/env node
// Copies the few files of swagger-ui-dist the docs page loads into dist/swagger-ui, so the published package carries
// them and does not depend on swagger-ui-dist, whose install runs @scarf/scarf's analytics on users' machines.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const from = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const to = fileURLToPath(new URL('../dist/swagger-ui', import.meta.url));
mkdirSync(to, { recursive: true });
// The page's assets (stub/docs.ts ASSETS).
for (const name of ['swagger-ui.css', 'swagger-ui-bundle.js', 'oauth2-redirect.html', 'oauth2-redirect.js']) {
  copyFileSync(join(from, name), join(to, name));
}
// The licence and notice they ship under, named so that pnpm pack still adds the package's own LICENSE (it adds the
// repository's only to a package that has no file of that name).
copyFileSync(join(from, 'LICENSE'), join(to, 'swagger-ui.LICENSE.txt'));
copyFileSync(join(from, 'NOTICE'), join(to, 'swagger-ui.NOTICE.txt'));
