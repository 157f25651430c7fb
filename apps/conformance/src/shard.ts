import { cellKey } from './model.js';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

/**
 * Parses `i/n` (1 <= i <= n).
 *
 * @throws TypeError naming the input when it is not of that form
 */
export function parseShard(input: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(input.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!(count >= 1 && index >= 1 && index <= count)) {
    throw new TypeError(`--shard must be i/n with 1 <= i <= n, like 2/4 (got "${input}")`);
  }
  return { index, count };
}

/**
 * A deterministic 1/n of the cells: cells are ordered by key and dealt round-robin, so every shard
 * gets a mix of clients, servers and scenarios, and the n shards together are all cells exactly once.
 */
export function selectShard<T extends { client: string; server: string; scenario: string }>(
  cells: readonly T[],
  shard: Shard,
): T[] {
  const ordered = [...cells].sort((a, b) => {
    const left = cellKey(a);
    const right = cellKey(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
  return ordered.filter((_, position) => position % shard.count === shard.index - 1);
}
