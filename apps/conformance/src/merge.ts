import { cellKey, type ImplementationEntry, type Matrix } from './model.js';
import { mergeRuntimes } from './runtimes.js';
import { summarize } from './status.js';

/**
 * Combines shard reports into one: the union of clients, servers and scenarios (first seen wins,
 * in order), all cells sorted by key, the summary recomputed.
 *
 * @throws Error when two shards report the same cell, or a file is not a schema-1 matrix
 */
export function mergeMatrices(parts: readonly { name: string; matrix: unknown }[]): Matrix {
  if (parts.length === 0) throw new Error('merge needs at least one matrix.json');
  const matrices = parts.map((part) => assertMatrix(part.matrix, part.name));
  const first = matrices[0]!;
  const cells = new Map<string, Matrix['cells'][number]>();
  const owner = new Map<string, string>();
  for (const [position, matrix] of matrices.entries()) {
    const name = parts[position]!.name;
    for (const cell of matrix.cells) {
      const key = cellKey(cell);
      const previous = owner.get(key);
      if (previous !== undefined) {
        throw new Error(
          `cell ${key} is in both ${previous} and ${name}: were the shards run with different --shard n?`,
        );
      }
      owner.set(key, name);
      cells.set(key, cell);
    }
  }
  const sortedCells = [...cells.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, cell]) => cell);
  return {
    schema: 1,
    generatedAt:
      matrices
        .map((matrix) => matrix.generatedAt)
        .sort()
        .at(-1) ?? first.generatedAt,
    environment: mergedEnvironment(matrices),
    clients: unionById(matrices.map((matrix) => matrix.clients)),
    servers: unionById(matrices.map((matrix) => matrix.servers)),
    scenarios: unionById(matrices.map((matrix) => matrix.scenarios)),
    cells: sortedCells,
    summary: summarize(sortedCells),
  };
}

/**
 * The first report's environment, without its shard marker (the merge is the whole matrix), with the
 * runtimes of every report: shards that ran on other runtimes show up as more versions.
 */
function mergedEnvironment(matrices: readonly Matrix[]): Matrix['environment'] {
  const { shard: _shard, ...environment } = matrices[0]!.environment;
  const runtimes = matrices.map((matrix) => matrix.environment['runtimes']);
  return {
    ...environment,
    ...(runtimes.every((list) => list === undefined) ? {} : { runtimes: mergeRuntimes(runtimes) }),
    merged: `${matrices.length} reports`,
  };
}

function unionById<T extends { id: string }>(lists: readonly (readonly T[])[]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) {
    for (const entry of list) {
      const known = seen.get(entry.id) as (T & Partial<ImplementationEntry>) | undefined;
      // a shard that ran the implementation beats one that skipped it
      if (known === undefined || (known.skipped && !(entry as T & Partial<ImplementationEntry>).skipped)) {
        seen.set(entry.id, entry);
      }
    }
  }
  return [...seen.values()];
}

function assertMatrix(value: unknown, name: string): Matrix {
  const candidate = value as Partial<Matrix> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.schema !== 1 ||
    !Array.isArray(candidate.cells) ||
    !Array.isArray(candidate.clients) ||
    !Array.isArray(candidate.servers) ||
    !Array.isArray(candidate.scenarios)
  ) {
    throw new Error(
      `${name} is not a conformance matrix.json (schema 1 with clients, servers, scenarios, cells)`,
    );
  }
  return candidate as Matrix;
}
