import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isGlobalReference, keyName, unwrap, variableOf } from './_ast.js';
import { type ModuleBinding, moduleBindingOfVariable } from './_bindings.js';
import { topLevelImplementationNames } from './_implementation-names.js';
import { declarationFilesOfType, type TypeInformation, typeInformationOf } from './_types.js';
import {
  ANY_GLOBAL_OBJECTS,
  BROWSER_GLOBAL_OBJECTS,
  CLIENT_EXPORT_NAMES,
  type ImplementationKind,
  implementationOfDeclarationFile,
  implementationOfModule,
  WS_SERVER_EXPORT_NAMES,
} from './patterns.js';

/** Where the global `WebSocket` is assumed to run: `'auto'` reads the file's configured globals. */
export type GlobalEnvironment = 'auto' | 'node' | 'browser';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * Whether an identifier cannot be bound to ws or undici: the file binds them only at its top level and
 * under other names. Saves the scope lookup of every other `new X()`; a name that matches still gets it.
 */
function cannotBeImplementationBinding(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): boolean {
  const names = topLevelImplementationNames(sourceCode);
  return names !== null && !names.has(identifier.name);
}

/** Which implementation a binding to a module export is, for a client class. */
function clientOfBinding(binding: ModuleBinding): 'ws' | 'undici' | null {
  const kind = implementationOfModule(binding.module);
  if (kind === 'ws') {
    // `require('ws')` is the class itself; `import * as ws from 'ws'` is a namespace and is not.
    if (binding.exportName === '*') return binding.commonjs ? 'ws' : null;
    return CLIENT_EXPORT_NAMES.includes(binding.exportName) ? 'ws' : null;
  }
  if (kind === 'undici') return binding.exportName === 'WebSocket' ? 'undici' : null;
  return null;
}

/**
 * Whether the file runs in a browser, for the global `WebSocket`: `'auto'` says yes when the configured
 * globals include `window` but not `process` (a browser-only ESLint configuration).
 */
export function globalIsBrowser(
  sourceCode: Readonly<TSESLint.SourceCode>,
  environment: GlobalEnvironment,
): boolean {
  if (environment !== 'auto') return environment === 'browser';
  const globals = sourceCode.scopeManager?.globalScope?.set;
  if (globals === undefined) return false;
  return globals.has('window') && !globals.has('process');
}

function globalKind(
  sourceCode: Readonly<TSESLint.SourceCode>,
  environment: GlobalEnvironment,
): ImplementationKind {
  return globalIsBrowser(sourceCode, environment) ? 'browser' : 'global';
}

/** The implementation a type's declaration belongs to, through typescript-eslint's type information. */
function implementationOfType(
  information: TypeInformation | null,
  node: TSESTree.Node,
): ImplementationKind | null {
  if (information === null) return null;
  for (const file of declarationFilesOfType(information, node)) {
    const kind = implementationOfDeclarationFile(file);
    if (kind === 'ws' || kind === 'undici' || kind === 'browser') return kind;
  }
  return null;
}

/**
 * The WebSocket implementation a `new` callee constructs: from the file's imports and requires first,
 * the global `WebSocket` next, and the callee's type (typescript-eslint type information) when the class
 * came in another way (a re-export, a factory, a parameter). `null` when it is not a known client class.
 *
 * @param context - the rule context
 * @param callee - the callee of a `NewExpression`
 * @param environment - where a global `WebSocket` runs
 */
export function implementationOfCallee(
  context: AnyContext,
  callee: TSESTree.Node,
  environment: GlobalEnvironment,
): ImplementationKind | null {
  const { sourceCode } = context;
  const node = unwrap(callee);
  if (node.type === 'Identifier') {
    if (node.name !== 'WebSocket' && cannotBeImplementationBinding(sourceCode, node)) {
      return implementationOfType(typeInformationOf(context), node);
    }
    const variable = variableOf(sourceCode, node);
    if (variable === null || (variable.defs.length === 0 && variable.scope.type === 'global')) {
      return node.name === 'WebSocket' ? globalKind(sourceCode, environment) : null;
    }
    const binding = moduleBindingOfVariable(variable);
    if (binding !== null && implementationOfModule(binding.module) !== null) return clientOfBinding(binding);
    return implementationOfType(typeInformationOf(context), node);
  }
  if (node.type === 'MemberExpression') {
    const property = keyName(node);
    const object = unwrap(node.object);
    if (property !== 'WebSocket') return implementationOfType(typeInformationOf(context), node);
    if (object.type === 'Identifier') {
      if (isGlobalReference(sourceCode, object)) {
        if (BROWSER_GLOBAL_OBJECTS.includes(object.name)) return 'browser';
        if (ANY_GLOBAL_OBJECTS.includes(object.name)) return globalKind(sourceCode, environment);
        return null;
      }
      const variable = variableOf(sourceCode, object);
      const binding = variable === null ? null : moduleBindingOfVariable(variable);
      if (binding !== null && implementationOfModule(binding.module) !== null) {
        // `import * as undici from 'undici'; new undici.WebSocket()`, `require('ws').WebSocket` alike.
        const whole =
          binding.exportName === '*' || (binding.exportName === 'default' && binding.module === 'ws');
        return whole ? implementationOfModule(binding.module) : null;
      }
    }
    return implementationOfType(typeInformationOf(context), node);
  }
  return null;
}

/**
 * Whether a `new` callee constructs a ws server: `WebSocketServer` or `Server` from ws, or
 * `WebSocket.Server` on ws's default export or `require('ws')`.
 */
export function isWsServerCallee(context: AnyContext, callee: TSESTree.Node): boolean {
  const { sourceCode } = context;
  const node = unwrap(callee);
  if (node.type === 'Identifier') {
    // Without type information only a binding to ws can make it a server: skip the lookup when none can.
    if (cannotBeImplementationBinding(sourceCode, node) && typeInformationOf(context) === null) return false;
    const variable = variableOf(sourceCode, node);
    const binding = variable === null ? null : moduleBindingOfVariable(variable);
    if (binding !== null)
      return binding.module === 'ws' && WS_SERVER_EXPORT_NAMES.includes(binding.exportName);
  } else if (node.type === 'MemberExpression') {
    const property = keyName(node);
    const object = unwrap(node.object);
    if (property !== null && WS_SERVER_EXPORT_NAMES.includes(property) && object.type === 'Identifier') {
      const variable = variableOf(sourceCode, object);
      const binding = variable === null ? null : moduleBindingOfVariable(variable);
      if (binding !== null) {
        return (
          binding.module === 'ws' &&
          (binding.exportName === '*' || CLIENT_EXPORT_NAMES.includes(binding.exportName))
        );
      }
    }
  }
  const information = typeInformationOf(context);
  if (information === null) return false;
  const files = declarationFilesOfType(information, node);
  const type = information.services.getTypeAtLocation(node);
  const name = (type.getSymbol() ?? type.aliasSymbol)?.getName();
  return (
    (name === 'WebSocketServer' || name === 'Server') &&
    files.some((file) => implementationOfDeclarationFile(file) === 'ws')
  );
}
