import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import { keptBody } from './journal.js';
import { localsOf } from './locals.js';
import { idsOf } from './request-ids.js';

export type { Logger } from 'pino';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// The fields of a request line: JSON mode writes them all; pretty mode shows only its message, which says it all.
const REQUEST_FIELDS = ['method', 'path', 'status', 'durationMs', 'requestId', 'errorCode', 'errorMessage'];

/** JSON lines for machines; one readable line per request when a person watches a terminal. */
export function createLogger(level: LogLevel = 'info', pretty = process.stdout.isTTY === true): Logger {
  // Asynchronous writes: under load, lines that come while one is being written go out together in one write instead
  // of a blocking write each; at rest every line still goes out at once (no minimum length), and pino flushes on exit.
  if (!pretty) return pino({ level, base: undefined }, pino.destination({ dest: 1, sync: false }));
  return pino({
    level,
    base: undefined,
    transport: {
      target: 'pino-pretty',
      options: {
        colorize: true,
        translateTime: 'HH:MM:ss.l',
        ignore: ['pid', 'hostname', ...REQUEST_FIELDS].join(','),
      },
    },
  });
}

const shortened = (message: string, limit = 120) =>
  message.length <= limit ? message : `${message.slice(0, limit - 1).trimEnd()}…`;

export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * One line per request once it is answered: method, path, status, the Graph error code of an error, duration and
 * request-id, e.g. `POST /beta/accessPackages -> 400 InvalidModel (2.1 ms) request-id 5c3e...`. The code is the one
 * graphErrorHandler answered with (every Graph error envelope is written there).
 */
export function requestLogger(logger: Logger): RequestHandler {
  // Nothing to write below error: no request pays for a line nobody keeps.
  if (!logger.isLevelEnabled('error')) return (_req, _res, next) => next();
  const debug = logger.isLevelEnabled('debug');
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // As sent: later middleware answers a HEAD as a GET.
    const method = req.method;
    res.on('finish', () => {
      const durationMs = Math.round((Number(process.hrtime.bigint() - started) / 1e6) * 10) / 10;
      const requestId = idsOf(res)?.requestId;
      const errorCode = res.statusCode >= 400 ? localsOf(res).errorCode : undefined;
      const errorMessage = errorCode ? localsOf(res).errorMessage : undefined;
      const line = {
        method,
        path: req.originalUrl,
        status: res.statusCode,
        durationMs,
        requestId,
        ...(errorCode ? { errorCode } : {}),
        ...(errorMessage ? { errorMessage } : {}),
        // The body as received (secrets redacted), for whoever asked for debug lines.
        ...(debug ? { body: keptBody(req) } : {}),
      };
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      const outcome = errorCode ? `${res.statusCode} ${errorCode}` : `${res.statusCode}`;
      const correlation = res.statusCode >= 400 && requestId ? ` request-id ${requestId}` : '';
      // A refusal says why in a few words: the start of Graph's message.
      const why = errorMessage ? `: ${shortened(errorMessage)}` : '';
      logger[level](line, `${method} ${req.originalUrl} -> ${outcome}${why} (${durationMs} ms)${correlation}`);
    });
    next();
  };
}
