import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** Strips what does not change a value: `x!`, `x as T`, `x satisfies T`, `<T>x`, and `a?.b` chains. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSNonNullExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The parent of a node, skipping the wrappers `unwrap` strips. */
export function parentOf(node: TSESTree.Node): TSESTree.Node | undefined {
  let parent = node.parent;
  while (
    parent != null &&
    (parent.type === 'TSNonNullExpression' ||
      parent.type === 'TSAsExpression' ||
      parent.type === 'TSSatisfiesExpression' ||
      parent.type === 'TSTypeAssertion' ||
      parent.type === 'ChainExpression')
  ) {
    parent = parent.parent;
  }
  // Program's parent is null under espree and undefined under typescript-eslint: one answer for both.
  return parent ?? undefined;
}

/** The value of a string literal or a template literal without expressions, else `null`. */
export function staticString(node: TSESTree.Node | null | undefined): string | null {
  if (node === null || node === undefined) return null;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) {
    return inner.quasis[0]?.value.cooked ?? null;
  }
  return null;
}

/** The static name of a property key (`a`, `'a'`, `['a']`), else `null`. */
export function keyName(node: TSESTree.Property | TSESTree.MemberExpression): string | null {
  const key = node.type === 'Property' ? node.key : node.property;
  if (!node.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return null;
  return staticString(key);
}

/** `object.name` or `object['name']` with a static name: the name, else `null`. */
export function memberName(node: TSESTree.Node): string | null {
  const inner = unwrap(node);
  return inner.type === 'MemberExpression' ? keyName(inner) : null;
}

/** Whether a node is the call `require('<string>')`; returns the string. */
export function requireSource(node: TSESTree.Node | null | undefined): string | null {
  if (node === null || node === undefined) return null;
  const inner = unwrap(node);
  if (
    inner.type === 'CallExpression' &&
    inner.callee.type === 'Identifier' &&
    inner.callee.name === 'require' &&
    inner.arguments.length === 1
  ) {
    return staticString(inner.arguments[0]);
  }
  return null;
}

/** Finds the variable a name refers to from a scope, walking out to the global scope. */
export function findVariable(scope: TSESLint.Scope.Scope, name: string): TSESLint.Scope.Variable | null {
  let current: TSESLint.Scope.Scope | null = scope;
  while (current !== null) {
    const variable = current.set.get(name);
    if (variable !== undefined) return variable;
    current = current.upper;
  }
  return null;
}

/** The variable an identifier refers to, seen from the identifier's own scope. */
export function variableOf(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): TSESLint.Scope.Variable | null {
  return findVariable(sourceCode.getScope(identifier), identifier.name);
}

/** Whether an identifier refers to an undeclared or configured global (no declaration in the file). */
export function isGlobalReference(
  sourceCode: Readonly<TSESLint.SourceCode>,
  identifier: TSESTree.Identifier,
): boolean {
  const variable = variableOf(sourceCode, identifier);
  return variable === null || (variable.defs.length === 0 && variable.scope.type === 'global');
}

/**
 * The object literal an argument stands for: the literal itself, or the `const` it was assigned to in this
 * file (never reassigned). `null` when it cannot be known statically.
 */
export function resolveObject(
  sourceCode: Readonly<TSESLint.SourceCode>,
  node: TSESTree.Node | undefined,
): TSESTree.ObjectExpression | null {
  if (node === undefined) return null;
  const inner = unwrap(node);
  if (inner.type === 'ObjectExpression') return inner;
  if (inner.type !== 'Identifier') return null;
  const variable = variableOf(sourceCode, inner);
  const definition = variable?.defs[0];
  if (variable === null || variable === undefined || variable.defs.length !== 1 || definition === undefined) {
    return null;
  }
  if (definition.type !== 'Variable' || definition.parent.kind !== 'const') return null;
  const init = definition.node.init;
  if (init === null || definition.node.id.type !== 'Identifier') return null;
  const value = unwrap(init);
  return value.type === 'ObjectExpression' ? value : null;
}

/** The property of an object literal with a static key name, else `undefined`. */
export function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  for (const property of object.properties) {
    if (property.type === 'Property' && keyName(property) === name) return property;
  }
  return undefined;
}

/** The function whose parameter list declares `identifier`, with the parameter's index. */
export function parameterOf(
  variable: TSESLint.Scope.Variable,
): { fn: TSESTree.FunctionLike; index: number } | null {
  const definition = variable.defs[0];
  if (variable.defs.length !== 1 || definition === undefined || definition.type !== 'Parameter') return null;
  const fn = definition.node;
  if (
    fn.type !== 'ArrowFunctionExpression' &&
    fn.type !== 'FunctionExpression' &&
    fn.type !== 'FunctionDeclaration'
  ) {
    return null;
  }
  const index = fn.params.findIndex((param) => {
    const target = param.type === 'AssignmentPattern' ? param.left : param;
    return target.type === 'Identifier' && target.name === variable.name;
  });
  return index === -1 ? null : { fn, index };
}

/** Whether a node is a function expression or arrow function (a listener written inline). */
export function isInlineFunction(
  node: TSESTree.Node | undefined,
): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression {
  return (
    node !== undefined && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression')
  );
}
