import { createHash } from 'node:crypto';
import { GraphHttpError } from '../graph/http-error.js';
import { memo } from '../graph/memo.js';

export type SortValue = string | number | boolean | null;

/** A position in a sorted list: the sort values and `seq` of the last item a page returned. */
export interface Cursor {
  values: SortValue[];
  seq: number;
}

// Bump when the payload changes shape, so tokens from an older stub are refused, not misread.
const VERSION = 1;

interface Payload {
  v: typeof VERSION;
  /** Digest of the query the token belongs to; a digest keeps tokens short whatever the query. */
  q: string;
  k: SortValue[];
  s: number;
}

export function invalidSkiptoken(): GraphHttpError {
  return new GraphHttpError(
    400,
    'BadRequest',
    'The $skiptoken is not valid for this request. Follow @odata.nextLink exactly as returned, without changing other query options.',
  );
}

export function encodeSkiptoken(cursor: Cursor, queryFingerprint: string): string {
  const payload: Payload = { v: VERSION, q: digest(queryFingerprint), k: cursor.values, s: cursor.seq };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/**
 * The cursor in a token, if the token was issued for this query with `keyCount` sort values.
 * Anything else, from a typo to a token of another query, is refused with the same message:
 * the fix is always to follow the nextLink as given.
 */
export function decodeSkiptoken(token: string, queryFingerprint: string, keyCount: number): Cursor {
  // Buffer skips characters outside the alphabet instead of failing, so check them first.
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalidSkiptoken();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidSkiptoken();
  }
  if (!isPayload(payload) || payload.q !== digest(queryFingerprint) || payload.k.length !== keyCount) {
    throw invalidSkiptoken();
  }
  return { values: payload.k, seq: payload.s };
}

function isPayload(value: unknown): value is Payload {
  if (typeof value !== 'object' || value === null) return false;
  const { v, q, k, s } = value as Record<string, unknown>;
  return v === VERSION && typeof q === 'string' && Number.isSafeInteger(s) && Array.isArray(k) && k.every(isSortValue);
}

function isSortValue(value: unknown): value is SortValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

// A client pages through the same few queries again and again: each query's digest is kept.
const digest = memo(256, (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 16));
