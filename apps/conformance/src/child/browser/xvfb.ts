// An X server for WebKitGTK's MiniBrowser (it has no headless mode): Xvfb on the first free display,
// which it reports itself (-displayfd), so parallel runs never race for a display number.
import { type ChildProcess, spawn } from 'node:child_process';

export interface XServer {
  /** e.g. `:99`, for DISPLAY */
  display: string;
  stop(): void;
}

/** The arguments Xvfb runs with: report the display on fd 3, no TCP, one small screen. */
export function xvfbArgs(): string[] {
  return ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x800x24'];
}

/**
 * Starts Xvfb and resolves with its display once it is accepting clients.
 * @throws Error with Xvfb's last output when it exits or stays silent for `timeoutMs`.
 */
export function startXvfb(executable: string, timeoutMs: number): Promise<XServer> {
  const child: ChildProcess = spawn(executable, xvfbArgs(), { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  return new Promise((resolve, reject) => {
    let output = '';
    let display = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      stop();
      reject(
        new Error(`Xvfb (${executable}) ${why}${output === '' ? '' : `: ${output.trim().slice(-500)}`}`),
      );
    };
    const timer = setTimeout(() => fail(`reported no display within ${timeoutMs} ms`), timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      display += chunk.toString();
      if (!display.includes('\n')) return;
      clearTimeout(timer);
      child.removeAllListeners('close');
      resolve({ display: `:${display.trim()}`, stop });
    });
    child.once('error', (error) => fail(`did not start: ${error.message}`));
    // 'close' (not 'exit'): after stderr is read, so the message has Xvfb's last words
    child.once('close', (code, signal) => fail(`exited (${signal ?? code})`));
  });
}
