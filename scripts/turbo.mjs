// Runs turbo without its telemetry notice and update check, so `start`, `test` and `build` print only what matters.
// Used by the root package.json scripts and by scripts/start.mjs and scripts/test.mjs; arguments go to turbo.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The workspace's own turbo, so the script also works outside `pnpm run` (where node_modules/.bin is not on PATH).
const LOCAL = fileURLToPath(
  new URL(`../node_modules/.bin/${process.platform === 'win32' ? 'turbo.cmd' : 'turbo'}`, import.meta.url),
);
const TURBO = existsSync(LOCAL) ? LOCAL : 'turbo';

export const QUIET_ENV = { TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1' };

/** Runs `turbo <args>` to completion with stdio inherited; returns its exit code. */
export function turbo(args, env = process.env) {
  const result = spawnSync(TURBO, args, {
    stdio: 'inherit',
    env: { ...env, ...QUIET_ENV },
    shell: process.platform === 'win32',
  });
  if (result.error) throw result.error;
  if (result.signal) process.kill(process.pid, result.signal);
  return result.status ?? 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = turbo(process.argv.slice(2));
}
