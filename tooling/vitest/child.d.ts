export interface ChildResult {
  /** the exit code; null when the child was killed (after `limitMs`) or could not start */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunNodeOptions {
  /** the node binary: this process's by default, or another runtime's */
  execPath?: string | undefined;
  /** SIGKILL after this long; default 15000 ms */
  limitMs?: number | undefined;
}

/** Runs `<execPath> ...args` with a bounded lifetime; never rejects. */
export declare function runNode(args: readonly string[], options?: RunNodeOptions): Promise<ChildResult>;
/** The JSON lines (starting with `{` or `[`) a child printed, parsed, in order. */
export declare function jsonLines(stdout: string): unknown[];
