/**
 * `key`'s value in `cache`, made once: a bounded memo for values that never change once made (the
 * oldest entry is dropped when the cache holds `limit`).
 */
export function remembered<K, V>(cache: Map<K, V>, key: K, limit: number, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
  }
  return value;
}
