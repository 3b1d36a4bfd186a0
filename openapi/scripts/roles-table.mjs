#!/usr/bin/env node
// Writes the table of who may call each operation into docs/roles.md, from the contract's x-roles (rolesTable);
// apps/server's docs test fails while the page and the contract disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const { loadContract, rolesTable } = createRequire(import.meta.url)('../index.js');
const page = fileURLToPath(new URL('../../docs/roles.md', import.meta.url));
const text = readFileSync(page, 'utf8');
const begin = text.indexOf('<!-- roles:begin');
const end = text.indexOf('<!-- roles:end -->');
if (begin < 0 || end < begin) {
  console.error(`${page} has no <!-- roles:begin ... --> and <!-- roles:end --> lines to write the table between.`);
  process.exit(2);
}
const open = text.indexOf('\n', begin) + 1;
writeFileSync(page, `${text.slice(0, open)}\n${rolesTable(loadContract())}\n${text.slice(end)}`);
console.log(`Wrote the table of ${page}.`);
