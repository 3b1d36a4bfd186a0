import type { NextFunction, Request, Response } from 'express';
import { GraphError } from './graph-error.js';

/** What the stub knows of the caller, read from the token's claims. */
export interface Caller {
  /** The name Graph records in createdBy / modifiedBy. */
  name: string;
  claims: Record<string, unknown>;
}

/** Reads a JWT's payload without checking its signature; undefined when the token is not a JWT. */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// Graph fills createdBy with the user's UPN for delegated calls and the app's name for app-only calls.
function callerName(claims: Record<string, unknown>): string {
  for (const claim of ['upn', 'preferred_username', 'unique_name', 'app_displayname']) {
    const value = claims[claim];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return 'unknown';
}

/**
 * Requires `Authorization: Bearer <token>`, answering 401 `InvalidAuthenticationToken` with the
 * gateway's own message when it is missing or empty.
 */
export function requireBearer(req: Request, res: Response, next: NextFunction): void {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer(?:\s+(.*))?$/i.exec(header.trim());
  const token = match?.[1]?.trim() ?? '';
  if (!match || token === '') {
    next(new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'));
    return;
  }
  const claims = decodeJwtClaims(token) ?? {};
  res.locals.caller = { name: callerName(claims), claims } satisfies Caller;
  next();
}

export function callerOf(res: Response): Caller {
  return res.locals.caller as Caller;
}
