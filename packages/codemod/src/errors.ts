/** Stable codes of {@link CodemodError}. */
export type CodemodErrorCode =
  | 'UNKNOWN_TRANSFORM'
  | 'MISSING_PATHS'
  | 'PATH_NOT_FOUND'
  | 'UNKNOWN_OPTION'
  | 'INVALID_OPTION'
  | 'PARSE_ERROR';

/** A bad argument or a file the codemod could not parse; `code` is stable, the message names the input and the fix. */
export class CodemodError extends Error {
  readonly code: CodemodErrorCode;

  constructor(code: CodemodErrorCode, message: string) {
    super(message);
    this.name = 'CodemodError';
    this.code = code;
  }
}
