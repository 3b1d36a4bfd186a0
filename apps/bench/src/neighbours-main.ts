// `bench:neighbours`: one tenant's worst-case approver inbox beside another tenant's reads (neighbours.ts).
// --smoke runs it small, as CI does.
import { formatNeighbours, NEIGHBOURS_FULL, NEIGHBOURS_SMOKE, runNeighbours } from './neighbours.js';

const smoke = process.argv.includes('--smoke');
runNeighbours({ ...(smoke ? NEIGHBOURS_SMOKE : NEIGHBOURS_FULL), log: (line) => console.error(line) }).then(
  (result) => console.log(formatNeighbours(result)),
  (err: unknown) => {
    console.error(`The neighbours benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
