import type { RequestHandler } from 'express';

/** The Content-Type Graph sends with JSON bodies. */
export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/**
 * Express rewrites any Content-Type set before `res.json` (lower-cased parameters, spaces), so the
 * exact Graph string is put in place as the headers go out.
 */
export const graphContentType: RequestHandler = (_req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function graphWriteHead(this: typeof res, ...args: unknown[]) {
    if (/^application\/json\b/i.test(String(res.getHeader('content-type') ?? ''))) {
      res.setHeader('Content-Type', GRAPH_JSON_CONTENT_TYPE);
    }
    return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
  } as typeof res.writeHead;
  next();
};
