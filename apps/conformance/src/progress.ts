import type { CellResult } from './model.js';

export interface ProgressOptions {
  total: number;
  /** rewrite one line in place (a TTY without --json), else print plain lines */
  live: boolean;
  write: (text: string) => void;
  now?: () => number;
  /** plain mode: at most one line per this many ms, besides failures */
  intervalMs?: number;
}

function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The progress line: cells done / total, elapsed, failures so far. */
export class Progress {
  #done = 0;
  #failures = 0;
  #lastPlain = Number.NEGATIVE_INFINITY;
  readonly #started: number;
  readonly #now: () => number;

  constructor(readonly options: ProgressOptions) {
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
  }

  line(): string {
    return `[${this.#done}/${this.options.total}] ${clock(this.#now() - this.#started)} elapsed, ${this.#failures} failing`;
  }

  cell(result: CellResult): void {
    this.#done++;
    const failed = result.status === 'fail' || result.status === 'unexpected-pass';
    if (failed) this.#failures++;
    if (this.options.live) {
      if (failed)
        this.options.write(
          `\r\x1b[2K${result.status}: ${result.scenario} ${result.client} -> ${result.server}\n`,
        );
      this.options.write(`\r\x1b[2K${this.line()} ${result.client} -> ${result.server} ${result.scenario}`);
      return;
    }
    if (failed)
      this.options.write(
        `${result.status}: ${result.scenario} ${result.client} -> ${result.server}: ${result.reason}\n`,
      );
    const now = this.#now();
    if (this.#done === this.options.total || now - this.#lastPlain >= (this.options.intervalMs ?? 5_000)) {
      this.#lastPlain = now;
      this.options.write(`${this.line()}\n`);
    }
  }

  finish(): void {
    if (this.options.live) this.options.write(`\r\x1b[2K${this.line()}\n`);
  }
}
