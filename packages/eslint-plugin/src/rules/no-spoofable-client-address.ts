import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { keyName, parentOf, staticString, unwrap } from '../_ast.js';
import { ensureNamedImport } from '../_fix.js';
import { createRule } from '../_rule.js';
import {
  HEADER_GETTER_METHODS,
  isAddressName,
  isForwardingHeaderName,
  isHopListHeader,
  isTrustDecisionName,
  TEXT_HINTS,
  textMayContain,
} from '../patterns.js';

type MessageIds = 'firstHop' | 'headerAsAddress' | 'useConnectionContext';

const CONNECTION_CONTEXT_MODULE = '@ws-compat/connection-context';

interface HeaderRead {
  /** The header name as written. */
  header: string;
  /** The request the header belongs to (`req` in `req.headers['x-forwarded-for']`), when it is visible. */
  request: TSESTree.Node | null;
}

/** `<request>.headers['x-forwarded-for']`, `<request>.headers.forwarded`, `<request>.get('X-Real-IP')`. */
function headerReadOf(node: TSESTree.Node): HeaderRead | null {
  if (node.type === 'MemberExpression') {
    const header = keyName(node);
    if (header === null || !isForwardingHeaderName(header)) return null;
    const headers = unwrap(node.object);
    if (headers.type === 'Identifier') return headers.name === 'headers' ? { header, request: null } : null;
    if (headers.type !== 'MemberExpression' || keyName(headers) !== 'headers') return null;
    return { header, request: unwrap(headers.object) };
  }
  if (node.type === 'CallExpression') {
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression') return null;
    const method = keyName(callee);
    const header = staticString(node.arguments[0]);
    if (method === null || !HEADER_GETTER_METHODS.includes(method) || header === null) return null;
    if (!isForwardingHeaderName(header)) return null;
    const owner = unwrap(callee.object);
    // request.headers.get('x-forwarded-for') (Fetch) or req.get('x-forwarded-for') (Express, Koa).
    if (owner.type === 'MemberExpression' && keyName(owner) === 'headers')
      return { header, request: unwrap(owner.object) };
    if (owner.type === 'Identifier' && owner.name === 'headers') return { header, request: null };
    return { header, request: owner };
  }
  return null;
}

/** Climbs over `(read || '')`, `(read ?? '')`, `String(read)` and type assertions to the expression used. */
function usedExpression(read: TSESTree.Node): TSESTree.Node {
  let current = read;
  for (;;) {
    const parent = parentOf(current);
    if (parent === undefined) return current;
    if (
      parent.type === 'LogicalExpression' &&
      parent.left === unwrapOuter(current) &&
      staticString(parent.right) !== null
    ) {
      current = parent;
      continue;
    }
    if (
      parent.type === 'CallExpression' &&
      parent.callee.type === 'Identifier' &&
      parent.callee.name === 'String' &&
      parent.arguments.length === 1
    ) {
      current = parent;
      continue;
    }
    if (
      parent.type === 'TemplateLiteral' &&
      parent.expressions.length === 1 &&
      parent.quasis.every((q) => q.value.cooked === '')
    ) {
      current = parent;
      continue;
    }
    return current;
  }
}

/** The outermost wrapper (`x!`, `x as T`, `a?.b`) around a node, which is what its parent holds. */
function unwrapOuter(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent != null &&
    (current.parent.type === 'TSNonNullExpression' ||
      current.parent.type === 'TSAsExpression' ||
      current.parent.type === 'TSSatisfiesExpression' ||
      current.parent.type === 'ChainExpression')
  ) {
    current = current.parent;
  }
  return current;
}

/** Whether a node is `<x>[0]`, `<x>.shift()` or `<x>.at(0)` on `object`: the first element. */
function firstElementOf(object: TSESTree.Node): TSESTree.Node | null {
  const parent = parentOf(object);
  if (parent?.type !== 'MemberExpression' || unwrap(parent.object) !== unwrap(object)) return null;
  if (parent.computed) {
    const index = unwrap(parent.property);
    return index.type === 'Literal' && index.value === 0 ? parent : null;
  }
  const method = keyName(parent);
  const call = parentOf(parent);
  if (call?.type !== 'CallExpression' || unwrap(call.callee) !== parent) return null;
  if (method === 'shift' && call.arguments.length === 0) return call;
  if (method === 'at' && call.arguments.length === 1) {
    const index = unwrap(call.arguments[0] as TSESTree.Node);
    return index.type === 'Literal' && index.value === 0 ? call : null;
  }
  return null;
}

/** `const [first] = <array>` or `[first] = <array>`: the pattern, when `array` is destructured. */
function destructuredFirst(array: TSESTree.Node): TSESTree.ArrayPattern | null {
  const parent = parentOf(array);
  if (
    parent?.type === 'VariableDeclarator' &&
    parent.id.type === 'ArrayPattern' &&
    parent.id.elements[0] != null
  ) {
    return parent.id;
  }
  if (
    parent?.type === 'AssignmentExpression' &&
    parent.left.type === 'ArrayPattern' &&
    parent.left.elements[0] != null
  ) {
    return parent.left;
  }
  return null;
}

