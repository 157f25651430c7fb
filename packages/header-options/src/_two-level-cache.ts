/** A map or weak map: what one level of {@link cachedFor} needs. */
export interface CacheLevel<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/**
 * The value kept for `(outer, inner)` in a two-level cache, made by `make(outer, inner)` the first
 * time. `newLevel` makes the inner level for a new `outer`. Pass module-level functions, not
 * closures, so that a hit allocates nothing.
 */
export function cachedFor<O extends object, I, V>(
  cache: WeakMap<O, CacheLevel<I, V>>,
  outer: O,
  inner: I,
  newLevel: () => CacheLevel<I, V>,
  make: (outer: O, inner: I) => V,
): V {
  let level = cache.get(outer);
  if (level === undefined) {
    level = newLevel();
    cache.set(outer, level);
  }
  let value = level.get(inner);
  if (value === undefined) {
    value = make(outer, inner);
    level.set(inner, value);
  }
  return value;
}
