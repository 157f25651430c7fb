// @ts-check
// Test-only: run a script in a child Node process (any runtime) with a bounded lifetime.
import { spawn } from 'node:child_process';

/** @typedef {import('./child.d.ts').ChildResult} ChildResult */
/** @typedef {import('./child.d.ts').RunNodeOptions} RunNodeOptions */

/**
 * Runs `<execPath> ...args` and resolves when it exits, with its exit code (null when killed) and
 * everything it printed; kills it with SIGKILL after `limitMs`. Never rejects: a child that cannot
 * start resolves with code null and the reason in `stderr`.
 *
 * @param {readonly string[]} args
 * @param {RunNodeOptions} [options]
 * @returns {Promise<ChildResult>}
 */
export function runNode(args, options = {}) {
  const execPath = options.execPath ?? process.execPath;
  const limitMs = options.limitMs ?? 15_000;
  return new Promise((resolve) => {
    const child = spawn(execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (/** @type {Buffer} */ chunk) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    let started = true;
    child.on('error', (error) => {
      started = false;
      stderr += `${execPath} could not start: ${error.message}\n`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: started ? code : null, stdout, stderr });
    });
  });
}

/**
 * The JSON lines a child printed (lines starting with `{` or `[`), parsed, in order.
 *
 * @param {string} stdout
 * @returns {unknown[]}
 */
export function jsonLines(stdout) {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{') || line.startsWith('['))
    .map((line) => /** @type {unknown} */ (JSON.parse(line)));
}
