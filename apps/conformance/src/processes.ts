import { type ChildProcess, spawn } from 'node:child_process';
import { encodeLine, LineDecoder } from './child/lines.js';
import {
  type AttemptOutcome,
  type AttemptSpec,
  attemptKeyOf,
  type ConnectionResult,
  type ConnectionSpec,
  type FromClientChild,
  type FromNativeServerChild,
  type FromServerChild,
  type ImplementationInfo,
  type NativeAttemptSpec,
  type NativeRequestView,
  type ServerConnectionReport,
  type ServerMode,
  type ToClientChild,
} from './child/protocol.js';
import { contextFromNative } from './native.js';

/** How long a child may take to say it is ready (Chromium's first launch is the slow one). */
const READY_TIMEOUT_MS = 60_000;
const STDERR_TAIL_CHARS = 2_000;
/** How long a child may take to exit when asked (closing Chromium takes a moment). */
const STOP_GRACE_MS = 5_000;

export interface SpawnPlan {
  execPath: string;
  args: readonly string[];
  /** 'ipc': a Node child (process.send); 'lines': any program, JSON lines on stdin/stdout (lines.ts) */
  transport?: 'ipc' | 'lines';
  /** added to the environment */
  env?: Record<string, string>;
}

function tail(text: string): string {
  return text.length > STDERR_TAIL_CHARS ? text.slice(-STDERR_TAIL_CHARS) : text;
}

function lastLines(text: string, count: number): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(-count)
    .join(' | ');
}

/** The last line of stderr that names an error (`TypeError: ...`), or ''. */
function errorLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim());
  return lines.filter((line) => /^([A-Z]\w*)?Error\b|^\w+Error \[|Error:/.test(line)).at(-1) ?? '';
}

/** A child process speaking JSON over IPC, with its stderr kept for diagnostics. */
class Child<In, Out extends { type: string }> {
  readonly process: ChildProcess;
  stderr = '';
  exited: string | null = null;
  readonly #listeners = new Set<(message: Out) => void>();
  readonly #exitListeners = new Set<(reason: string) => void>();

  readonly #lines: boolean;

