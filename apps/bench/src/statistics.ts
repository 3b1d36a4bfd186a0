export function percentile(sorted: number[], p: number): number {
  // Nearest rank: always one of the measured values, never an interpolation between two.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** Rounded to thousandths: microseconds for milliseconds. */
export const round3 = (n: number) => Math.round(n * 1000) / 1000;
