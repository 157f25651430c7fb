import type { ExpectedFailure } from '../status.js';

/** The ws server class of any major: `new Server({ server, ...options })`. */
export type ServerClass = new (
  options: Record<string, unknown>,
) => {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  close(callback?: () => void): void;
};

/**
 * One server implementation under test: how to load it and what it does differently, declared beside
 * it. Servers run on Node 18, the oldest runtime the packages support.
 */
export interface ServerAdapter {
  /** what `--servers` matches, e.g. `ws@2` */
  selector: string;
  family: 'ws';
  major: number;
  /** the npm alias */
  packageName: string;
  /** the server class, in the server child */
  load: () => Promise<ServerClass>;
  expectedFailures: readonly ExpectedFailure[];
}
