/** Stable codes carried by {@link ConnectionContextError}. */
export type ConnectionContextErrorCode =
  | 'DUPLICATE_HEADER'
  | 'INVALID_TOKEN'
  | 'INVALID_FORWARDED'
  | 'INVALID_TRUST_PROXY'
  | 'INVALID_QUERY'
  | 'ORIGIN_NOT_ALLOWED'
  | 'UNAUTHORIZED'
  | 'INVALID_OPTION';

const defaultStatus: Record<ConnectionContextErrorCode, number> = {
  DUPLICATE_HEADER: 400,
  INVALID_TOKEN: 401,
  INVALID_FORWARDED: 400,
  INVALID_TRUST_PROXY: 500,
  INVALID_QUERY: 400,
  ORIGIN_NOT_ALLOWED: 403,
  UNAUTHORIZED: 401,
  // A server misconfiguration, thrown when the options are first used, not a client's fault.
  INVALID_OPTION: 500,
};

/** A connection that must be refused (with `status`), or a server misconfiguration. */
export class ConnectionContextError extends Error {
  override readonly name = 'ConnectionContextError';
  readonly code: ConnectionContextErrorCode;
  /** The HTTP status to answer the upgrade with. */
  readonly status: number;

  constructor(
    code: ConnectionContextErrorCode,
    message: string,
    options?: { status?: number; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options?.status ?? defaultStatus[code];
  }
}
