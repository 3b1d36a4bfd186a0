#!/usr/bin/env node
// The load generator, in a process of its own (forked by load.ts, driven over IPC): autocannon against one URL for a
// bounded time. autocannon's own percentiles are whole milliseconds, too coarse for answers that take about one;
// every 2xx answer's latency is kept here from its 'response' event instead, to the microsecond.
import type { Cell, CellResult } from './load.js';

type Tracker = {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};
type Autocannon = (
  options: Record<string, unknown>,
  done: (err: Error | null, result: AutocannonResult) => void,
) => Tracker;
interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
}

const autocannon = require('autocannon') as Autocannon;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest rank: always one of the measured values.
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? Number.NaN;
}

function run(cell: Cell): Promise<CellResult> {
  return new Promise((resolve, reject) => {
    let latencies = new Float64Array(1 << 16);
    let count = 0;
    let bytes = 0;
    const statuses: Record<string, number> = {};
    const began = process.hrtime.bigint();
    const tracker = autocannon(
      {
        url: cell.url,
        method: cell.method,
        headers: cell.headers,
        body: cell.body,
        connections: cell.connections,
        ...(cell.requests ? { amount: cell.requests } : { duration: cell.seconds }),
        // autocannon notices the end of its duration (or its last answer) only at a sample tick, a second by default,
        // which made every cell of under a second last a whole one; a tenth of a second keeps a cell close to its length.
        sampleInt: 100,
        // Ten seconds without an answer is a failure, not a slow answer.
        timeout: 10,
      },
      (err, result) => {
        if (err) return reject(err);
        const seconds = Number(process.hrtime.bigint() - began) / 1e9;
        const sorted = latencies.subarray(0, count).sort();
        let sum = 0;
        for (const v of sorted) sum += v;
        resolve({
          requests: count,
          seconds,
          rps: count / seconds,
          meanMs: count > 0 ? sum / count : Number.NaN,
          p50Ms: percentile(sorted, 50),
          p90Ms: percentile(sorted, 90),
          p99Ms: percentile(sorted, 99),
          maxMs: percentile(sorted, 100),
          bytesPerAnswer: count > 0 ? Math.round(bytes / count) : 0,
          failed: result.errors + result.timeouts + result.non2xx,
          statuses,
        });
      },
    );
    tracker.on('response', (_client, status, resBytes, ms) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status > 299) return;
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = ms;
      bytes += resBytes;
    });
  });
}

process.on('message', (message: { id: number; cell: Cell }) => {
  run(message.cell).then(
    (result) => process.send?.({ id: message.id, result }),
    (err: unknown) => process.send?.({ id: message.id, error: String((err as Error).stack ?? err) }),
  );
});
// Ends with its parent: nothing keeps it alive once the IPC channel closes.
process.on('disconnect', () => process.exit(0));
