import type { RequestHandler } from 'express';

/** On every answer: no content sniffing, no referrer leaking the stub's URLs. */
export const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

/**
 * Graph's headers that keep browsers and caches honest: `nosniff` everywhere, `Cache-Control:
 * no-store` (answers hold tenant data and tokens' names; the docs assets override it), and, under TLS,
 * `Strict-Transport-Security` as Graph sends it. Not for `localhost`: browsers pin HSTS to a host for
 * every port, and a year of https-only localhost would break a developer's other servers. (They
 * ignore it for IP addresses anyway.)
 */
const LOCALHOST = /^(.+\.)?localhost\.?$/i;

export const securityHeaders: RequestHandler = (req, res, next) => {
  res.setHeader('X-Content-Type-Options', SECURITY_HEADERS['X-Content-Type-Options']);
  res.setHeader('Referrer-Policy', SECURITY_HEADERS['Referrer-Policy']);
  res.setHeader('Cache-Control', 'no-store');
  if ((req.socket as { encrypted?: boolean }).encrypted === true) {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!LOCALHOST.test(host)) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  }
  next();
};
