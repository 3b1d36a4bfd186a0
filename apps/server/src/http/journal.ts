import type { Request, RequestHandler, Response } from 'express';
import { tenantOf } from '../auth/identity.js';
import { localsOf } from './locals.js';
import { idsOf } from './request-ids.js';

/**
 * What the stub received: the last requests under the API's versions, answered or refused, in a bounded ring, for a
 * test to assert on ("was a request for this package sent?") and a person to see why a call failed. Kept in memory,
 * per stub instance; `GET /_stub/requests` reads it, a tenant's reset empties that tenant's part.
 */
export interface JournalEntry {
  /** Increases by one per request: `since=<seq>` reads what came after. */
  seq: number;
  /** When the request arrived, by the machine's clock (ISO 8601). */
  time: string;
  /** The tenant of the caller's token; null when the request was refused before its token was read. */
  tenantId: string | null;
  method: string;
  /** The path as sent, without its query. */
  path: string;
  /** The query string (without `?`), percent-decoded for reading (as sent where it does not decode), or null. */
  query: string | null;
  status: number;
  durationMs: number;
  requestId: string;
  clientRequestId: string;
  /** The Graph error code and message of an error answer. */
  error: { code: string; message: string } | null;
  /** The JSON body sent, secrets redacted (a body past 16 kB is summarised, not kept). */
  body: unknown;
}

export interface JournalFilter {
  tenantId?: string;
  /** A sequence number (entries after it) or an ISO 8601 time (entries at or after it). */
  since?: number | Date;
  method?: string;
  /** Entries whose path contains this, ignoring case. */
  path?: string;
  status?: number;
}

export interface Journal {
  readonly capacity: number;
  /** Records each request under the API's versions once it is answered. */
  middleware: RequestHandler;
  /** Matching entries, oldest first, and how many entries the ring has let go since the stub started. */
  list(filter?: JournalFilter): { value: JournalEntry[]; dropped: number };
  /** Forgets one tenant's entries, or every entry. */
  clear(tenantId?: string): void;
}

export const DEFAULT_JOURNAL_SIZE = 1_000;
const MAX_BODY_CHARS = 16_384;
// Names of fields whose values are secrets wherever they appear (a custom extension's client secret, a password).
const SECRET = /secret|password|passwd|credential|token|privatekey|^key$/i;

/** A body with its secret-looking fields replaced by `[redacted]`, to be logged or kept. */
export function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, field]) => [
      key,
      SECRET.test(key) && field !== null && typeof field !== 'object' ? '[redacted]' : redacted(field),
    ]),
  );
}

/** The body as kept: redacted, or a note of its size when it is too long to keep. */
export function keptBody(req: Request): unknown {
  const body: unknown = req.body;
  if (body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)) {
    return req.method === 'GET' || req.method === 'DELETE' || req.method === 'HEAD' ? null : (body ?? null);
  }
  // redacted() copies the body, so the copy is kept as it is; it is serialized once, to be measured.
  const kept = redacted(body);
  const length = JSON.stringify(kept).length;
  return length > MAX_BODY_CHARS ? { '@stub.truncated': `a body of ${length} characters` } : kept;
}

function readable(query: string): string {
  try {
    return decodeURIComponent(query);
  } catch {
    return query;
  }
}

function callerTenant(res: Response): string | null {
  const caller = localsOf(res).caller;
  if (!caller) return null;
  try {
    return tenantOf(caller);
  } catch {
    return null;
  }
}

export function createJournal(capacity = DEFAULT_JOURNAL_SIZE): Journal {
  const ring: Array<JournalEntry | undefined> = new Array(capacity);
  let next = 0;
  let seq = 0;
  const entries = () => {
    const all: JournalEntry[] = [];
    for (let i = 0; i < capacity; i += 1) {
      const entry = ring[(next + i) % capacity];
      if (entry) all.push(entry);
    }
    return all;
  };
  return {
    capacity,
    middleware(req, res, next_) {
      if (capacity === 0) return next_();
      const arrived = new Date();
      const started = process.hrtime.bigint();
      const [path = '', ...rest] = req.originalUrl.split('?');
      res.on('finish', () => {
        const locals = localsOf(res);
        seq += 1;
        ring[next] = {
          seq,
          time: arrived.toISOString(),
          tenantId: callerTenant(res),
          method: req.method,
          path,
          query: rest.length > 0 ? readable(rest.join('?')) : null,
          status: res.statusCode,
          durationMs: Math.round((Number(process.hrtime.bigint() - started) / 1e6) * 10) / 10,
          requestId: idsOf(res).requestId,
          clientRequestId: idsOf(res).clientRequestId,
          error:
            res.statusCode >= 400 && locals.errorCode
              ? { code: locals.errorCode, message: locals.errorMessage ?? '' }
              : null,
          body: keptBody(req),
        };
        next = (next + 1) % capacity;
      });
      next_();
    },
    list(filter = {}) {
      const method = filter.method?.toUpperCase();
      const path = filter.path?.toLowerCase();
      const value = entries().filter(
        (e) =>
          (filter.tenantId === undefined || e.tenantId === filter.tenantId) &&
          (filter.since === undefined ||
            (typeof filter.since === 'number' ? e.seq > filter.since : Date.parse(e.time) >= filter.since.getTime())) &&
          (method === undefined || e.method === method) &&
          (path === undefined || e.path.toLowerCase().includes(path)) &&
          (filter.status === undefined || e.status === filter.status),
      );
      return { value, dropped: Math.max(0, seq - capacity) };
    },
    clear(tenantId) {
      for (let i = 0; i < capacity; i += 1) {
        if (tenantId === undefined || ring[i]?.tenantId === tenantId) ring[i] = undefined;
      }
    },
  };
}
