// Test-only: run a script in a child Node process with a bounded lifetime.
import { spawn } from 'node:child_process';

export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node ...args` and resolves when it exits; kills it after `limitMs`. `execPath` is the node
 * binary: this process's by default, or another runtime's (see `node-runtimes.ts`).
 */
export function runNode(
  args: readonly string[],
  limitMs = 15_000,
  execPath: string = process.execPath,
): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