  constructor(plan: SpawnPlan) {
    this.#lines = plan.transport === 'lines';
    this.process = spawn(plan.execPath, [...plan.args], {
      stdio: this.#lines ? ['pipe', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '', ...plan.env },
    });
    this.process.stderr?.setEncoding('utf8');
    this.process.stderr?.on('data', (chunk: string) => {
      this.stderr = tail(this.stderr + chunk);
    });
    const deliver = (message: Out): void => {
      for (const listener of this.#listeners) listener(message);
    };
    if (this.#lines) {
      const decoder = new LineDecoder();
      const onEvents = (events: ReturnType<LineDecoder['push']>): void => {
        for (const event of events) {
          if (event.kind === 'message') deliver(event.message as unknown as Out);
          // a line that is not a message is a broken adapter: keep it where exit reasons look
          else this.stderr = tail(`${this.stderr}protocol error: ${event.error}\n`);
        }
      };
      this.process.stdout?.on('data', (chunk: Buffer) => onEvents(decoder.push(chunk)));
      this.process.stdout?.on('end', () => onEvents(decoder.end()));
      // a child that exits while we write gets EPIPE: its exit is reported by 'exit'
      this.process.stdin?.on('error', () => {});
    } else this.process.on('message', deliver);
    const onExit = (reason: string): void => {
      if (this.exited !== null) return;
      this.exited = reason;
      for (const listener of this.#exitListeners) listener(reason);
    };
    this.process.on('exit', (code, signal) => {
      const detail = [errorLine(this.stderr), lastLines(this.stderr, 1)]
        .filter((line) => line !== '')
        .join(' | ');
      onExit(`exited (code ${code}, signal ${signal})${detail ? `: ${detail}` : ''}`);
    });
    this.process.on('error', (error) => onExit(`could not start: ${error.message}`));
  }

  onMessage(listener: (message: Out) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onExit(listener: (reason: string) => void): () => void {
    this.#exitListeners.add(listener);
    return () => this.#exitListeners.delete(listener);
  }

  send(message: In): void {
    if (this.exited !== null) return;
    if (this.#lines) this.process.stdin?.write(encodeLine(message as object));
    else if (this.process.connected) this.process.send(message as object);
  }

  /** Waits for the first message of a type, bounded; rejects when the child exits first. */
  waitFor<T extends Out['type']>(
    type: T,
    timeoutMs: number,
    match?: (message: Out) => boolean,
  ): Promise<Extract<Out, { type: T }>> {
    return new Promise((resolve, reject) => {
      if (this.exited !== null) {
        reject(new Error(`child ${this.exited}`));
        return;
      }
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${type} from the child within ${timeoutMs} ms`));
      }, timeoutMs);
      const offMessage = this.onMessage((message) => {
        if (message.type === type && (match === undefined || match(message))) {
          cleanup();
          resolve(message as Extract<Out, { type: T }>);
        }
      });
      const offExit = this.onExit((reason) => {
        cleanup();
        reject(new Error(`child ${reason}`));
      });
      const cleanup = (): void => {
        clearTimeout(timer);
        offMessage();
        offExit();
      };
    });
  }

  /** Asks the child to exit (a browser child closes Chromium first), then kills it after a bounded grace. */
  async stop(exitMessage: In): Promise<void> {
    if (this.exited !== null) return;
    const exited = new Promise<void>((resolve) => this.onExit(() => resolve()));
    this.send(exitMessage);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}

/** One client implementation's child process; restarted (a bounded number of times) if it dies. */
export class ClientProcess {
  #child: Child<ToClientChild, FromClientChild> | null = null;
  #nextId = 1;
  #restarts = 0;
  /** deaths that were a connection's recorded result, not a broken child */
  #forgiven = 0;
  #lock: Promise<void> = Promise.resolve();
  /** shared tasks running, and exclusive ones waiting for them to end */
  #sharing = 0;
  readonly #idle: (() => void)[] = [];
  info: ImplementationInfo | null = null;

  constructor(
    readonly plan: SpawnPlan,
    readonly maxRestarts = 3,
  ) {}

  /** Starts the child (or restarts a dead one) and returns what it reported. */
  async start(): Promise<ImplementationInfo> {
    if (this.#child !== null && this.#child.exited === null && this.info !== null) return this.info;
    if (this.#child !== null) {
      if (this.#restarts - this.#forgiven >= this.maxRestarts) {
        throw new Error(
          `client child died ${this.#restarts + 1} times, not restarting; last: ${this.#child.exited ?? 'unknown'}`,
        );
      }
      this.#restarts++;
    }
    const child = new Child<ToClientChild, FromClientChild>(this.plan);
    this.#child = child;
    const ready = await child.waitFor('ready', READY_TIMEOUT_MS);
    this.info = ready.info;
    return ready.info;
  }

  /**
   * Runs `task` with this client to itself: attempts of one cell do not interleave with another's, and
   * no shared task runs meanwhile (one may kill the child on purpose).
   */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    const previous = this.#lock;
    let release = (): void => {};
    this.#lock = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    while (this.#sharing > 0) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
    try {
      return await task();
    } finally {
      release();
    }
  }

  /**
   * Runs `task` beside other shared tasks (connection scripts are independent: each has its own
   * socket), after the exclusive tasks queued before it and never during one.
   */
  async shared<T>(task: () => Promise<T>): Promise<T> {
    await this.#lock;
    this.#sharing++;
    try {
      return await task();
    } finally {
      this.#sharing--;
      if (this.#sharing === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  /** One attempt in the child; rejects when the child dies or does not answer within `timeoutMs`. */
  async attempt(spec: AttemptSpec | NativeAttemptSpec, timeoutMs: number): Promise<AttemptOutcome> {
    await this.start();
    const child = this.#child!;
    const id = this.#nextId++;
    const result = child.waitFor(
      'result',
      timeoutMs,
      (message) => message.type === 'result' && message.id === id,
    );
    child.send({ type: 'attempt', id, spec });
    return (await result).outcome;
  }

  /**
   * One connection script in the child. When the child dies during it, the outcome is null and the
   * death is the result (a crash is what some scenarios look for): such a death does not count against
   * `maxRestarts`, the next call starts a fresh child. `process` says whether the child still answers.
   */
  async connection(spec: ConnectionSpec, timeoutMs: number): Promise<ConnectionResult> {
    await this.start();
    const child = this.#child!;
    const id = this.#nextId++;
    const result = child.waitFor(
      'connection-result',
      timeoutMs,
      (message) => message.type === 'connection-result' && message.id === id,
    );
    child.send({ type: 'connection', id, spec });
    try {
      const { outcome } = await result;
      return { outcome, process: await this.alive() };
    } catch (error) {
      if (child.exited !== null) {
        this.#forgiven++;
        return { outcome: null, process: { alive: false, reason: child.exited } };
      }
      throw error;
    }
  }

  /** Whether the child is still alive and answering. */
  async alive(timeoutMs = 3_000): Promise<{ alive: boolean; reason: string }> {
    const child = this.#child;
    if (child === null) return { alive: false, reason: 'never started' };
    if (child.exited !== null) return { alive: false, reason: child.exited };
    const id = this.#nextId++;
    const pong = child.waitFor('pong', timeoutMs, (message) => message.type === 'pong' && message.id === id);
    child.send({ type: 'ping', id });
    try {
      await pong;
      return { alive: true, reason: '' };
    } catch (error) {
      return { alive: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async stop(): Promise<void> {
    await this.#child?.stop({ type: 'exit' });
  }
}

/** A native server's view of one connection, as the report the scenarios read. */
function nativeReport(native: NativeRequestView): ServerConnectionReport {
  return {
    attemptKey: attemptKeyOf(native.target) ?? '',
    source: 'native',
    offered: native.offered,
    mode: native.mode,
    protocol: native.protocol,
    context: contextFromNative(native),
    contextError: null,
    messages: [],
  };
}

/** One server implementation's child process (Node 18, or a program) and the connections it reports. */
export class ServerProcess {
  readonly #child: Child<{ type: 'exit' }, FromServerChild | FromNativeServerChild>;
  readonly #reports = new Map<string, ServerConnectionReport>();
  readonly #waiters = new Map<string, (report: ServerConnectionReport) => void>();
  info: ImplementationInfo | null = null;
  ports: Record<ServerMode, number> | null = null;
  /** what a server program runs on besides its language runtime (uvicorn for Starlette), else null */
  engine: string | null = null;

  constructor(plan: SpawnPlan) {
    this.#child = new Child(plan);
    this.#child.onMessage((message) => {
      if (message.type === 'connection') {
        const report = 'native' in message ? nativeReport(message.native) : message.report;
        this.#reports.set(report.attemptKey, report);
        this.#waiters.get(report.attemptKey)?.(report);
      } else if (message.type === 'message') {
        const key = 'target' in message ? (attemptKeyOf(message.target) ?? '') : message.attemptKey;
        this.#reports.get(key)?.messages.push(message.text);
      } else if (message.type === 'event') {
        const report = this.#reports.get(message.attemptKey);
        if (report !== undefined) {
          report.events ??= [];
          report.events.push(message.event);
        }
      } else if (message.type === 'ready' && 'engine' in message && message.engine !== undefined) {
        this.engine = message.engine;
      }
    });
  }

  async start(): Promise<ImplementationInfo> {
    try {
      const ready = await this.#child.waitFor('ready', READY_TIMEOUT_MS);
      this.info = ready.info;
      this.ports = ready.ports;
    } catch (error) {
      this.info = {
        version: '',
        runtime: '',
        loadError: error instanceof Error ? error.message : String(error),
      };
    }
    return this.info;
  }

  /** Whether the server process is still running. */
  get exited(): string | null {
    return this.#child.exited;
  }

  /** The report of an attempt's connection, waiting up to `timeoutMs` for it; null if none came. */
  async report(attemptKey: string, timeoutMs: number): Promise<ServerConnectionReport | null> {
    const known = this.#reports.get(attemptKey);
    if (known !== undefined || timeoutMs <= 0) return known ?? null;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(attemptKey);
        resolve(this.#reports.get(attemptKey) ?? null);
      }, timeoutMs);
      this.#waiters.set(attemptKey, (report) => {
        clearTimeout(timer);
        this.#waiters.delete(attemptKey);
        resolve(report);
      });
    });
  }

  /** Forgets an attempt's report once its cell is judged. */
  forget(attemptKey: string): void {
    this.#reports.delete(attemptKey);
  }

  async stop(): Promise<void> {
    await this.#child.stop({ type: 'exit' });
  }
}