/** The name the value is stored under (`const ip = v`, `{ clientIp: v }`, `ctx.ip = v`), else `null`. */
function storedUnder(value: TSESTree.Node): string | null {
  const parent = parentOf(value);
  if (parent === undefined) return null;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'Property' && parent.value === unwrapOuter(value)) return keyName(parent);
  if (parent.type === 'AssignmentExpression' && parent.right === unwrapOuter(value)) {
    const left = parent.left;
    if (left.type === 'Identifier') return left.name;
    if (left.type === 'MemberExpression') return keyName(left);
  }
  if (parent.type === 'LogicalExpression' && (parent.operator === '||' || parent.operator === '??')) {
    // `header || req.socket.remoteAddress`: a fallback to the socket address makes it the address.
    const other = parent.left === unwrapOuter(value) ? parent.right : parent.left;
    const otherName = memberTail(other);
    if (otherName !== null && isAddressName(otherName)) return otherName;
    return storedUnder(parent);
  }
  return null;
}

function memberTail(node: TSESTree.Node): string | null {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') return keyName(inner);
  return null;
}

export const noSpoofableClientAddress = createRule<MessageIds, []>({
  name: 'no-spoofable-client-address',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow taking the client address from `X-Forwarded-For`, `X-Real-IP` or `Forwarded` without a trust decision',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      firstHop:
        'The first hop of `{{header}}` is whatever the client wrote: anyone can send `{{header}}: 1.2.3.4`, and a proxy appends to it. Take the address from the hop your trusted proxy wrote: `buildConnectionContext(req, { trustProxy }).client.address` from @ws-compat/connection-context.',
      headerAsAddress:
        '`{{header}}` is used as the client address without checking who sent it: a client that reaches the server directly, or through a proxy that passes the header on, chooses it. Use `buildConnectionContext(req, { trustProxy }).client.address` from @ws-compat/connection-context.',
      useConnectionContext:
        'Replace with `buildConnectionContext({{request}}).client.address` (the socket address until you set `trustProxy`).',
    },
  },
  defaultOptions: [],
  create(context) {
    const { sourceCode } = context;
    // Nothing in the text can take this shape: no listeners for this file.
    if (!textMayContain(sourceCode.text, TEXT_HINTS['no-spoofable-client-address'])) return {};

    /** Whether an enclosing condition mentions a trust decision or the socket address. */
    function insideTrustDecision(node: TSESTree.Node): boolean {
      for (let current = node.parent; current != null; current = current.parent) {
        let test: TSESTree.Node | null = null;
        if (current.type === 'IfStatement' || current.type === 'ConditionalExpression') test = current.test;
        else if (current.type === 'LogicalExpression' && current.operator === '&&') test = current.left;
        if (test !== null) {
          for (const token of sourceCode.getTokens(test)) {
            if (
              token.type === 'Identifier' &&
              (isTrustDecisionName(token.value) || token.value === 'remoteAddress')
            ) {
              return true;
            }
          }
        }
        if (
          current.type === 'FunctionDeclaration' ||
          current.type === 'FunctionExpression' ||
          current.type === 'ArrowFunctionExpression'
        ) {
          return false;
        }
      }
      return false;
    }

    function suggest(
      read: HeaderRead,
      replaced: TSESTree.Node,
      replacement: (text: string) => string,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      if (read.request === null) return [];
      const request = sourceCode.getText(read.request);
      const value = `buildConnectionContext(${request}).client.address`;
      return [
        {
          messageId: 'useConnectionContext',
          data: { request },
          fix: (fixer) => {
            const fixes = [fixer.replaceText(replaced, replacement(value))];
            const importFix = ensureNamedImport(
              fixer,
              sourceCode,
              'buildConnectionContext',
              CONNECTION_CONTEXT_MODULE,
            );
            if (importFix !== null) fixes.push(importFix);
            return fixes;
          },
        },
      ];
    }

    /** Reports `<list>[0]`, `<list>.shift()` or `<list>.at(0)` as the first hop; whether it did. */
    function reportFirstElement(read: HeaderRead, list: TSESTree.Node): boolean {
      const first = firstElementOf(list);
      if (first === null) return false;
      context.report({
        node: first,
        messageId: 'firstHop',
        data: { header: read.header },
        suggest: suggest(read, first, (v) => v),
      });
      return true;
    }

    function check(node: TSESTree.MemberExpression | TSESTree.CallExpression): void {
      const read = headerReadOf(node);
      if (read === null || insideTrustDecision(node)) return;
      const used = usedExpression(node);
      const data = { header: read.header };
      if (isHopListHeader(read.header)) {
        // <read>.split(',')[0] | .shift() | .at(0) | const [first] = <read>.split(',')
        const parent = parentOf(used);
        if (parent?.type === 'MemberExpression' && keyName(parent) === 'split') {
          const call = parentOf(parent);
          if (call?.type === 'CallExpression' && unwrap(call.callee) === parent) {
            if (reportFirstElement(read, call)) return;
            const pattern = destructuredFirst(call);
            if (pattern !== null) {
              const declarator = pattern.parent;
              const only = pattern.elements.length === 1 && pattern.elements[0]?.type === 'Identifier';
              const canFix = only && declarator?.type === 'VariableDeclarator';
              context.report({
                node: pattern,
                messageId: 'firstHop',
                data,
                suggest:
                  canFix && declarator !== undefined
                    ? suggest(
                        read,
                        declarator,
                        (v) => `${sourceCode.getText(pattern.elements[0] as TSESTree.Node)} = ${v}`,
                      )
                    : [],
              });
              return;
            }
          }
        }
        if (reportFirstElement(read, used)) return;
      }
      const name = storedUnder(used);
      if (name !== null && isAddressName(name)) {
        context.report({
          node: used,
          messageId: 'headerAsAddress',
          data,
          suggest: suggest(read, node, (v) => v),
        });
      }
    }

    return {
      MemberExpression: check,
      CallExpression: check,
    };
  },
});
