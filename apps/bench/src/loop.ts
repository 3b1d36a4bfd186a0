import { pool } from './pool.js';
import type { Failure, LoopStats } from './result.js';
import { type RequestSpec, send } from './send.js';
import { percentile, round3 } from './statistics.js';

const FAILURE_EXAMPLES = 5;

/**
 * The client loop: the same for the baseline and the stub, so their difference is the servers'.
 * A loop runs in several rounds (see measurePair), and its numbers add up over them.
 */
export class Loop {
  private readonly latencies: number[] = [];
  private readonly failures: Failure[] = [];
  private failed = 0;
  private measuredMs = 0;
  private warmupRequests = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly request: RequestSpec,
    private readonly headers: Record<string, string>,
    private readonly concurrency: number,
  ) {}

  /** Sends `count` requests without recording their latency; failures still count. */
  async warmUp(count: number): Promise<void> {
    this.warmupRequests += count;
    await pool(count, this.concurrency, () => this.one(false));
  }

  async measure(count: number): Promise<void> {
    const started = performance.now();
    await pool(count, this.concurrency, () => this.one(true));
    this.measuredMs += performance.now() - started;
  }

  private async one(record: boolean): Promise<void> {
    const started = performance.now();
    try {
      const answer = await send(this.baseUrl, this.request, this.headers);
      if (answer.status < 200 || answer.status > 299) this.fail(answer.status, answer.body.toString('utf8', 0, 300));
    } catch (err) {
      this.fail(0, (err as Error).message);
    }
    if (record) this.latencies.push(performance.now() - started);
  }

  private fail(status: number, detail: string): void {
    this.failed++;
    const same = this.failures.find((f) => f.status === status && f.detail === detail);
    if (same) same.count++;
    else if (this.failures.length < FAILURE_EXAMPLES) this.failures.push({ status, detail, count: 1 });
  }

  stats(): LoopStats {
    const requests = this.latencies.length;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      requests,
      warmupRequests: this.warmupRequests,
      failed: this.failed,
      failures: this.failures,
      totalMs: round3(this.measuredMs),
      requestsPerSecond: round3(requests / (this.measuredMs / 1000)),
      p50Ms: round3(percentile(sorted, 50)),
      p99Ms: round3(percentile(sorted, 99)),
      meanMs: round3(sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, requests)),
      maxMs: round3(sorted[sorted.length - 1] ?? Number.NaN),
      latenciesMs: this.latencies.map(round3),
    };
  }
}
