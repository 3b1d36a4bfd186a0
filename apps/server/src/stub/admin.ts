import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { tenantOf } from '../auth/identity.js';
import type { Authenticator } from '../auth/index.js';
import { addDuration, type Clock, isDuration, type TenantClocks } from '../graph/clock.js';
import { GraphHttpError } from '../graph/http-error.js';
import { parseInstant } from '../graph/timestamps.js';
import { verifyJsonBytes } from '../http/body-rules.js';
import { publicOriginOf } from '../http/hosts.js';
import type { Journal, JournalFilter } from '../http/journal.js';
import { OUTAGE_RETRY_AFTER_SECONDS, StoreUnavailableError } from '../store/sql/sql-store.js';
import type { Store, StoreCounts } from '../store/store.js';

export interface AdminOptions {
  /**
   * When set, an admin request must send `Authorization: Bearer <adminToken>`, or a Graph token, which acts on its own
   * tenant only.
   */
  adminToken?: string;
  /** The clocks, which `/_stub/clock` reads and moves and a reset puts back. */
  clocks?: TenantClocks;
  /** Reads a Graph token sent to an admin route: its caller may act on its own tenant. */
  authenticator?: Authenticator;
  /** How many tenants the store may hold: moving a new tenant's clock creates it (Store.tenant). */
  maxTenants?: number;
  /** The requests the stub received, which `/_stub/requests` reads and a reset empties. */
  journal?: Journal;
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

/** Whom an admin request may act on: every tenant (the admin token, or no token on a stub without one), or one. */
type AdminScope = { tenantId?: string };
const scopes = new WeakMap<Response, AdminScope>();

const adminUnauthorized = (why: string) =>
  new GraphHttpError(401, 'InvalidAuthenticationToken', why, undefined, {
    'WWW-Authenticate': 'Bearer realm="accesspackage-stub admin"',
  });

/**
 * Who may act: the admin token may act on every tenant, a Graph token of this stub on its own tenant only (its `tid`),
 * so that the jobs sharing a stub each move their own clock and reset their own data, and none another's. Without an
 * admin token (loopback only), a request with no token may act on every tenant, as on a stub of one's own.
 */
function adminAccess(options: AdminOptions): RequestHandler {
  const expected = options.adminToken === undefined ? undefined : digest(options.adminToken);
  return (req, res, next) => {
    const header = req.get('authorization');
    const sent = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
    if (sent === undefined) {
      if (expected === undefined && header === undefined) return next();
      return next(
        adminUnauthorized(
          expected === undefined
            ? 'Send Authorization: Bearer <a Graph token of the tenant to act on>, or no Authorization header at all.'
            : `The stub's admin routes need its admin token (Authorization: Bearer <the token given with --admin-token>), or a Graph token of the tenant to act on.`,
        ),
      );
    }
    if (expected !== undefined && timingSafeEqual(digest(sent), expected)) return next();
    if (!options.authenticator) {
      return next(adminUnauthorized('This token is not the admin token given with --admin-token.'));
    }
    let tenantId: string;
    try {
      const caller = options.authenticator(`Bearer ${sent}`);
      // A reset and a clock move change what the tenant's requests see: they need the write permission.
      if (req.method !== 'GET') options.authenticator.authorize(caller, 'write');
      tenantId = tenantOf(caller);
    } catch (error) {
      if (error instanceof GraphHttpError && error.status === 401) {
        return next(
          adminUnauthorized(
            `${error.message} The admin routes take ${expected === undefined ? '' : 'the admin token or '}a Graph token of the tenant to act on.`,
          ),
        );
      }
      return next(error);
    }
    scopes.set(res, { tenantId });
    next();
  };
}

// The admin routes take nothing but `?tenantId=`; saying so beats silently ignoring a misspelled intent.
// The journal's filters, the one admin route that takes more.
const JOURNAL_OPTIONS = ['since', 'method', 'path', 'status'];

const noQuery: RequestHandler = (req, _res, next) => {
  const allowed = req.path === '/requests' ? ['tenantId', ...JOURNAL_OPTIONS] : ['tenantId'];
  const options = Object.keys(req.query).filter((option) => !allowed.includes(option));
  if (options.length === 0) return next();
  next(
    new GraphHttpError(
      400,
      'BadRequest',
      `${req.path} takes no query options; remove ${options.map((o) => `'${o.slice(0, 64)}'`).join(', ')}.`,
    ),
  );
};

/**
 * The one tenant an admin request acts on, or undefined for every tenant: `?tenantId=` narrows it (tenant ids are
 * compared in lower case, as tokens' are); a Graph token's requests act on its own tenant, and may name no other.
 */
function tenantIdOf(req: Request, res: Response): string | undefined {
  const value = req.query.tenantId;
  if (value !== undefined && (typeof value !== 'string' || value.trim() === '' || value.length > 64)) {
    throw new GraphHttpError(
      400,
      'BadRequest',
      'tenantId must be given once, as a tenant id (a GUID), e.g. ?tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47.',
    );
  }
  const named = value?.trim().toLowerCase();
  const own = scopes.get(res)?.tenantId;
  if (own !== undefined && named !== undefined && named !== own) {
    throw new GraphHttpError(
      403,
      'Authorization_RequestDenied',
      `This Graph token is of the tenant '${own}': it acts on that tenant only. Name no tenant, or send the admin token.`,
    );
  }
  return own ?? named;
}

/** `/_stub/requests`'s filters, each checked: a filter that means nothing must not quietly match everything. */
function journalFilterOf(req: Request): JournalFilter {
  const one = (name: string): string | undefined => {
    const value = req.query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '' || value.length > 2_048) {
      throw new GraphHttpError(400, 'BadRequest', `${name} must be given once, with a value.`);
    }
    return value.trim();
  };
  const filter: JournalFilter = {};
  const since = one('since');
  if (since !== undefined) {
    if (/^\d+$/.test(since)) filter.since = Number(since);
    else {
      const at = parseInstant(since);
      if (!at) {
        throw new GraphHttpError(
          400,
          'BadRequest',
          `since must be a sequence number from an earlier answer (e.g. since=42) or an ISO 8601 time (e.g. since=2030-01-01T00:00:00Z); got '${since.slice(0, 64)}'.`,
        );
      }
      filter.since = at;
    }
  }
  const method = one('method');
  if (method !== undefined) {
    if (!/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i.test(method)) {
      throw new GraphHttpError(
        400,
        'BadRequest',
        `method must be an HTTP method such as GET or POST; got '${method.slice(0, 16)}'.`,
      );
    }
    filter.method = method;
  }
  const path = one('path');
  if (path !== undefined) filter.path = path;
  const status = one('status');
  if (status !== undefined) {
    if (!/^[1-5]\d\d$/.test(status)) {
      throw new GraphHttpError(
        400,
        'BadRequest',
        `status must be an HTTP status such as 201 or 404; got '${status.slice(0, 16)}'.`,
      );
    }
    filter.status = Number(status);
  }
  return filter;
}

