import type { ImplementationEntry } from './model.js';

/**
 * The exact runtimes a run used, for `environment.runtimes`: each `node@X.Y.Z` (the versions
 * `tooling/node-runtimes/runtimes.lock.json` names) and browser version once, Node first in version
 * order. Entries that were skipped never ran, so their runtime is not listed.
 */
export function listRuntimes(entries: Iterable<Pick<ImplementationEntry, 'runtime' | 'skipped'>>): string {
  const used = new Set<string>();
  for (const entry of entries) if (entry.skipped === null) used.add(entry.runtime);
  return sortRuntimes(used).join(', ');
}

/** The union of several runs' `environment.runtimes` (shards merged into one report). */
export function mergeRuntimes(lists: Iterable<string | undefined>): string {
  const used = new Set<string>();
  for (const list of lists) {
    for (const runtime of list?.split(', ') ?? []) if (runtime !== '') used.add(runtime);
  }
  return sortRuntimes(used).join(', ');
}

function sortRuntimes(runtimes: Iterable<string>): string[] {
  return [...runtimes].sort((a, b) => {
    const [familyA = '', versionA = ''] = a.split('@');
    const [familyB = '', versionB = ''] = b.split('@');
    if (familyA !== familyB)
      return familyA === 'node' ? -1 : familyB === 'node' ? 1 : familyA < familyB ? -1 : 1;
    return versionA.localeCompare(versionB, 'en', { numeric: true });
  });
}

/** Why a Node runtime is missing from a run, and whether that is a failure rather than a skip. */
export interface RuntimeProblem {
  reason: string;
  /** the lock or the registry's bytes are wrong: the cells fail (a skip would hide it) */
  broken: boolean;
}

/** `NodeRuntimeError` codes that say the runtime lock or the tarball is wrong, not merely unavailable. */
const BROKEN_CODES = new Set(['INTEGRITY_MISMATCH', 'INTEGRITY_MISSING', 'LOCK_INVALID']);

/**
 * Classifies a failure to get a Node runtime. A runtime that cannot be had here (offline, another
 * platform, not locked for it) skips its cells; a tarball that is not the locked one, or a broken lock,
 * fails them, with the error's code in the reason.
 */
export function runtimeProblem(major: number, error: unknown): RuntimeProblem {
  const code =
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : null;
  const message = error instanceof Error ? error.message : String(error);
  const broken = code !== null && BROKEN_CODES.has(code);
  return {
    reason: `Node ${major} ${broken ? 'is refused' : 'is not available'}: ${code === null ? '' : `${code}: `}${message}`,
    broken,
  };
}
