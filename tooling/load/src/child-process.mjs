// @ts-check
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * The soft and hard limits on open file descriptors that a child started now would get.
 * Node has no getrlimit, so ask the shell once.
 *
 * @returns {{ soft: number; hard: number }}
 */
export function fileDescriptorLimits() {
  const read = (/** @type {string} */ flag) => {
    const text = execFileSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
    return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
  };
  return { soft: read('-Sn'), hard: read('-Hn') };
}

/**
 * A Node child process driven over IPC: `request(type, payload)` sends one command and resolves
 * with the child's answer to it. Commands are answered in order, one at a time.
 */
export class NodeChild {
  /** @type {import('node:child_process').ChildProcess} */
  #process;
  /** @type {Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>} */
  #pending = new Map();
  #nextId = 1;
  /** @type {{ code: number | null; signal: string | null } | null} */
  exited = null;
  /** Set when the child exited before `stop()` asked it to. */
  crashed = false;
  #stopping = false;
  /** @type {string} */
  name;

  /**
   * @param {string} file absolute path of the ES module to run
   * @param {{ name: string; fdLimit?: number; exposeGc?: boolean; execArgv?: string[] }} options
   *   `fdLimit` raises the soft open-file limit of the child with `ulimit -Sn` (never above the hard limit).
   */
  constructor(file, options) {
    this.name = options.name;
    const nodeArgs = [...(options.exposeGc ? ['--expose-gc'] : []), ...(options.execArgv ?? []), file];
    /** @type {import("node:child_process").StdioOptions} */
    const stdio = ['ignore', 'inherit', 'inherit', 'ipc'];
    if (options.fdLimit === undefined) {
      this.#process = spawn(process.execPath, nodeArgs, { stdio });
    } else {
      // `exec` keeps the IPC channel (fd 3, NODE_CHANNEL_FD) open across the shell.
      const quoted = [process.execPath, ...nodeArgs].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`);
      this.#process = spawn('sh', ['-c', `ulimit -Sn ${options.fdLimit} && exec ${quoted.join(' ')}`], {
        stdio,
      });
    }
    this.#process.on('message', (/** @type {any} */ message) => {
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${this.name}: ${message.error}`));
      else waiter.resolve(message.result);
    });
    this.#process.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.crashed = !this.#stopping;
      for (const waiter of this.#pending.values()) {
        waiter.reject(new Error(`${this.name} exited (code ${code}, signal ${signal}) during a command`));
      }
      this.#pending.clear();
    });
  }

  /** The child's process id. */
  get pid() {
    return this.#process.pid;
  }

  /**
   * Send one command and wait for its answer, at most `timeoutMs`.
   *
   * @template T
   * @param {string} type
   * @param {Record<string, unknown>} [payload]
   * @param {number} [timeoutMs]
   * @returns {Promise<T>}
   */
  request(type, payload = {}, timeoutMs = 600_000) {
    if (this.exited) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.name}: '${type}' did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(/** @type {T} */ (value));
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#process.send({ id, type, payload });
    });
  }

  /** Ask the child to exit; kill it (this one process, by id) if it has not within 5 s. */
  async stop() {
    if (this.exited) return;
    this.#stopping = true;
    const exited = once(this.#process, 'exit');
    this.#process.send({ id: 0, type: 'exit', payload: {} });
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * Serve IPC commands in a child: each handler's result (or thrown error message) goes back to
 * the parent. The `exit` command ends the process after `onExit`.
 *
 * @param {Record<string, (payload: any) => unknown>} handlers
 * @param {() => Promise<void> | void} [onExit]
 */
export function serveCommands(handlers, onExit) {
  let queue = Promise.resolve();
  process.on('message', (/** @type {any} */ message) => {
    queue = queue.then(async () => {
      if (message.type === 'exit') {
        await onExit?.();
        process.disconnect?.();
        process.exit(0);
      }
      const handler = handlers[message.type];
      try {
        if (!handler) throw new Error(`unknown command '${message.type}'`);
        const result = await handler(message.payload);
        process.send?.({ id: message.id, result });
      } catch (error) {
        const text = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
        process.send?.({ id: message.id, error: text });
      }
    });
  });
  // The parent going away (crash, Ctrl-C) ends the child too: nothing is left running.
  process.on('disconnect', () => process.exit(0));
}
