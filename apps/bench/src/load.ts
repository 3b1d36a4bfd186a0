import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** One measured run: one request, one server, a number of connections, a bounded time. */
export interface Cell {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  /** Ends after this many requests instead of after `seconds`: cells that must be answered, whatever their rate. */
  requests?: number;
}

export interface CellResult {
  /** 2xx answers. */
  requests: number;
  seconds: number;
  /** 2xx answers per second. */
  rps: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Response bytes (head and body) per 2xx answer. */
  bytesPerAnswer: number;
  /** Errors, timeouts and non-2xx answers. */
  failed: number;
  statuses: Record<string, number>;
}

/** The load generator process (load-worker.ts), started once and reused for every cell. */
export class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}
  private next = 0;

  static start(): LoadGenerator {
    // Always the compiled worker: the harness runs from dist/ and, under jest, from src/ (both one level under the package).
    const worker = join(__dirname, '..', 'dist', 'load-worker.js');
    return new LoadGenerator(fork(worker, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  run(cell: Cell): Promise<CellResult> {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      const onMessage = (message: { id: number; result?: CellResult; error?: string }) => {
        if (message.id !== id) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (message.result) resolve(message.result);
        else reject(new Error(`the load generator failed: ${message.error}`));
      };
      const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send({ id, cell });
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
