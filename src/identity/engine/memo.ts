// Names repeat: a million records hold a few thousand first names and surnames, so the pure string
// functions normalisation runs per name (NYSIIS, nickname folding) are worth remembering per value.

/** `fn` with its results kept per argument; the cache starts afresh past `limit` entries (bounded memory). */
export function memoised(fn: (value: string) => string, limit = 200_000): (value: string) => string {
  const cache = new Map<string, string>();
  return (value: string) => {
    let out = cache.get(value);
    if (out === undefined) {
      out = fn(value);
      if (cache.size >= limit) cache.clear();
      cache.set(value, out);
    }
    return out;
  };
}
