import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { requireSource, unwrap, variableOf } from './_ast.js';
import { textQuotesModule } from './patterns.js';

/** Where an identifier's value comes from when it is an import or a `require`. */
export interface ModuleBinding {
  /** The module specifier, e.g. `'ws'`. */
  module: string;
  /** The export read: `'default'`, a named export, or `'*'` for the whole module (namespace or `require`). */
  exportName: string;
  /** Whether it came from `require()` (CommonJS: for ws the module object is the WebSocket class). */
  commonjs: boolean;
}

/**
 * The module binding behind an identifier: `import X from 'm'`, `import { Y as X } from 'm'`,
 * `import * as X from 'm'`, `const X = require('m')`, `const X = require('m').Y`,
 * `const { Y: X } = require('m')`. `null` for anything else.
 */
export function moduleBindingOf(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): ModuleBinding | null {
  const variable = variableOf(sourceCode, identifier);
  if (variable === null) return null;
  return moduleBindingOfVariable(variable);
}

/** {@link moduleBindingOf} for a variable already found. */
export function moduleBindingOfVariable(variable: TSESLint.Scope.Variable): ModuleBinding | null {
  const definition = variable.defs[0];
  if (variable.defs.length !== 1 || definition === undefined) return null;
  if (definition.type === 'ImportBinding') {
    const declaration = definition.parent;
    if (declaration.type !== 'ImportDeclaration') return null;
    const module = declaration.source.value;
    const specifier = definition.node;
    if (specifier.type === 'ImportDefaultSpecifier')
      return { module, exportName: 'default', commonjs: false };
    if (specifier.type === 'ImportNamespaceSpecifier') return { module, exportName: '*', commonjs: false };
    if (specifier.type === 'ImportSpecifier') {
      const imported = specifier.imported;
      const exportName = imported.type === 'Identifier' ? imported.name : imported.value;
      return { module, exportName, commonjs: false };
    }
    return null;
  }
  if (definition.type !== 'Variable') return null;
  const declarator = definition.node;
  const init = declarator.init === null ? null : unwrap(declarator.init);
  if (init === null) return null;
  if (declarator.id.type === 'Identifier') {
    const module = requireSource(init);
    if (module !== null) return { module, exportName: '*', commonjs: true };
    if (init.type === 'MemberExpression' && !init.computed && init.property.type === 'Identifier') {
      const inner = requireSource(init.object);
      if (inner !== null) return { module: inner, exportName: init.property.name, commonjs: true };
    }
    return null;
  }
  if (declarator.id.type === 'ObjectPattern') {
    const module = requireSource(init);
    if (module === null) return null;
    for (const property of declarator.id.properties) {
      if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') continue;
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (value.type === 'Identifier' && value.name === variable.name) {
        return { module, exportName: property.key.name, commonjs: true };
      }
    }
  }
  return null;
}

/** Whether the file imports or requires a module (any binding at the top level, or a bare `import 'm'`). */
export function fileImportsModule(
  sourceCode: Readonly<TSESLint.SourceCode>,
  modules: readonly string[],
): boolean {
  for (const statement of sourceCode.ast.body) {
    if (statement.type === 'ImportDeclaration' && modules.includes(statement.source.value)) return true;
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (declarator.init === null) continue;
        let init = unwrap(declarator.init);
        if (init.type === 'MemberExpression') init = unwrap(init.object);
        const module = requireSource(init);
        if (module !== null && modules.includes(module)) return true;
      }
    }
  }
  return false;
}

/** Whether the file has a named import `name` from `module` (e.g. `WebSocketServer` from `'ws'`). */
export function fileImportsName(
  sourceCode: Readonly<TSESLint.SourceCode>,
  module: string,
  name: string,
): boolean {
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== 'ImportDeclaration' || statement.source.value !== module) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ImportSpecifier') continue;
      const imported = specifier.imported;
      if ((imported.type === 'Identifier' ? imported.name : imported.value) === name) return true;
    }
  }
  return false;
}

/**
 * A cheap first look at the file's text: whether any of the module specifiers appears quoted in it. When
 * none does, no import or require of them can exist and the rule skips its scope lookups (measured: the
 * lookups are most of the rules' time on files that have nothing to do with WebSockets). Pass a
 * module-level list: nothing is allocated per file.
 */
export function textMentionsModule(
  sourceCode: Readonly<TSESLint.SourceCode>,
  modules: readonly string[],
): boolean {
  return textQuotesModule(sourceCode.text, modules);
}
