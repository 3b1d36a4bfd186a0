/**
 * The `@odata.nextLink` for the next page: the request's own absolute URL with every query
 * option kept as the client wrote it (`$top` or `top`, encoded or not) and the skiptoken replaced.
 * `requestUrl` must be the URL the client called, e.g. `new URL(req.originalUrl, serviceOrigin)`.
 */
export function buildNextLink(requestUrl: URL, skiptoken: string): string {
  const kept = requestUrl.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && !isSkiptoken(part));
  kept.push(`$skiptoken=${encodeURIComponent(skiptoken)}`);
  const next = new URL(requestUrl.href);
  next.search = kept.join('&');
  next.hash = '';
  return next.href;
}

// Matches `$skiptoken`, `skiptoken` and `%24skiptoken` in any case, so no stale token survives
// next to the new one.
function isSkiptoken(part: string): boolean {
  const name = part.split('=', 1)[0] ?? '';
  return decode(name).replace(/^\$/, '').toLowerCase() === 'skiptoken';
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
