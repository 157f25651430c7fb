// @ts-check

/**
 * Run `task(0..count-1)` with at most `concurrency` in flight; resolves when all have settled.
 * Tasks must not reject (they report failures in their result).
 *
 * @template T
 * @param {number} count
 * @param {number} concurrency
 * @param {(index: number) => Promise<T>} task
 * @returns {Promise<T[]>}
 */
export async function runPool(count, concurrency, task) {
  /** @type {T[]} */
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
