import type { RequestHandler } from 'express';

/** HEAD is GET without a body: routes and the validator see a GET, and Node sends no body for a HEAD. */
export const headAsGet: RequestHandler = (req, _res, next) => {
  if (req.method === 'HEAD') req.method = 'GET';
  next();
};
