// Cheap looks at a file's text before any AST work: `false` means a shape cannot be in the file, so the
// codemod leaves it unparsed and a lint rule registers no listeners for it. Hot paths: one pass, no
// allocation, no regular expression.

/** Whether `needle` (lower case) matches `text` at `at` from its second character on, ignoring ASCII case. */
function restMatchesIgnoringCase(text: string, at: number, needle: string): boolean {
  for (let offset = 1; offset < needle.length; offset++) {
    let code = text.charCodeAt(at + offset);
    if (code >= 65 && code <= 90) code += 32;
    if (code !== needle.charCodeAt(offset)) return false;
  }
  return true;
}

/**
 * Whether `text` contains `needle` ignoring ASCII case. The candidates come from the engine's own
 * `indexOf` of the first character in either case (measured with tooling/bench: about 7 times faster than
 * a character loop over the whole text on the benchmark's files, for the hints of all five lint rules).
 *
 * @param text - the text to search, e.g. a whole source file
 * @param needle - the word to find, written in lower case; an empty needle is always found
 */
export function containsIgnoringCase(text: string, needle: string): boolean {
  if (needle.length === 0) return true;
  const last = text.length - needle.length;
  const first = needle.charAt(0);
  for (let at = text.indexOf(first); at !== -1 && at <= last; at = text.indexOf(first, at + 1)) {
    if (restMatchesIgnoringCase(text, at, needle)) return true;
  }
  const code = needle.charCodeAt(0);
  if (code < 97 || code > 122) return false;
  const upper = String.fromCharCode(code - 32);
  for (let at = text.indexOf(upper); at !== -1 && at <= last; at = text.indexOf(upper, at + 1)) {
    if (restMatchesIgnoringCase(text, at, needle)) return true;
  }
  return false;
}

/**
 * Whether one of `hints` appears in `text`, in any ASCII case.
 *
 * @param text - the whole source text
 * @param hints - lower-case words, any one of which suffices
 */
export function textMayContain(text: string, hints: readonly string[]): boolean {
  for (const hint of hints) {
    if (containsIgnoringCase(text, hint)) return true;
  }
  return false;
}

const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const BACKTICK = 96;

/**
 * Whether one of `modules` appears in `text` as a whole quoted string (`'ws'`, `"ws"` or `` `ws` ``), the
 * way an import or a require names it. Without one, nothing in the file can be bound to those modules.
 *
 * @param text - the whole source text
 * @param modules - module specifiers, e.g. `['ws', 'undici']`
 */
export function textQuotesModule(text: string, modules: readonly string[]): boolean {
  for (const module of modules) {
    for (let at = text.indexOf(module, 1); at !== -1; at = text.indexOf(module, at + 1)) {
      if (isQuotedAt(text, at, module.length)) return true;
    }
  }
  return false;
}

/**
 * How many times `modules` appear in `text` as whole quoted strings (`'ws'`, `"ws"` or `` `ws` ``), each
 * occurrence once. A file whose count equals the number of its top-level imports and requires of those
 * modules names them nowhere else (no nested `require`, no re-export, no string that merely says `'ws'`).
 *
 * @param text - the whole source text
 * @param modules - module specifiers, e.g. `['ws', 'undici']`
 */
export function countQuotedModules(text: string, modules: readonly string[]): number {
  let count = 0;
  for (const module of modules) {
    for (let at = text.indexOf(module, 1); at !== -1; at = text.indexOf(module, at + 1)) {
      if (isQuotedAt(text, at, module.length)) count++;
    }
  }
  return count;
}

/** Whether the `length` characters at `at` sit between two equal quote characters. */
function isQuotedAt(text: string, at: number, length: number): boolean {
  const before = text.charCodeAt(at - 1);
  return (
    (before === SINGLE_QUOTE || before === DOUBLE_QUOTE || before === BACKTICK) &&
    text.charCodeAt(at + length) === before
  );
}
