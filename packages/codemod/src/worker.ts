import { parentPort } from 'node:worker_threads';
import { type FileTask, processFile } from './_process-file.js';

// A pool worker: answers each batch of tasks with their reports, in order.
parentPort?.on('message', (tasks: readonly FileTask[]) => {
  parentPort?.postMessage(tasks.map((task) => processFile(task)));
});
