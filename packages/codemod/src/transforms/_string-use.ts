import type { ASTPath, JSCodeshift } from 'jscodeshift';
import {
  isIdentifier,
  isStringish,
  memberName,
  memberObject,
  type Node,
  referencesIn,
  stringValue,
} from '../_ast.js';
import { isStringOnlyMethod } from '../patterns.js';

/** How a handler uses a value that ws 7 gave as a string and ws 8 gives as a Buffer. */
export interface StringUse {
  /** A use that is wrong on a Buffer: a comparison with a string, a string method, `JSON.parse`, ... */
  readonly asString: boolean;
  /** The name is redeclared inside the body, so references cannot be told apart safely. */
  readonly shadowed: boolean;
}

const EQUALITY = new Set(['===', '!==', '==', '!=']);

/** Reads every reference to `name` in `body` and reports whether one of them treats it as a string. */
export function stringUseOf(j: JSCodeshift, body: Node, name: string): StringUse {
  const { paths, shadowed } = referencesIn(j, body, name);
  return { asString: paths.some((path) => usedAsString(path)), shadowed };
}

function usedAsString(path: ASTPath): boolean {
  let child = path;
  let parentPath = path.parent as ASTPath | null;
  // `(data as string)`, `data!`: look through TypeScript wrappers.
  while (
    parentPath !== null &&
    ['TSAsExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ParenthesizedExpression'].includes(
      (parentPath.node as Node).type,
    )
  ) {
    child = parentPath;
    parentPath = parentPath.parent as ASTPath | null;
  }
  if (parentPath === null) return false;
  const parent = parentPath.node as Node;
  const self = child.node as Node;
  switch (parent.type) {
    case 'BinaryExpression': {
      const binary = parent as Node & { operator: string; left: Node; right: Node };
      const other = binary.left === self ? binary.right : binary.left;
      if (EQUALITY.has(binary.operator) || binary.operator === '+') return isStringish(other);
      return false;
    }
    case 'UnaryExpression': {
      // typeof data === 'string'
      if ((parent as Node & { operator: string }).operator !== 'typeof') return false;
      const comparison = parentPath.parent?.node as Node | undefined;
      if (comparison?.type !== 'BinaryExpression') return false;
      const binary = comparison as Node & { left: Node; right: Node };
      return stringValue(binary.left) === 'string' || stringValue(binary.right) === 'string';
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      if ((parent as Node & { object: Node }).object !== self) return false;
      const method = memberName(parent);
      return method !== undefined && isStringOnlyMethod(method);
    }
    case 'TemplateLiteral':
      return true;
    case 'CallExpression': {
      const call = parent as Node & { callee: Node; arguments: Node[] };
      if (call.arguments[0] !== self) return false;
      const callee = call.callee;
      return memberName(callee) === 'parse' && isIdentifier(memberObject(callee), 'JSON');
    }
    case 'SwitchStatement': {
      const statement = parent as Node & { discriminant: Node; cases: { test: Node | null }[] };
      return (
        statement.discriminant === self && statement.cases.some((c) => c.test !== null && isStringish(c.test))
      );
    }
    default:
      return false;
  }
}
