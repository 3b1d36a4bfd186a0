// The build: express-openapi-validator's own `dist`, as this workspace installs it (pnpm applies
// patches/express-openapi-validator@5.6.2.patch to it), copied into this package's `dist`. pnpm patches only inside
// this workspace; a package that carries the patched files is how an npm install of the server gets them too.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const upstream = dirname(createRequire(import.meta.url).resolve('express-openapi-validator/package.json'));
const { version } = JSON.parse(readFileSync(join(upstream, 'package.json'), 'utf8'));
const ours = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
if (!ours.version.startsWith(`${version}-`)) {
  console.error(
    `express-openapi-validator is ${version} here, but this package says ${ours.version}: make its version ${version}-accesspackage.1 and its dependencies those of ${version}.`,
  );
  process.exit(1);
}
const built = readFileSync(join(upstream, 'dist', 'openapi.validator.js'), 'utf8');
if (!built.includes('Patched')) {
  console.error(
    `express-openapi-validator ${version} is installed without the workspace's patch (patches/, pnpm-workspace.yaml's patchedDependencies): run pnpm install.`,
  );
  process.exit(1);
}
rmSync(join(here, 'dist'), { recursive: true, force: true });
cpSync(join(upstream, 'dist'), join(here, 'dist'), { recursive: true });
