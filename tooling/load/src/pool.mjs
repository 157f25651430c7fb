// @ts-check
import pLimit from 'p-limit';

/**
 * Run `task(0..count-1)` with at most `concurrency` in flight (p-limit); resolves when all have settled.
 * Tasks must not reject (they report failures in their result).
 *
 * @template T
 * @param {number} count
 * @param {number} concurrency
 * @param {(index: number) => Promise<T>} task
 * @returns {Promise<T[]>}
 */
export function runPool(count, concurrency, task) {
  const limit = pLimit(Math.max(1, concurrency));
  return Promise.all(Array.from({ length: count }, (_, index) => limit(task, index)));
}
