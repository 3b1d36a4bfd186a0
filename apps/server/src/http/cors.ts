import type { RequestHandler } from 'express';
import { GraphHttpError } from '../graph/http-error.js';

const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
// What a browser app reads from Graph's answers: the ids to quote in support requests, and when to retry.
const EXPOSED_HEADERS = 'request-id, client-request-id, Retry-After, WWW-Authenticate';

/** Which web origins may call the API from a browser: `*` for any (Graph's way), or a list (empty: none). */
export type CorsOrigins = '*' | readonly string[];

/** `*`, `none`, or comma-separated origins such as `https://app.example.com,http://localhost:3000`. */
export function parseCorsOrigins(text: string): CorsOrigins {
  const trimmed = text.trim();
  if (trimmed === '*') return '*';
  if (trimmed === '' || trimmed.toLowerCase() === 'none') return [];
  return trimmed.split(',').map((entry) => {
    const origin = entry.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin.replace(/\/$/, '') || !/^https?:$/.test(parsed.protocol)) {
      throw new Error(
        `"${origin}" is not a web origin; write each like https://app.example.com or http://localhost:3000 (scheme, host, port; no path).`,
      );
    }
    return parsed.origin;
  });
}

/**
 * Graph answers browsers from any origin (single-page apps call it directly with MSAL tokens), so
 * by default the stub does too; `allowed` narrows that. It only concerns the API: tokens, not
 * cookies, authorize it. Preflights are answered here, before authentication: browsers never send
 * the token on them. A preflight from an origin not allowed answers 403.
 */
export function cors(allowed: CorsOrigins = '*'): RequestHandler {
  const permits = (origin: string) => allowed === '*' || allowed.includes(origin);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin) return next();
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined;
    res.vary('Origin');
    if (!permits(origin)) {
      if (!preflight) return next();
      return next(
        new GraphHttpError(
          403,
          'Forbidden',
          `The origin '${origin.slice(0, 200)}' may not call this stub from a browser. Start it with --cors-origins naming it.`,
        ),
      );
    }
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (preflight) {
      res.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.set(
        'Access-Control-Allow-Headers',
        req.get('access-control-request-headers') ?? 'authorization, content-type, client-request-id',
      );
      res.set('Access-Control-Max-Age', '86400');
      res.status(204).end();
      return;
    }
    next();
  };
}
