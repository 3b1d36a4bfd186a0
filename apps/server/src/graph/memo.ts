/** A memo: `make` of a key, remembered; `size` says how many keys it holds. */
export type Memo<K, V> = ((key: K) => V) & { readonly size: number };

/**
 * `make`, remembered for the last `max` keys it was asked about, the least recently used forgotten first: for what the
 * hot path works out again and again from the same few inputs (a token's caller, a Host header's verdict, a query's
 * digest, a prepared statement), and never holds more than `max` of, however many distinct inputs it is sent. A key
 * `make` throws for is not remembered, so a failure is worked out, and reported, every time.
 */
export function memo<K, V>(max: number, make: (key: K) => V): Memo<K, V> {
  const kept = new Map<K, V>();
  const remembered = (key: K): V => {
    if (kept.has(key)) {
      const value = kept.get(key) as V;
      // Used again: last to be forgotten (a Map keeps insertion order).
      kept.delete(key);
      kept.set(key, value);
      return value;
    }
    const value = make(key);
    if (kept.size >= max) kept.delete(kept.keys().next().value as K);
    kept.set(key, value);
    return value;
  };
  return Object.defineProperty(remembered, 'size', { get: () => kept.size }) as Memo<K, V>;
}
