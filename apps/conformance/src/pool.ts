import pLimit from 'p-limit';

/**
 * Runs `task` over `items` with at most `limit` in flight (p-limit), started in input order; the
 * results keep input order. Rejects with the first task's rejection (the others still run to the end).
 *
 * @param items what to run the task on
 * @param limit how many tasks may run at once (below 1 counts as 1)
 * @param task the work for one item and its index
 */
export function runBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const bounded = pLimit(Math.max(1, Math.floor(limit)));
  return Promise.all(items.map((item, index) => bounded(() => task(item, index))));
}
