/** The Node majors the project tests against. */
export type NodeMajor = 18 | 20 | 22 | 24;

/** A Node.js binary ready to spawn. */
export interface NodeRuntime {
  major: number;
  /** e.g. `22.23.3`, without the `v` */
  version: string;
  /** absolute path of the `node` binary */
  execPath: string;
  /** the running Node, a runtime already in the cache, or one downloaded now */
  source: 'system' | 'cache' | 'download';
}

export interface EnsureNodeRuntimeOptions {
  /** default {@link defaultCacheDir} */
  cacheDir?: string;
  /** aborts resolution, download and unpacking (running children are killed) */
  signal?: AbortSignal;
  /** one short line per step: resolving, downloading, verifying, unpacking, installed */
  onProgress?: (message: string) => void;
}

export type NodeRuntimeErrorCode =
  | 'INVALID_MAJOR'
  | 'UNSUPPORTED_PLATFORM'
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
 * Returns a Node.js runtime of the given major: the running Node when its major matches, else the newest
 * of that major in the cache, else the newest release from the npm registry (`node-<platform>-<arch>@<major>`),
 * verified against its sha512 and installed atomically (safe when processes race).
 */
export declare function ensureNodeRuntime(
  major: NodeMajor,
  options?: EnsureNodeRuntimeOptions,
): Promise<NodeRuntime>;

/** `$WS_COMPAT_CACHE/node` when set, else `~/.cache/ws-compat/node`. */
export declare function defaultCacheDir(): string;
