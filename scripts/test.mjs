// `pnpm test`: resolves Chromium once (scripts/chromium.cjs) and exports CHROMIUM_PATH — the executable, or `none` —
// before turbo runs every test, lint and typecheck. CHROMIUM_PATH is part of the test tasks' cache key (turbo.json),
// so a run that skipped the browser tests is not replayed from cache once Chromium is installed.
// Extra arguments go to turbo: `npx -y pnpm@12.4.2 exec node scripts/test.mjs --filter=@accesspackage/client` (pnpm 12
// takes `pnpm test --filter=...` as its own filter).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import chromium from './chromium.cjs';
import { turbo } from './turbo.mjs';

const found = chromium.resolveChromium(process.env);
const env = { ...process.env, CHROMIUM_PATH: found ?? chromium.NO_CHROMIUM };
if (!found) {
  console.log(
    `Chromium: none found; the two browser tests ${process.env.CI ? 'will fail (CI must run them)' : 'will be skipped'}. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
} else if (!chromium.isExecutable(found)) {
  console.log(`Chromium: CHROMIUM_PATH=${found} is not an executable file; the browser tests will say so.`);
} else {
  console.log(`Chromium: ${found}`);
}

// Each failed test is written there by scripts/jest-failures.cjs; they are printed again at the end, where a
// reader of a long, interleaved log (or CI, which keeps its end) finds them.
const FAILURES = new URL('../.test-failures/', import.meta.url);
rmSync(FAILURES, { recursive: true, force: true });

process.exitCode = turbo(['run', 'test', 'lint', 'typecheck', '--continue', ...process.argv.slice(2)], env);

if (existsSync(FAILURES)) {
  for (const name of readdirSync(FAILURES).sort()) {
    console.log(
      `\nFailed tests in ${name.replace(/\.log$/, '').replaceAll('-', '/')} (each with the start of its message):\n`,
    );
    console.log(readFileSync(new URL(name, FAILURES), 'utf8').trimEnd());
  }
}
