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

/** How {@link runGrouped} may run an item beside the other items of its group. */
export interface GroupedItem {
  /** the items of one group (one client process) start in input order */
  group: string;
  /** true: runs beside the group's other shared items; false: has the group to itself */
  shared: boolean;
}

/**
 * Runs `task` over `items` with at most `limit` in flight, where an item holds a slot only while it
 * can run: its group is ready (`ready(group)` resolved) and free (an exclusive item needs the group
 * idle; consecutive shared items run together). A group's items start in input order; between groups,
 * the earliest waiting item goes first. Results keep input order. Rejects with the first task's
 * rejection, or a `ready` rejection (the others still run to the end).
 *
 * @param items what to run the task on
 * @param limit how many tasks may run at once (below 1 counts as 1)
 * @param describe the item's group and whether it shares the group
 * @param ready resolves when a group can start running items (e.g. its process is up)
 * @param task the work for one item and its index
 */
export function runGrouped<T, R>(
  items: readonly T[],
  limit: number,
  describe: (item: T) => GroupedItem,
  ready: (group: string) => Promise<unknown>,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const slots = Math.max(1, Math.floor(limit));
  interface Group {
    /** indexes of its items not started yet, in input order */
    queue: number[];
    ready: boolean;
    exclusive: boolean;
    shared: number;
  }
  const groups = new Map<string, Group>();
  const shapes = items.map(describe);
  shapes.forEach((shape, index) => {
    const group = groups.get(shape.group);
    if (group === undefined)
      groups.set(shape.group, { queue: [index], ready: false, exclusive: false, shared: 0 });
    else group.queue.push(index);
  });
  const results = new Array<R>(items.length);
  let running = 0;
  let finished = 0;
  return new Promise<R[]>((resolve, reject) => {
    let failure: { error: unknown } | null = null;
    const settle = (): void => {
      if (finished < items.length) return;
      if (failure === null) resolve(results);
      else reject(failure.error);
    };
    const pump = (): void => {
      while (running < slots) {
        // the group whose next item comes first in input order and can start now
        let chosen: Group | null = null;
        for (const group of groups.values()) {
          const head = group.queue[0];
          if (head === undefined || !group.ready || group.exclusive) continue;
          if (!shapes[head]!.shared && group.shared > 0) continue;
          if (chosen === null || head < chosen.queue[0]!) chosen = group;
        }
        if (chosen === null) return;
        const group = chosen;
        const index = group.queue.shift()!;
        const shared = shapes[index]!.shared;
        if (shared) group.shared++;
        else group.exclusive = true;
        running++;
        const done = (): void => {
          if (shared) group.shared--;
          else group.exclusive = false;
          running--;
          finished++;
          pump();
          settle();
        };
        task(items[index]!, index).then(
          (result) => {
            results[index] = result;
            done();
          },
          (error: unknown) => {
            failure ??= { error };
            done();
          },
        );
      }
    };
    for (const [name, group] of groups) {
      ready(name).then(
        () => {
          group.ready = true;
          pump();
        },
        (error: unknown) => {
          failure ??= { error };
          finished += group.queue.length;
          group.queue = [];
          settle();
        },
      );
    }
    settle();
  });
}
