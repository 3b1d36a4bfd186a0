import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import { idsOf } from './request-ids.js';

export type { Logger } from 'pino';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** JSON lines for machines; readable lines when a person watches a terminal. */
export function createLogger(level: LogLevel = 'info', pretty = process.stdout.isTTY === true): Logger {
  if (!pretty) return pino({ level, base: undefined });
  return pino({
    level,
    base: undefined,
    transport: {
      target: 'pino-pretty',
      options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
    },
  });
}

export const silentLogger: Logger = pino({ level: 'silent' });

/** One line per request once it is answered: method, path, status, duration and request-id. */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // As sent: later middleware answers a HEAD as a GET.
    const method = req.method;
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        method,
        path: req.originalUrl,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 10) / 10,
        requestId: idsOf(res)?.requestId,
      };
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      logger[level](line, `${method} ${req.originalUrl} -> ${res.statusCode} (${line.durationMs} ms)`);
    });
    next();
  };
}
