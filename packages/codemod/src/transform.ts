import { collectBindings, detectModuleKind, type FileContext } from './_ast.js';
import { CodemodError } from './errors.js';
import { isTypeScriptFile, parseSource, quoteStyle } from './parse.js';
import { mayMatch } from './prefilter.js';
import { clientAddress } from './transforms/client-address.js';
import { clientOptions } from './transforms/client-options.js';
import { requestQuery } from './transforms/request-query.js';
import { ws8 } from './transforms/ws8.js';
import {
  isTransformSelection,
  TRANSFORM_NAMES,
  type TransformName,
  type TransformResult,
  type TransformSelection,
} from './types.js';

const TRANSFORMS: Readonly<Record<TransformName, (context: FileContext) => void>> = {
  ws8,
  'client-options': clientOptions,
  'request-query': requestQuery,
  'client-address': clientAddress,
};

/**
 * Runs one transform (or `all`, in order) on `source`. Sites that cannot be rewritten safely become
 * notes; the output is the input, byte for byte, when nothing applied.
 *
 * @param name a transform name or `all`.
 * @param source the file's text.
 * @param filePath the file's path: picks the parser (`.ts` vs the rest) and the import style.
 * @throws {CodemodError} `UNKNOWN_TRANSFORM` for a name that is not a transform; `PARSE_ERROR` when the file does not parse.
 */
export function transformSource(name: TransformSelection, source: string, filePath: string): TransformResult {
  if (!isTransformSelection(name)) {
    throw new CodemodError(
      'UNKNOWN_TRANSFORM',
      `Unknown transform ${JSON.stringify(name)}: use one of ${[...TRANSFORM_NAMES, 'all'].join(', ')}.`,
    );
  }
  const names = (name === 'all' ? TRANSFORM_NAMES : [name]).filter((transform) =>
    mayMatch(transform, source),
  );
  if (names.length === 0) return { output: source, changed: false, notes: [] };
  // recast drops the line break after a `#!` line: parse it as a `//` comment of the same length
  // (lines stay put) and put the `#!` back after printing.
  const hashbang = source.startsWith('#!');
  // One parse for every transform: notes keep the lines of the file as it was read.
  const { j, root } = parseSource(hashbang ? `//${source.slice(2)}` : source, filePath);
  const partial = {
    j,
    root,
    filePath,
    source,
    typescript: isTypeScriptFile(filePath),
    moduleKind: 'esm' as 'esm' | 'cjs',
    quote: quoteStyle(source),
    bindings: new Map(),
    notes: [],
    changed: false,
  };
  const context: FileContext = {
    ...partial,
    moduleKind: detectModuleKind(partial),
    bindings: collectBindings(partial),
  };
  // One walk of the tree serves every transform (see nodesOf): paths an earlier transform replaced
  // are detached and match nothing; the nodes it created are its own output, never input again.
  for (const transform of names) TRANSFORMS[transform](context);
  const notes = [...context.notes].sort((a, b) => a.line - b.line);
  if (!context.changed) return { output: source, changed: false, notes };
  const lineTerminator = source.includes('\r\n') ? '\r\n' : '\n';
  const printed = root.toSource({ quote: context.quote, reuseWhitespace: true, lineTerminator });
  const output = hashbang && printed.startsWith('//') ? `#!${printed.slice(2)}` : printed;
  return { output, changed: output !== source, notes };
}

export type { isTransformSelection };
