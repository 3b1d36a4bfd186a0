// The one place that decides which Chromium the browser tests use (the client in a page, the stub's /docs page).
//
//   CHROMIUM_PATH set   -> used as given; `none` means "no Chromium here".
//   otherwise           -> `chromium` or `chromium-browser` on PATH, then the known install paths below.
//
// `pnpm test` (scripts/test.mjs) exports the result as CHROMIUM_PATH (the executable, or `none`) before turbo runs:
// turbo hashes CHROMIUM_PATH (turbo.json, test.env), so installing Chromium invalidates a cached skip. Tests run by
// jest directly call resolveChromium() themselves. As a command, `node scripts/chromium.cjs` prints the executable
// and exits 0, or exits 1 when there is none (.ci/run then installs Debian's chromium).
const { accessSync, constants, statSync } = require('node:fs');
const { delimiter, join } = require('node:path');

/** The value of CHROMIUM_PATH that says there is no Chromium. */
const NO_CHROMIUM = 'none';
const NAMES = ['chromium', 'chromium-browser'];
const KNOWN_PATHS = [
  '/usr/bin/chromium', // Debian's chromium package (what .ci/run installs)
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function isExecutable(file) {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium executable to use, or undefined when there is none. */
function resolveChromium(env = process.env) {
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) return explicit === NO_CHROMIUM ? undefined : explicit;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return KNOWN_PATHS.find(isExecutable);
}

// Flags every headless test launch needs here: root without a sandbox, no GPU, nothing reaching the network.
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why no Chromium can be used, for a skip note or a CI failure. */
function missingChromium(executable) {
  return executable === undefined
    ? 'no Chromium was found (CHROMIUM_PATH, PATH, /usr/bin/chromium)'
    : `${executable} is missing`;
}

module.exports = { NO_CHROMIUM, LAUNCH_ARGS, missingChromium, resolveChromium, isExecutable };

if (require.main === module) {
  const found = resolveChromium();
  if (found && isExecutable(found)) {
    process.stdout.write(`${found}\n`);
  } else {
    process.stderr.write(
      found
        ? `CHROMIUM_PATH=${found} is not an executable file.\n`
        : 'No Chromium found (CHROMIUM_PATH, PATH, known install paths).\n',
    );
    process.exitCode = 1;
  }
}
