// Names repeat: a million records hold a few thousand first names and surnames, so the pure functions
// normalisation runs per name (NYSIIS, nickname folding) are worth remembering per value; so are the strings
// made per birth date and the letters of a name's forms.

/** `fn` with its results kept per argument; the cache starts afresh past `limit` entries (bounded memory). */
export function memoised<V, K extends string | number = string>(fn: (value: K) => V, limit = 200_000): (value: K) => V {
  const cache = new Map<K, V>();
  return (value: K) => {
    let out = cache.get(value);
    if (out === undefined) {
      out = fn(value);
      if (cache.size >= limit) cache.clear();
      cache.set(value, out);
    }
    return out;
  };
}
