import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, Router } from 'express';
import { addDuration, type Clock } from '../graph/clock.js';
import { GraphHttpError } from '../graph/http-error.js';
import { isGraphInstant } from '../graph/timestamps.js';
import { verifyJsonBytes } from '../http/body-rules.js';
import { publicOriginOf } from '../http/hosts.js';
import type { Store } from '../store/store.js';

export interface AdminOptions {
  /** When set, every admin request must send `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /** The stub's clock, which `/_stub/clock` reads and moves and a reset of every tenant puts back. */
  clock?: Clock;
}

// The scheme and host a request was sent to, as a browser would write its Origin.
function ownOrigins(req: Request): string[] {
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const own = [`${scheme}://${String(req.headers.host).toLowerCase()}`];
  try {
    own.push(new URL(publicOriginOf(req)).origin);
  } catch {
    // hostRules always sets it; without it the Host comparison is all there is.
  }
  return own;
}

/**
 * A browser sends `Origin` with every cross-origin request (and `Sec-Fetch-Site` on modern ones);
 * the admin routes answer only requests from the stub's own origin, or from no page at all (curl,
 * test suites). With the Host allow-list before it, a page elsewhere, or one reaching the stub
 * through a rebound DNS name, cannot reset it.
 */
const sameOriginOnly: RequestHandler = (req, _res, next) => {
  const site = req.get('sec-fetch-site');
  const origin = req.get('origin');
  const foreignSite = site !== undefined && site !== 'same-origin' && site !== 'none';
  const foreignOrigin = origin !== undefined && !ownOrigins(req).includes(origin.toLowerCase());
  if (foreignSite || foreignOrigin) {
    return next(
      new GraphHttpError(
        403,
        'CrossOriginRequestRefused',
        `The stub's admin routes answer only requests from its own origin; this one came from ${origin ? `'${origin.slice(0, 200)}'` : `a ${site} page`}.`,
      ),
    );
  }
  next();
};

const digest = (text: string) => createHash('sha256').update(text).digest();

function requireToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, _res, next) => {
    const sent = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (sent !== undefined && timingSafeEqual(digest(sent), expected)) return next();
    next(
      new GraphHttpError(
        401,
        'InvalidAuthenticationToken',
        `The stub's admin routes need its admin token: send Authorization: Bearer <the token given with --admin-token>.`,
        undefined,
        { 'WWW-Authenticate': 'Bearer realm="accesspackage-stub admin"' },
      ),
    );
  };
}

// The admin routes take nothing but `?tenantId=`; saying so beats silently ignoring a misspelled intent.
const noQuery: RequestHandler = (req, _res, next) => {
  const options = Object.keys(req.query).filter((option) => option !== 'tenantId');
  if (options.length === 0) return next();
  next(
    new GraphHttpError(
      400,
      'BadRequest',
      `${req.path} takes no query options; remove ${options.map((o) => `'${o.slice(0, 64)}'`).join(', ')}.`,
    ),
  );
};

// `?tenantId=` narrows an admin route to one tenant; tenant ids are compared in lower case, as tokens' are.
function tenantIdOf(req: Request): string | undefined {
  const value = req.query.tenantId;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 64) {
    throw new GraphHttpError(
      400,
      'BadRequest',
      'tenantId must be given once, as a tenant id (a GUID), e.g. ?tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47.',
    );
  }
  return value.trim().toLowerCase();
}

const MAX_ADMIN_BODY = 64;

function notForATenant(req: Request): void {
  if (req.query.tenantId !== undefined) {
    throw new GraphHttpError(400, 'BadRequest', "The clock is the stub's, shared by every tenant: remove ?tenantId=.");
  }
}

const CLOCK_USAGE =
  'Send {"advance": "<ISO 8601 duration, e.g. P31D or PT1H>"} or {"set": "<ISO 8601 time, e.g. 2027-01-01T00:00:00Z>"}.';

