import jscodeshift, { type Collection, type JSCodeshift } from 'jscodeshift';
import { CodemodError } from './errors.js';

const tsParser: JSCodeshift = jscodeshift.withParser('ts');
const tsxParser: JSCodeshift = jscodeshift.withParser('tsx');

/** Extensions the codemod reads. */
export const SOURCE_EXTENSIONS: readonly string[] = [
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
];

/** Whether `filePath` is a source file the codemod reads (declaration files are not). */
export function isSourceFile(filePath: string): boolean {
  if (filePath.endsWith('.d.ts') || filePath.endsWith('.d.mts') || filePath.endsWith('.d.cts')) return false;
  return SOURCE_EXTENSIONS.some((extension) => filePath.endsWith(extension));
}

/** Whether `filePath` is TypeScript. */
export function isTypeScriptFile(filePath: string): boolean {
  return (
    filePath.endsWith('.ts') ||
    filePath.endsWith('.tsx') ||
    filePath.endsWith('.mts') ||
    filePath.endsWith('.cts')
  );
}

/**
 * The parser for a file: Babel's TypeScript grammar for `.ts` (where `<T>x` is a cast, not JSX), and
 * TypeScript + JSX for everything else, which also reads plain JavaScript, JSX, ESM and CommonJS.
 */
export function parserFor(filePath: string): JSCodeshift {
  return filePath.endsWith('.ts') || filePath.endsWith('.mts') || filePath.endsWith('.cts')
    ? tsParser
    : tsxParser;
}

/**
 * Parses `source` keeping every token, so unchanged code prints back byte for byte.
 *
 * @throws {CodemodError} `PARSE_ERROR` naming the file, line and the parser's message.
 */
export function parseSource(source: string, filePath: string): { j: JSCodeshift; root: Collection } {
  const j = parserFor(filePath);
  try {
    return { j, root: j(source) };
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const where = loc === undefined ? '' : `:${loc.line}:${loc.column + 1}`;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CodemodError(
      'PARSE_ERROR',
      `Could not parse ${filePath}${where}: ${reason}. Fix the syntax (or exclude the file) and run the codemod again.`,
    );
  }
}

/** The quote the file mostly uses, so inserted strings match it. */
export function quoteStyle(source: string): 'single' | 'double' {
  let single = 0;
  let double = 0;
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 39) single++;
    else if (code === 34) double++;
  }
  return double > single ? 'double' : 'single';
}
