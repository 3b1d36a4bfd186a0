import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several middleware as one: they run in order, as separate `app.use` layers would, but express's router walks one
 * layer instead of many (its bookkeeping per layer was a tenth of a request's time). An error, thrown, passed to
 * `next` or rejected, goes on to the error handlers as it would from a layer of its own.
 */
export function compose(handlers: readonly RequestHandler[]): RequestHandler {
  for (const handler of handlers) {
    // An error handler has four parameters; it belongs in a layer of its own.
    if (handler.length > 3) throw new Error(`compose takes request handlers, not error handlers (${handler.name}).`);
  }
  return (req: Request, res: Response, done: NextFunction) => {
    let index = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined && err !== null) {
        // `next('route')` and `next('router')` leave the remaining handlers, as they leave a route's.
        done(err === 'route' || err === 'router' ? undefined : err);
        return;
      }
      const handler = handlers[index];
      index += 1;
      if (!handler) {
        done();
        return;
      }
      try {
        const result = handler(req, res, next) as unknown;
        if (result instanceof Promise) result.catch((error: unknown) => done(error ?? new Error('rejected')));
      } catch (error) {
        done(error);
      }
    };
    next();
  };
}

/**
 * Whether a path is one of `prefixes` or lies under one, regardless of case, as express matches a mount path:
 * `/beta` and `/BETA/x` are under `/beta`; `/betamax` is not.
 */
export function underAnyOf(prefixes: readonly string[]): (path: string) => boolean {
  const escaped = prefixes.map((prefix) => prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`^(?:${escaped.join('|')})(?:/|$)`, 'i');
  return (path) => prefixes.length > 0 && pattern.test(path);
}

/** A handler for requests under any of `prefixes` only, as `app.use(prefixes, handler)` mounts one but in the same layer. */
export function under(prefixes: readonly string[], handler: RequestHandler): RequestHandler {
  const within = underAnyOf(prefixes);
  return (req, res, next) => (within(req.path) ? handler(req, res, next) : next());
}

/** A handler that lets requests under any of `prefixes` pass by untouched (the API's, for the docs and admin routes). */
export function outside(prefixes: readonly string[], handler: RequestHandler): RequestHandler {
  const within = underAnyOf(prefixes);
  return (req, res, next) => (within(req.path) ? next() : handler(req, res, next));
}
