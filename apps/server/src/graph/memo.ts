/**
 * `make`, remembered for the last `max` keys it was asked about, the oldest forgotten first: for what the hot path
 * works out again and again from the same few inputs (a token's caller, a Host header's verdict, a query's digest).
 * A key `make` throws for is not remembered, so a failure is worked out, and reported, every time.
 */
export function memo<K, V>(max: number, make: (key: K) => V): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    if (kept.has(key)) return kept.get(key) as V;
    const value = make(key);
    if (kept.size >= max) kept.delete(kept.keys().next().value as K);
    kept.set(key, value);
    return value;
  };
}
