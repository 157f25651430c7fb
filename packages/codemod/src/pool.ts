import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileReport, FileTask } from './_process-file.js';

/** Files per message to a worker: enough to hide the messaging, small enough to balance the load. */
const BATCH = 8;
/** Below this many files, starting workers (each loads the parser) costs more than it saves. */
export const MIN_FILES_PER_WORKER = 64;

/** The number of cores (Node 18.14+ `availableParallelism`, else the CPU count). */
export function coreCount(): number {
  return typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
}

/** The built worker beside this module, or `undefined` when running from source. */
function workerFile(): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  const file = join(here, 'worker.mjs');
  return existsSync(file) ? file : undefined;
}

/**
 * Runs `tasks` on up to `workers` worker threads (in this thread when one worker is asked for, the
 * tree is small, or no built worker exists), calling `onReport` as each file finishes.
 */
export async function runTasks(
  tasks: readonly FileTask[],
  workers: number,
  onReport: (report: FileReport) => void,
): Promise<FileReport[]> {
  const file = workerFile();
  const count = Math.min(workers, Math.floor(tasks.length / MIN_FILES_PER_WORKER));
  if (file === undefined || count < 2) {
    // Loaded here, not at the top: with workers, the parser is loaded by them only.
    const { processFile } = await import('./_process-file.js');
    return tasks.map((task) => {
      const report = processFile(task);
      onReport(report);
      return report;
    });
  }
  const reports: FileReport[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolveWorker, rejectWorker) => {
          const worker = new Worker(file);
          let start = 0;
          const send = () => {
            if (next >= tasks.length) {
              void worker.terminate().then(() => resolveWorker());
              return;
            }
            start = next;
            next = Math.min(tasks.length, next + BATCH);
            worker.postMessage(tasks.slice(start, next));
          };
          worker.on('message', (batch: FileReport[]) => {
            batch.forEach((report, offset) => {
              reports[start + offset] = report;
              onReport(report);
            });
            send();
          });
          worker.on('error', rejectWorker);
          send();
        }),
    ),
  );
  return reports;
}
