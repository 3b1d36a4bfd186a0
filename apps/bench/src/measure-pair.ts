import type { Loop } from './loop.js';
import type { LoopStats } from './result.js';

// Turns baseline and stub take per scenario; see measurePair.
const ROUNDS = 4;

/** Unmeasured requests sent before `requests` measured ones: 10% more. */
export const warmupCount = (requests: number) => Math.ceil(requests / 10);

/** `total` in `parts` nearly equal whole shares, none of them 0. */
function shares(total: number, parts: number): number[] {
  const n = Math.min(parts, total);
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

/**
 * Baseline and stub take turns, a share of the requests at a time: on a shared machine the load of
 * other processes drifts over seconds, and alternating lets both sides of a ratio see the same drift.
 */
export async function measurePair(
  baseline: Loop,
  stub: Loop,
  requests: number,
): Promise<{ baseline: LoopStats; stub: LoopStats }> {
  const warmup = warmupCount(requests);
  await baseline.warmUp(warmup);
  await stub.warmUp(warmup);
  for (const share of shares(requests, ROUNDS)) {
    await baseline.measure(share);
    await stub.measure(share);
  }
  return { baseline: baseline.stats(), stub: stub.stats() };
}
