import type { Express, Response } from 'express';

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
 * Answers a StoredJsonPage given to `res.json` with its spliced text. On the app's response prototype, so that a
 * validator wrapping a response's `json` (express-openapi-validator's response check) still sees the page first.
 */
export function sendStoredJson(app: Express): void {
  const response = app.response;
  const json = response.json;
  response.json = function storedJson(this: Response, body?: unknown) {
    if (!(body instanceof StoredJsonPage)) return json.call(this, body);
    if (!this.get('Content-Type')) this.type('application/json');
    return this.send(body.text());
  } as typeof response.json;
}
