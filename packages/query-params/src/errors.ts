/** Stable codes carried by {@link QueryParamsError}. */
export type QueryParamsErrorCode =
  | 'TOO_MANY_PARAMS'
  | 'TOO_LONG'
  | 'INVALID_ENCODING'
  | 'DUPLICATE_PARAM'
  | 'INVALID_INPUT';

/**
 * Thrown by `parseQuery` on a limit, a malformed escape in `strict` decoding, an input that is not a
 * query, or by `toObject({ duplicates: 'throw' })`. `code` is stable; `message` names the input and the fix.
 */
export class QueryParamsError extends Error {
  override readonly name = 'QueryParamsError';
  readonly code: QueryParamsErrorCode;

  constructor(code: QueryParamsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
