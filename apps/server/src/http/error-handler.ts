import type { ErrorDetails } from '@accesspackage/types';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { clip, errorEnvelope, GraphHttpError, MAX_ERROR_DETAILS } from '../graph/http-error.js';
import { localsOf } from './locals.js';
import { idsOf } from './request-ids.js';

/** One violation as express-openapi-validator reports it. */
interface ValidationItem {
  path?: string;
  message?: string;
  errorCode?: string;
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
  errors?: ValidationItem[];
}

// `/body/displayName` -> `displayName`; `/query/$top` -> `$top`.
function targetOf(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const target = path
    .replace(/^[./]?(body|query|params|headers|path)[./]?/, '')
    .replace(/^\//, '')
    .replace(/\//g, '.');
  return target === '' ? undefined : target;
}

function detailsOf(items: ValidationItem[], code: string): ErrorDetails[] {
  return items.map((item) => {
    const target = targetOf(item.path);
    const message = item.message ?? 'is invalid';
    return {
      code,
      message: target ? `${target}: ${message}` : message,
      ...(target ? { target } : {}),
    };
  });
}

function summary(prefix: string, details: ErrorDetails[]): string {
  const first = details[0]?.message;
  if (!first) return `${prefix}.`;
  const listed = Math.min(details.length, MAX_ERROR_DETAILS);
  const more =
    details.length > MAX_ERROR_DETAILS
      ? ` (and ${details.length - 1} more problems; details lists the first ${listed} of ${details.length})`
      : details.length > 1
        ? ` (and ${details.length - 1} more problem(s); see details)`
        : '';
  return `${prefix}: ${clip(first, 1024)}${more}.`;
}

/**
 * Turns whatever went wrong into the Graph error a client would get: validator failures, body
 * parser failures, GraphErrors thrown by handlers, and anything unexpected (a 500 that never
 * leaks a stack trace).
 */
export function toGraphError(err: unknown, req: Request): GraphHttpError {
  if (err instanceof GraphHttpError) return err;
  const e = (err ?? {}) as HttpLikeError;
  const status = e.status ?? e.statusCode ?? 500;
  const items = Array.isArray(e.errors) ? e.errors : [];

  if (e.type === 'entity.parse.failed') {
    return new GraphHttpError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
  if (e.type === 'entity.too.large' || status === 413) {
    return new GraphHttpError(413, 'RequestEntityTooLarge', 'The request body is too large. Send less than 1 MB.');
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return new GraphHttpError(415, 'UnsupportedMediaType', `${e.message ?? 'Unsupported encoding'}. Send UTF-8 JSON.`);
  }

  switch (status) {
    case 400: {
      const inBody = items.length > 0 && items.every((i) => /^[./]?body/.test(i.path ?? ''));
      if (inBody) {
        const details = detailsOf(items, 'InvalidModel');
        return new GraphHttpError(400, 'InvalidModel', summary('Model is not valid', details), details);
      }
      const details = detailsOf(items, 'BadRequest');
      return new GraphHttpError(400, 'BadRequest', summary('The request is invalid', details), details);
    }
    case 404:
      return unknownPath(req);
    case 405:
      return new GraphHttpError(
        405,
        'MethodNotAllowed',
        `The ${req.method} method is not allowed on ${req.originalUrl.split('?')[0]}. See GET /openapi.yaml for the methods each path serves.`,
      );
    case 415:
      return new GraphHttpError(
        415,
        'UnsupportedMediaType',
        `The content type is not supported (${e.message ?? 'unsupported media type'}). Send the body as 'application/json'.`,
      );
    default:
      if (status >= 400 && status < 500) {
        return new GraphHttpError(status, 'BadRequest', e.message ?? 'The request is invalid.');
      }
      if (items.some((i) => /^[./]?response/.test(i.path ?? ''))) {
        const details = detailsOf(items, 'InternalServerError');
        return new GraphHttpError(
          500,
          'InternalServerError',
          summary("The stub's response does not match the contract", details),
          details,
        );
      }
      return new GraphHttpError(
        500,
        'InternalServerError',
        'The stub failed unexpectedly. The request-id identifies it in the stub log.',
      );
  }
}

export interface ErrorHandlerOptions {
  /** Called with errors that are the stub's fault (status 500), so an operator sees the cause. */
  onInternalError?: (err: unknown, requestId: string) => void;
}

export function graphErrorHandler(options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const error = toGraphError(err, req);
    const ids = idsOf(res);
    if (error.status >= 500 && !(err instanceof GraphHttpError)) options.onInternalError?.(err, ids.requestId);
    if (res.headersSent) {
      res.end();
      return;
    }
    localsOf(res).errorCode = error.code;
    localsOf(res).errorMessage = error.message;
    res.status(error.status).set(error.headers).json(errorEnvelope(error, ids));
  };
}

// The versions of Graph the stub serves (the contract's servers; v1.0 for directory objects).
const GRAPH_VERSIONS = ['/beta', '/v1.0'];

/**
 * Under /beta (and /v1.0), Graph's gateway answers an unknown segment with 400 BadRequest "Resource not found
 * for the segment '...'" (captured from Graph; https://learn.microsoft.com/graph/errors); outside it there is nothing Graph-like to imitate,
 * so the stub says 404 and lists what it serves.
 */
function unknownPath(req: Request): GraphHttpError {
  const path = req.originalUrl.split('?')[0] ?? '/';
  if (GRAPH_VERSIONS.some((version) => path === version || path.startsWith(`${version}/`))) {
    const segment = path.split('/').filter(Boolean).pop() ?? '';
    return new GraphHttpError(
      400,
      'BadRequest',
      `Resource not found for the segment '${segment}'. No operation serves ${req.method} ${path}; see GET /openapi.yaml for the paths this stub serves.`,
    );
  }
  return new GraphHttpError(
    404,
    'NotFound',
    `Nothing is served at ${req.method} ${path}. This stub serves Graph under /beta (and users and groups under /v1.0), plus /_stub/health, /_stub/reset, /docs and /openapi.yaml.`,
  );
}

/** Paths outside every operation get a Graph error too, never express's HTML page. */
export const unknownRoute: RequestHandler = (req, _res, next) => next(unknownPath(req));
