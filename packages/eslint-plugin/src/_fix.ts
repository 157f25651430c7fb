import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/**
 * Removes one property from an object literal together with the comma that separates it from its
 * neighbour, leaving the rest of the literal as written.
 */
export function removeProperty(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  object: TSESTree.ObjectExpression,
  property: TSESTree.Property,
): TSESLint.RuleFix {
  const index = object.properties.indexOf(property as TSESTree.ObjectLiteralElement);
  const next = object.properties[index + 1];
  if (next !== undefined) return fixer.removeRange([property.range[0], next.range[0]]);
  const previous = object.properties[index - 1];
  if (previous !== undefined) return fixer.removeRange([previous.range[1], property.range[1]]);
  // The only property: drop it and a trailing comma, keep the braces.
  const after = sourceCode.getTokenAfter(property);
  const end = after !== null && after.value === ',' ? after.range[1] : property.range[1];
  return fixer.removeRange([property.range[0], end]);
}

/**
 * The fix that makes `name` importable in this file: nothing when a binding of that name exists at the
 * top level, else an `import { name } from 'module'` (ES modules) or a `const { name } = require('module')`
 * (CommonJS) after the last import or at the top.
 */
export function ensureNamedImport(
  fixer: TSESLint.RuleFixer,
  sourceCode: Readonly<TSESLint.SourceCode>,
  name: string,
  module: string,
): TSESLint.RuleFix | null {
  const globalScope = sourceCode.scopeManager?.globalScope;
  const moduleScope = globalScope?.childScopes.find((scope) => scope.type === 'module');
  if ((moduleScope ?? globalScope)?.set.has(name) === true) return null;
  const body = sourceCode.ast.body;
  const isModule = sourceCode.ast.sourceType === 'module';
  let lastImport: TSESTree.ProgramStatement | undefined;
  for (const statement of body) {
    if (statement.type === 'ImportDeclaration') lastImport = statement;
  }
  const line = isModule
    ? `import { ${name} } from '${module}';`
    : `const { ${name} } = require('${module}');`;
  if (lastImport !== undefined) return fixer.insertTextAfter(lastImport, `\n${line}`);
  const first = body[0];
  if (first === undefined) return fixer.insertTextAfterRange([0, 0], `${line}\n`);
  // Keep a leading 'use strict' directive first.
  if (first.type === 'ExpressionStatement' && first.directive !== undefined) {
    return fixer.insertTextAfter(first, `\n${line}`);
  }
  return fixer.insertTextBefore(first, `${line}\n`);
}
