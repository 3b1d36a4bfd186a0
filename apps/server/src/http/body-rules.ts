import { isUtf8 } from 'node:buffer';
import type { Request, RequestHandler } from 'express';
import { GraphHttpError } from '../graph/http-error.js';

/**
 * Express turns an empty body into `{}` (or leaves it undefined without a Content-Length), which
 * the validator then accepts as an empty object. Every POST, PATCH and PUT whose operation requires a body
 * (`bodyOptional` says which do not, from the contract) is refused an empty one here, with the message Graph gives
 * for an unreadable payload.
 */
export const requireBodyWhenSent =
  (bodyOptional: (req: Request) => boolean): RequestHandler =>
  (req, _res, next) => {
    const empty = req.body === undefined || req.get('content-length') === '0';
    if (
      ['POST', 'PATCH', 'PUT'].includes(req.method) &&
      empty &&
      !bodyOptional(req) &&
      req.is('application/json') !== false
    ) {
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
 * Only strings of at most 256 characters are dropped: the contract types `@odata.type` as such a
 * string, so `"@odata.type": 1` or a longer one is left for the validator to refuse with 400
 * InvalidModel, like any other property that breaks its schema.
 * The body of a `$ref` POST is the exception: its `@odata.id` is the reference itself, not an annotation.
 */
export const dropODataAnnotations: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const reference = req.path.endsWith('/$ref');
    for (const [key, value] of Object.entries(body)) {
      if (reference && key === '@odata.id') continue;
      if (key.startsWith('@odata.') && typeof value === 'string' && value.length <= MAX_ANNOTATION) {
        delete (body as Record<string, unknown>)[key];
      }
    }
  }
  next();
};

// The maxLength the contract gives `@odata.type` in request bodies.
const MAX_ANNOTATION = 256;

/** The most members (object properties and array elements, counted at every level) a request body may hold. */
export const MAX_BODY_MEMBERS = 1000;
/** How deeply a request body may nest objects and arrays. */
export const MAX_BODY_DEPTH = 16;

const hasBody = (req: Request) =>
  Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;

/**
 * Graph reads JSON in UTF-8 only. express.json would decode any `charset=utf-*` (UTF-7 and UTF-16
 * included), so a JSON body that names another charset is refused with 415 before it is read.
 */
export const requireUtf8Json: RequestHandler = (req, _res, next) => {
  if (!hasBody(req) || !req.is('application/json')) return next();
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8') {
    return next(
      new GraphHttpError(
        415,
        'UnsupportedMediaType',
        `The body's charset '${charset.slice(0, 40)}' is not supported. Send JSON in UTF-8 (application/json; charset=utf-8, or no charset).`,
      ),
    );
  }
  next();
};

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * Counts members (object properties and array items) and nesting in raw JSON, stopping at the first
 * bound it passes, without building anything: so a body of 80,000 properties costs a scan, not a
 * parse. Malformed JSON is left to the parser.
 */
export function jsonBoundProblem(body: Buffer): string | undefined {
  const arrays: boolean[] = [];
  let members = 0;
  let inString = false;
  let itemExpected = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] as number;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (isSpace(byte)) continue;
    if (itemExpected && byte !== CLOSE_ARRAY) members++;
    itemExpected = false;
    if (byte === QUOTE) inString = true;
    else if (byte === COLON) members++;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      arrays.push(byte === OPEN_ARRAY);
      itemExpected = byte === OPEN_ARRAY;
      if (arrays.length > MAX_BODY_DEPTH) return `The request body nests deeper than ${MAX_BODY_DEPTH} levels.`;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) arrays.pop();
    else if (byte === COMMA) itemExpected = arrays[arrays.length - 1] === true;
    if (members > MAX_BODY_MEMBERS) return tooManyMembers();
  }
  return undefined;
}

const tooManyMembers = () =>
  `The request body holds more than ${MAX_BODY_MEMBERS} properties and array items. Send only the resource's own properties.`;

/**
 * express.json's `verify`, on the raw bytes before they are parsed: bytes that are not UTF-8 are
 * refused (never decoded into replacement characters), and so is a body past the member or depth
 * bound (400).
 */
export function verifyJsonBytes(_req: unknown, _res: unknown, body: Buffer): void {
  if (!isUtf8(body)) {
    throw new GraphHttpError(400, 'BadRequest', 'The request body is not valid UTF-8. Send JSON encoded as UTF-8.');
  }
  const problem = jsonBoundProblem(body);
  if (problem) throw new GraphHttpError(400, 'BadRequest', problem);
}

// A lone surrogate: half of a UTF-16 pair, which no UTF-8 text can hold.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function badText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'holds a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'holds a lone surrogate (half of a UTF-16 pair), which is no character';
  return undefined;
}

/**
 * Bounds a parsed body before the validator sees it, so a small body cannot ask for a large
 * answer or much work: at most MAX_BODY_MEMBERS members and MAX_BODY_DEPTH levels (400
 * BadRequest). Text, names included, must be characters: NUL and lone surrogates answer 400
 * InvalidModel naming where. Walks iteratively, so no depth can exhaust the stack.
 */
export const boundBody: RequestHandler = (req, _res, next) => {
  const root: unknown = req.body;
  if (root === null || typeof root !== 'object') return next();
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 1 }];
  let members = 0;
  const where = (path: string) => (path === '' ? 'the body' : path);
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      const problem = badText(value);
      if (problem) return next(invalidText(path, `${where(path)} ${problem}.`));
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) {
      return next(
        new GraphHttpError(
          400,
          'BadRequest',
          `The request body nests deeper than ${MAX_BODY_DEPTH} levels, at ${where(path)}.`,
        ),
      );
    }
    const entries: Array<[string, unknown]> = Array.isArray(value)
      ? value.map((item, i) => [String(i), item])
      : Object.entries(value);
    members += entries.length;
    if (members > MAX_BODY_MEMBERS) return next(new GraphHttpError(400, 'BadRequest', tooManyMembers()));
    for (const [key, item] of entries) {
      const at = path === '' ? key : `${path}.${key}`;
      const problem = Array.isArray(value) ? undefined : badText(key);
      if (problem) return next(invalidText(path, `A property name in ${where(path)} ${problem}.`));
      stack.push({ value: item, path: at, depth: depth + 1 });
    }
  }
  next();
};

function invalidText(target: string, message: string): GraphHttpError {
  return new GraphHttpError(400, 'InvalidModel', `Model is not valid: ${message}`, [
    { code: 'InvalidModel', message, ...(target === '' ? {} : { target }) },
  ]);
}
