/** One site the codemod flagged: rewritten but worth a review, or left alone with what to do. */
export interface Note {
  /** 1-based line in the file as it was read. */
  readonly line: number;
  readonly message: string;
}

/** What one transform made of one file. */
export interface TransformResult {
  /** The rewritten source; the input itself, unchanged, when nothing applied. */
  readonly output: string;
  readonly changed: boolean;
  readonly notes: readonly Note[];
}

/** The transforms by name, in the order `all` runs them. */
export const TRANSFORM_NAMES = ['ws8', 'client-options', 'request-query', 'client-address'] as const;

/** A single transform. */
export type TransformName = (typeof TRANSFORM_NAMES)[number];

/** A transform or `all`. */
export type TransformSelection = TransformName | 'all';

/** Options a transform reads. */
export interface TransformOptions {
  /** ws8: wrap message listeners with `wrapSocket` from @ws-compat/socket instead of inlining the decode. */
  readonly socket?: boolean;
}

/** Whether `name` is a transform or `all`. */
export function isTransformSelection(name: string): name is TransformSelection {
  return name === 'all' || (TRANSFORM_NAMES as readonly string[]).includes(name);
}
