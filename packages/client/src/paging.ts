import type { CallOptions, ListOptions } from './odata-options.js';
import type { GraphTransport, Page } from './request.js';

/** Fetches the page an `@odata.nextLink` points at, verbatim, as Graph asks. */
export function nextPage<T, Raw extends boolean = false>(
  graph: GraphTransport<Raw>,
  nextLink: string,
  callOptions?: CallOptions,
) {
  return graph.send<Page<T>>({ method: 'GET', url: nextLink }, callOptions);
}

/**
 * Every item of the list `first` fetches, page after page, following `@odata.nextLink` verbatim; lazy, like any
 * generator: `for await (const p of listAll(graph, () => listAccessPackages(graph, options), options))`.
 * `callOptions` may be the list's own options: the next links carry the query, so only `signal`, `timeoutMs` and
 * `headers` count (typed as list options so that such an object is accepted as it is).
 */
export async function* listAll<T>(
  graph: GraphTransport,
  first: () => Promise<Page<T>>,
  callOptions?: ListOptions<string, string, string>,
): AsyncGenerator<T, void, undefined> {
  let page = await first();
  yield* page.value;
  while (page['@odata.nextLink']) {
    page = await nextPage<T>(graph, page['@odata.nextLink'], callOptions);
    yield* page.value;
  }
}
