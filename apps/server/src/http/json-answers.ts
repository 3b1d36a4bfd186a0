import type { Express, Response } from 'express';

/** The Content-Type Graph sends with JSON bodies. */
export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/**
 * A collection page whose items are JSON text exactly as the store holds it. It is answered by splicing that text
 * into the page, so a list of items sent as stored is neither parsed from the store nor serialized again: most of
 * a list's cost. Everything that reads the page as an object (response validation, JSON.stringify) still can: its
 * `value` is the parsed items, worked out on first use.
 */
export class StoredJsonPage {
  [annotation: `@odata.${string}`]: unknown;
  // Private fields, so that only the annotations are the page's own properties.
  readonly #texts: readonly string[];
  #value: unknown[] | undefined;

  constructor(annotations: Record<`@odata.${string}`, unknown>, texts: readonly string[]) {
    Object.assign(this, annotations);
    this.#texts = texts;
  }

  get value(): unknown[] {
    this.#value ??= this.#texts.map((text) => JSON.parse(text) as unknown);
    return this.#value;
  }

  toJSON(): object {
    return { ...this, value: this.value };
  }

  /** The page as JSON text: the same text JSON.stringify gives, as stored JSON is JSON.stringify's own. */
  text(): string {
    const head = JSON.stringify({ ...this, value: [] });
    return `${head.slice(0, -2)}${this.#texts.join(',')}]}`;
  }
}

/**
 * Sends JSON text with Graph's exact Content-Type and its Content-Length, each set once. Not through `res.send`, which
 * rewrites any Content-Type it is given (lower-cased parameters, spaces) and converts a large body to a Buffer first;
 * with ETags off and no Last-Modified, nothing else it does applies to these answers.
 */
export function sendJsonText(res: Response, text: string): void {
  res.setHeader('Content-Type', GRAPH_JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * `res.json`, Graph's way and in one step: the body serialized once (a StoredJsonPage as its spliced text) and sent
 * by sendJsonText. It sits on the app's response prototype, so that a validator wrapping a response's `json`
 * (express-openapi-validator's response check) still sees the body as an object first.
 */
export function sendJson(app: Express): void {
  app.response.json = function graphJson(this: Response, body?: unknown) {
    sendJsonText(this, body instanceof StoredJsonPage ? body.text() : (JSON.stringify(body) ?? ''));
    return this;
  } as typeof app.response.json;
}
