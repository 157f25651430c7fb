import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { requireSource, unwrap } from './_ast.js';
import { countQuotedModules, IMPLEMENTATION_MODULE_NAMES } from './patterns.js';

// Per linted file (keyed by its SourceCode object, so entries go with the file).
const namesByFile = new WeakMap<object, ReadonlySet<string> | null>();

/**
 * The local names a file binds at its top level to an import or require of ws or undici
 * (`import Sock from 'ws'` gives `Sock`; `const { WebSocket: W } = require('undici')` gives `W`), or `null`
 * when the file quotes those modules anywhere else too (a `require` inside a function, a re-export, a
 * string or comment that says `'ws'`): then the set would be incomplete and every name needs its scope
 * lookup. With a set, an identifier whose name is not in it cannot be bound to ws or undici, whatever its
 * scope; a name that is in it still needs the lookup (a local of the same name may shadow the import).
 * Computed once per file from the text and the top-level statements.
 *
 * @param sourceCode - the linted file
 */
export function topLevelImplementationNames(
  sourceCode: Readonly<TSESLint.SourceCode>,
): ReadonlySet<string> | null {
  let names = namesByFile.get(sourceCode);
  if (names === undefined) {
    names = collectNames(sourceCode);
    namesByFile.set(sourceCode, names);
  }
  return names;
}

const NO_NAMES: ReadonlySet<string> = new Set();

function collectNames(sourceCode: Readonly<TSESLint.SourceCode>): ReadonlySet<string> | null {
  const quoted = countQuotedModules(sourceCode.text, IMPLEMENTATION_MODULE_NAMES);
  if (quoted === 0) return NO_NAMES;
  const names = new Set<string>();
  let found = 0;
  for (const statement of sourceCode.ast.body) {
    if (statement.type === 'ImportDeclaration') {
      if (!IMPLEMENTATION_MODULE_NAMES.includes(statement.source.value)) continue;
      found++;
      for (const specifier of statement.specifiers) names.add(specifier.local.name);
    } else if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (declarator.init === null) continue;
        let init = unwrap(declarator.init);
        if (init.type === 'MemberExpression') init = unwrap(init.object);
        const module = requireSource(init);
        if (module === null || !IMPLEMENTATION_MODULE_NAMES.includes(module)) continue;
        found++;
        addPatternNames(declarator.id, names);
      }
    }
  }
  return found === quoted ? names : null;
}

/** The identifiers a declarator's target binds: `X`, `{ a, b: X, c = 1, ...rest }`, `[X, Y]`. */
function addPatternNames(pattern: TSESTree.Node, names: Set<string>): void {
  switch (pattern.type) {
    case 'Identifier':
      names.add(pattern.name);
      return;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        addPatternNames(property.type === 'Property' ? property.value : property.argument, names);
      }
      return;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element !== null) addPatternNames(element, names);
      return;
    case 'AssignmentPattern':
      addPatternNames(pattern.left, names);
      return;
    case 'RestElement':
      addPatternNames(pattern.argument, names);
      return;
    default:
      return;
  }
}
