import type { Express, Response } from 'express';

/** The Content-Type Graph sends with JSON bodies. */
export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const JSON_TYPE = /^application\/json\b/i;

/**
 * Express rewrites any Content-Type set before `res.send` (lower-cased parameters, spaces), so the exact Graph string
 * is put in place as the headers go out, for JSON sent any other way than `res.json` (http/json-answers.ts). It is done once, on the app's response prototype, rather than by a
 * middleware wrapping each response's writeHead in a closure of its own.
 */
export function sendGraphContentType(app: Express): void {
  const response = app.response;
  const writeHead = response.writeHead;
  response.writeHead = function graphWriteHead(this: Response, ...args: unknown[]) {
    const type = this.getHeader('content-type');
    if (typeof type === 'string' && type !== GRAPH_JSON_CONTENT_TYPE && JSON_TYPE.test(type))
      this.setHeader('Content-Type', GRAPH_JSON_CONTENT_TYPE);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as typeof response.writeHead;
}
