// @ts-check
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

/**
 * @typedef {object} RunOptions
 * @property {string} cwd
 * @property {NodeJS.ProcessEnv} [env]       the child's whole environment (default: {@link childEnvironment}())
 * @property {AbortSignal} [signal]          aborting kills the child's whole process group
 * @property {boolean} [allowFailure]        resolve with the exit code instead of throwing
 * @property {(chunk: string) => void} [onOutput]
 */

/**
 * @typedef {object} RunResult
 * @property {number} code
 * @property {string} stdout
 * @property {string} stderr
 */

/** A child process that exited non-zero, was killed, or could not start. */
export class CommandError extends Error {
  /**
   * @param {string} message
   * @param {{ command: string; code: number | null; output: string; cause?: unknown }} details
   */
  constructor(message, details) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CommandError';
    this.command = details.command;
    this.code = details.code;
    this.output = details.output;
  }
}

/**
 * The environment every child gets: the caller's, without the `npm_*` and `PNPM_*` variables that
 * `pnpm run` injects (a nested pnpm or npm would otherwise inherit this script's settings).
 *
 * @param {Record<string, string | undefined>} [overrides] values to set; `undefined` removes a variable
 * @returns {NodeJS.ProcessEnv}
 */
export function childEnvironment(overrides = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|PNPM_|INIT_CWD$)/i.test(name)) continue;
    env[name] = value;
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/**
 * Runs a command without a shell, collecting its output. The child leads its own process group so
 * an abort (the rehearsal's time limit) also ends the grandchildren pnpm and turbo start.
 *
 * @param {string} command
 * @param {readonly string[]} args
 * @param {RunOptions} options
 * @returns {Promise<RunResult>}
 * @throws {CommandError} when the command cannot start, exits non-zero (unless `allowFailure`), or is aborted
 */
export function runCommand(command, args, options) {
  const printable = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(
        new CommandError(`${printable}: not started, the rehearsal was aborted`, {
          command: printable,
          code: null,
          output: '',
        }),
      );
      return;
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? childEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    /** @type {string[]} */
    const output = [];
    child.stdout.setEncoding('utf8').on('data', (/** @type {string} */ chunk) => {
      stdout += chunk;
      output.push(chunk);
      options.onOutput?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (/** @type {string} */ chunk) => {
      stderr += chunk;
      output.push(chunk);
      options.onOutput?.(chunk);
    });
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    options.signal?.addEventListener('abort', killGroup, { once: true });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', killGroup);
      reject(
        new CommandError(`${printable}: could not start (${error.message})`, {
          command: printable,
          code: null,
          output: output.join(''),
          cause: error,
        }),
      );
    });
    child.on('close', (code, signalName) => {
      options.signal?.removeEventListener('abort', killGroup);
      const all = output.join('');
      if (options.signal?.aborted) {
        reject(
          new CommandError(`${printable}: killed, the rehearsal was aborted`, {
            command: printable,
            code,
            output: all,
          }),
        );
      } else if (code === 0 || (options.allowFailure && code !== null)) {
        resolve({ code: code ?? 0, stdout, stderr });
      } else {
        const how = code === null ? `was killed by ${signalName}` : `exited with code ${code}`;
        reject(new CommandError(`${printable} ${how}`, { command: printable, code, output: all }));
      }
    });
  });
}

/**
 * The last lines of a command's output, indented, for a failure message.
 *
 * @param {string} output
 * @param {number} [lines]
 */
export function outputTail(output, lines = 25) {
  const kept = stripVTControlCharacters(output).trimEnd().split('\n').slice(-lines);
  return kept.map((line) => `    | ${line}`).join('\n');
}