/** Where `POST /_stub/clock` moves the clock to, from `{advance}` or `{set}`; 400 for anything else. */
function clockChangeOf(body: unknown, now: Date): Date {
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const keys = Object.keys(fields);
  if (keys.length !== 1 || (keys[0] !== 'advance' && keys[0] !== 'set')) {
    throw new GraphHttpError(400, 'BadRequest', `The clock takes one change. ${CLOCK_USAGE}`);
  }
  const value = fields[keys[0]];
  if (typeof value !== 'string' || value.length > 64) {
    throw new GraphHttpError(400, 'BadRequest', `'${keys[0]}' must be a string. ${CLOCK_USAGE}`);
  }
  const advance = keys[0] === 'advance';
  const format = advance ? /^P(?=\d|T\d)/ : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  const to = !format.test(value) ? undefined : advance ? addDuration(now, value) : new Date(value);
  if (!to || !isGraphInstant(to.getTime())) {
    const what =
      !format.test(value) || (!advance && Number.isNaN(to?.getTime()))
        ? `'${value.slice(0, 64)}' is no ${advance ? 'ISO 8601 duration' : 'ISO 8601 time with a zone'}.`
        : `'${value.slice(0, 64)}' would take the clock ${advance ? `from ${now.toISOString()} ` : ''}past 9999-12-31, the last day Graph can write.`;
    throw new GraphHttpError(400, 'BadRequest', `${what} ${CLOCK_USAGE}`);
  }
  return to;
}

/**
 * A POST must be JSON (`Content-Type: application/json`: a browser cannot send that across origins
 * without a preflight, which is refused), with no body or an empty object. GETs take no body.
 */
const jsonOnly: RequestHandler = (req, _res, next) => {
  const length = Number(req.get('content-length') ?? 0);
  const chunked = req.get('transfer-encoding') !== undefined;
  if (req.method !== 'POST') {
    if (length > 0 || chunked) {
      return next(
        new GraphHttpError(400, 'BadRequest', `${req.path} takes no request body; send the request without one.`),
      );
    }
    return next();
  }
  // The header itself, not req.is(), which answers null for a request without a body: `curl -X POST -H
  // 'Content-Type: application/json'` sends none, and the contract allows that.
  if (!/^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i.test(req.get('content-type') ?? '')) {
    return next(
      new GraphHttpError(
        415,
        'UnsupportedMediaType',
        `${req.path} takes JSON only: send Content-Type: application/json, with no body or {}.`,
      ),
    );
  }
  if (chunked || length > MAX_ADMIN_BODY) {
    return next(new GraphHttpError(400, 'BadRequest', `${req.path} takes no input: send no body, or {}.`));
  }
  next();
};

const emptyObjectOnly: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  if (
    body === undefined ||
    (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0)
  ) {
    return next();
  }
  next(new GraphHttpError(400, 'BadRequest', `${req.path} takes no input: send no body, or {}.`));
};

/**
 * Stub-only routes, outside `/beta` and without a Graph token, so test suites can check readiness
 * and restore the start-up data between tests. They refuse cross-origin requests (403) and, for
 * POST, anything but JSON (415); with `adminToken` they need it too (401).
 */
export function adminRoutes(store: Store, onReset: () => void, options: AdminOptions = {}): Router {
  const router = Router();
  const started = Date.now();
  const uptimeSeconds = () => Math.round((Date.now() - started) / 100) / 10;

  router.use('/_stub', sameOriginOnly);
  if (options.adminToken !== undefined) router.use('/_stub', requireToken(options.adminToken));
  router.use('/_stub', noQuery, jsonOnly, express.json({ limit: '1kb', verify: verifyJsonBytes }));
  const { clock } = options;
  if (clock) {
    const reading = () => ({
      now: clock.now().toISOString(),
      offsetSeconds: Math.round(clock.offsetMs) / 1000,
      frozen: clock.frozen,
    });
    router.get('/_stub/clock', (req, res) => {
      notForATenant(req);
      res.json(reading());
    });
    router.post('/_stub/clock', (req, res) => {
      notForATenant(req);
      clock.set(clockChangeOf(req.body, clock.now()));
      res.json(reading());
    });
  }
  router.use('/_stub', emptyObjectOnly);
  router.get('/_stub/health', async (req, res) => {
    const counts = await store.counts(tenantIdOf(req));
    res.json({ status: 'ok', ...counts, database: store.engine, uptimeSeconds: uptimeSeconds() });
  });
  router.post('/_stub/reset', async (req, res) => {
    const tenantId = tenantIdOf(req);
    await store.reset(tenantId);
    // The clock is the stub's: only a reset of every tenant puts it back.
    if (tenantId === undefined) clock?.reset();
    else clock?.invalidate();
    onReset();
    const counts = await store.counts(tenantId);
    res.json({ status: 'reset', ...counts, database: store.engine, uptimeSeconds: uptimeSeconds() });
  });
  return router;
}
