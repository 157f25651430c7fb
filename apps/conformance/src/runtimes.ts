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
