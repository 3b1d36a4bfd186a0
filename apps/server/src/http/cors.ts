import type { RequestHandler } from 'express';

const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';
// What a browser app reads from Graph's answers: the ids to quote in support requests, and when to retry.
const EXPOSED_HEADERS = 'request-id, client-request-id, Retry-After, WWW-Authenticate';

/**
 * Graph answers browsers from any origin (single-page apps call it directly with MSAL tokens), so
 * the stub does too. Preflights are answered here, before authentication: browsers never send the
 * token on them.
 */
export const cors: RequestHandler = (req, res, next) => {
  const origin = req.get('origin');
  if (!origin) return next();
  res.set('Access-Control-Allow-Origin', origin);
  res.set('Vary', 'Origin');
  res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
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
