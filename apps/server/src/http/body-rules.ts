import type { RequestHandler } from 'express';
import { GraphHttpError } from '../graph/http-error.js';

/**
 * Express turns an empty body into `{}` (or leaves it undefined without a Content-Length), which
 * the validator then accepts as an empty object. Every POST and PATCH in the contract requires a JSON object, so an empty
 * one is refused here with the message Graph gives for an unreadable payload.
 */
export const requireBodyWhenSent: RequestHandler = (req, _res, next) => {
  const empty = req.body === undefined || req.get('content-length') === '0';
  if (['POST', 'PATCH', 'PUT'].includes(req.method) && empty && req.is('application/json') !== false) {
    next(
      new GraphHttpError(
        400,
        'BadRequest',
        'Empty Payload. JSON content expected. Send the resource as a JSON object with Content-Type: application/json.',
      ),
    );
    return;
  }
  next();
};

/**
 * OData instance annotations (`@odata.type`, `@odata.etag`, ...) carry no data, and Graph accepts
 * them in request bodies (Terraform's provider sends `@odata.type`). They are dropped here, before
 * validation, so that any annotation is accepted while other unknown properties stay errors.
 * Only string values are dropped: the contract types `@odata.type` as a string, so `"@odata.type": 1`
 * is left for the validator to refuse with 400 InvalidModel, like any other mistyped property.
 * The body of a `$ref` POST is the exception: its `@odata.id` is the reference itself, not an annotation.
 */
export const dropODataAnnotations: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  const reference = req.path.endsWith('/$ref');
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body)) {
      if (reference && key === '@odata.id') continue;
      if (key.startsWith('@odata.') && typeof value === 'string') delete (body as Record<string, unknown>)[key];
    }
  }
  next();
};
