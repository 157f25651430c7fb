/** Stable codes carried by {@link QueryParamsError}. */
export type QueryParamsErrorCode =
  | 'TOO_MANY_PARAMS'
  | 'TOO_LONG'
  | 'INVALID_ENCODING'
  | 'DUPLICATE_PARAM'
  | 'INVALID_INPUT'
  | 'INVALID_OPTION';

/**
 * Thrown by `parseQuery` on a limit (`TOO_LONG`, `TOO_MANY_PARAMS`), a malformed escape in `strict` decoding
 * (`INVALID_ENCODING`), an input that is not a query (`INVALID_INPUT`), an option of the wrong type or range
 * (`INVALID_OPTION`, here and in `toObject`), or by `toObject({ duplicates: 'throw' })` (`DUPLICATE_PARAM`).
 * `code` is stable; `message` names the input or option and the fix.
 */
export class QueryParamsError extends Error {
  override readonly name = 'QueryParamsError';
  readonly code: QueryParamsErrorCode;

  constructor(code: QueryParamsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