const MAX_ADMIN_BODY = 64;

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
  const shown = `'${value.slice(0, 64)}'`;
  if (keys[0] === 'advance') {
    if (!isDuration(value))
      throw new GraphHttpError(400, 'BadRequest', `${shown} is no ISO 8601 duration. ${CLOCK_USAGE}`);
    const to = addDuration(now, value);
    if (to) return to;
    throw new GraphHttpError(
      400,
      'BadRequest',
      `${shown} would take the clock from ${now.toISOString()} past 9999-12-31, the last day Graph can write. ${CLOCK_USAGE}`,
    );
  }
  const to = parseInstant(value);
  if (to) return to;
  throw new GraphHttpError(
    400,
    'BadRequest',
    `${shown} is no ISO 8601 time with its zone on a real day from year 1 to 9999 (30 February is none). ${CLOCK_USAGE}`,
  );
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

  router.use('/_stub', sameOriginOnly, adminAccess(options));
  router.use('/_stub', noQuery, jsonOnly, express.json({ limit: '1kb', verify: verifyJsonBytes }));
  const { clocks } = options;
  if (clocks) {
    const reading = (clock: Clock, tenantId: string | undefined) => ({
      now: clock.now().toISOString(),
      offsetSeconds: Math.round(clock.offsetMs) / 1000,
      frozen: clock.frozen,
      ...(tenantId === undefined ? {} : { tenantId }),
    });
    router.get('/_stub/clock', (req, res) => {
      const tenantId = tenantIdOf(req, res);
      res.json(reading(tenantId === undefined ? clocks.stub : clocks.of(tenantId), tenantId));
    });
    router.post('/_stub/clock', async (req, res) => {
      const tenantId = tenantIdOf(req, res);
      if (tenantId !== undefined) {
        // The tenant comes to exist, as by its first Graph request: clocks are kept for the tenants the stub holds.
        await store.tenant(tenantId, { maxTenants: options.maxTenants });
        const clock = clocks.of(tenantId);
        clock.set(clockChangeOf(req.body, clock.now()));
        return res.json(reading(clock, tenantId));
      }
      // Every tenant's clock: an advance moves each by as much; a time puts each at that time.
      const before = clocks.stub.now();
      const to = clockChangeOf(req.body, before);
      if ('set' in (req.body as object)) clocks.forgetAll();
      else {
        // Each tenant's own offset stays, so one that ran ahead must not be taken past 9999 by the move.
        for (const [, clock] of clocks.moved()) {
          if (!addDuration(clock.now(), String((req.body as { advance: string }).advance))) {
            throw new GraphHttpError(
              400,
              'BadRequest',
              `The move would take a tenant's clock (now ${clock.now().toISOString()}) past 9999-12-31, the last day Graph can write: move that tenant's clock back first, or set every clock to a time. ${CLOCK_USAGE}`,
            );
          }
        }
      }
      clocks.stub.set(to);
      res.json(reading(clocks.stub, undefined));
    });
  }
  router.use('/_stub', emptyObjectOnly);
  const { journal } = options;
  if (journal) {
    router.get('/_stub/requests', (req, res) => {
      const tenantId = tenantIdOf(req, res);
      const { value, dropped } = journal.list({ ...journalFilterOf(req), ...(tenantId ? { tenantId } : {}) });
      res.json({ capacity: journal.capacity, dropped, value });
    });
    router.delete('/_stub/requests', (req, res) => {
      journal.clear(tenantIdOf(req, res));
      res.status(204).end();
    });
  }
  router.get('/_stub/health', async (req, res) => {
    const tenantId = tenantIdOf(req, res);
    let counts: StoreCounts;
    try {
      counts = await store.counts(tenantId);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      // Up, but not answering API requests for now: what a load balancer or a CI job waiting for the stub must see.
      res.status(503).set('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
      res.json({ status: 'degraded', database: store.engine, uptimeSeconds: uptimeSeconds(), reason: err.message });
      return;
    }
    res.json({ status: 'ok', ...counts, database: store.engine, uptimeSeconds: uptimeSeconds() });
  });
  router.post('/_stub/reset', async (req, res) => {
    const tenantId = tenantIdOf(req, res);
    await store.reset(tenantId);
    // A tenant's reset puts its clock back on the stub's; a reset of every tenant puts every clock back on the
    // machine's time (a frozen clock: where it was frozen).
    if (tenantId === undefined) {
      clocks?.forgetAll();
      clocks?.stub.reset();
    } else clocks?.of(tenantId).reset();
    options.journal?.clear(tenantId);
    onReset();
    const counts = await store.counts(tenantId);
    res.json({ status: 'reset', ...counts, database: store.engine, uptimeSeconds: uptimeSeconds() });
  });
  return router;
}
