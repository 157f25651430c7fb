/** Stable codes carried by {@link HeaderOptionsError}: the options were refused before any socket existed. */
export type HeaderOptionsErrorCode =
  | 'INVALID_HEADER_NAME'
  | 'INVALID_HEADER_VALUE'
  | 'RESERVED_HEADER'
  | 'DUPLICATE_HEADER'
  | 'INVALID_SUBPROTOCOL'
  | 'DUPLICATE_SUBPROTOCOL'
  | 'TOO_MANY_SUBPROTOCOLS'
  | 'HEADERS_UNSUPPORTED'
  | 'CONFLICTING_OPTIONS'
  | 'INVALID_URL'
  | 'BLOCKED_PORT'
  | 'INVALID_TOKEN'
  | 'INVALID_OPTION';

/** Thrown synchronously when client options cannot be sent as given; nothing was sent. */
export class HeaderOptionsError extends TypeError {
  override readonly name = 'HeaderOptionsError';
  readonly code: HeaderOptionsErrorCode;

  constructor(code: HeaderOptionsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Stable codes carried by {@link HandshakeError}: how an opening handshake failed. */
export type HandshakeErrorCode = 'TIMEOUT' | 'REFUSED' | 'REJECTED' | 'SUBPROTOCOL' | 'ABORTED' | 'NETWORK';

/** The rejection of `connect()`: the handshake did not complete. `status` is the HTTP status when known. */
export class HandshakeError extends Error {
  override readonly name = 'HandshakeError';
  readonly code: HandshakeErrorCode;
  readonly status: number | null;

  constructor(
    code: HandshakeErrorCode,
    message: string,
    options?: { status?: number | null | undefined; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options?.status ?? null;
  }
}
