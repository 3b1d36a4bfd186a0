// `pnpm start`: builds the stub and the example program (the walk-throughs of README.md and docs/ run both), then starts the stub
// with the arguments given: `pnpm start --port 5000`. Build output is shown only when a build fails.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { turbo } from './turbo.mjs';

const status = turbo([
  'run',
  'build',
  '--filter=@accesspackage/server',
  '--filter=@accesspackage/example',
  '--output-logs=errors-only',
]);
if (status !== 0) {
  process.exitCode = status;
} else {
  const cli = fileURLToPath(new URL('../apps/server/dist/cli.js', import.meta.url));
  const stub = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches the stub too (same process group); let it close and report, then exit as it did.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stub.kill(signal));
  stub.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
