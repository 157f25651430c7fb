import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findProperty, resolveObject, unwrap } from '../_ast.js';
import { removeProperty } from '../_fix.js';
import { type GlobalEnvironment, implementationOfCallee } from '../_implementation.js';
import { createRule } from '../_rule.js';
import { typeInformationOf } from '../_types.js';
import { rangeAllowsBelow, wsVersionRange } from '../_ws-version.js';
import {
  IGNORED_OPTION_KEYS,
  type ImplementationKind,
  TEXT_HINTS,
  textMayContain,
  WS_FIRST_VERSION_WITH_PROTOCOLS_OPTION,
} from '../patterns.js';

type MessageIds =
  | 'wsProtocolsOption'
  | 'wsProtocolsOptionUnknownVersion'
  | 'wsProtocolsBesideArgument'
  | 'wsHeadersObject'
  | 'thirdArgument'
  | 'ignoredKey'
  | 'browserHeaders'
  | 'moveProtocolsToArgument'
  | 'mergeIntoInit';

export interface NoIgnoredHandshakeOptionsOptions {
  /** The ws version or range to lint against instead of the nearest package.json's `ws` dependency. */
  wsVersion?: string;
  /** Where a global `WebSocket` runs; `'auto'` (default) says browser when the configured globals have `window` but not `process`. */
  environment?: GlobalEnvironment;
}

const LABELS: Record<ImplementationKind, string> = {
  ws: 'ws',
  undici: "undici's WebSocket",
  global: 'the global WebSocket (Node and browsers)',
  browser: "a browser's WebSocket",
};

/** `undefined` written as an argument counts as absent, as ws reads it. */
function isAbsent(node: TSESTree.Node | undefined): boolean {
  if (node === undefined) return true;
  const inner = unwrap(node);
  return inner.type === 'Identifier' && inner.name === 'undefined';
}

export const noIgnoredHandshakeOptions = createRule<MessageIds, [NoIgnoredHandshakeOptionsOptions]>({
  name: 'no-ignored-handshake-options',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow WebSocket constructor arguments that the imported implementation silently ignores',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          wsVersion: { type: 'string', description: 'ws version or semver range; overrides package.json' },
          environment: {
            type: 'string',
            enum: ['auto', 'node', 'browser'],
            description: 'where a global WebSocket runs',
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      wsProtocolsOption:
        'ws {{range}} ignores `protocols` in the options object (read only from ws 8.22.0): no subprotocol is offered. Pass them as the second argument: `new WebSocket(url, protocols, options)`.',
      wsProtocolsOptionUnknownVersion:
        'ws before 8.22.0 ignores `protocols` in the options object, and no ws version is declared for this file: pass them as the second argument, which every ws version reads: `new WebSocket(url, protocols, options)`.',
      wsProtocolsBesideArgument:
        'ws ignores `protocols` in the options object when a second argument is given: only the second argument is offered. Put every subprotocol in the second argument.',
      wsHeadersObject:
        'ws ignores a `{{constructor}}` as `headers` (it copies own enumerable keys only): no header is sent. Pass a plain object: `headers: Object.fromEntries({{constructorLower}})`.',
      thirdArgument:
        '{{implementation}} takes `(url, protocols | init)` and ignores a third argument: nothing in it reaches the handshake. Pass `{ protocols, headers }` as the second argument (undici, Node), or use `createWebSocket` from @ws-compat/header-options.',
      ignoredKey: '{{implementation}} ignores {{reason}}.',
      browserHeaders:
        "A browser's WebSocket cannot send handshake headers: `headers` is ignored. Send the credential as a subprotocol or a query parameter (`createWebSocket` from @ws-compat/header-options does this with `fallback`).",
      moveProtocolsToArgument: 'Move `protocols` to the second argument.',
      mergeIntoInit: 'Merge into one init object: `{ protocols, ...third }`.',
    },
  },
  defaultOptions: [{ environment: 'auto' }],
  create(context, [options]) {
    const { sourceCode } = context;
    // Nothing in the text can take this shape (with type information a class may come in under any name).
    if (
      !textMayContain(sourceCode.text, TEXT_HINTS['no-ignored-handshake-options']) &&
      typeInformationOf(context) === null
    )
      return {};
    const environment = options.environment ?? 'auto';

    function checkWs(node: TSESTree.NewExpression): void {
      const [, second, third] = node.arguments;
      const secondObject = resolveObject(sourceCode, second);
      const thirdObject = resolveObject(sourceCode, third);
      const optionsObject = secondObject ?? (isAbsent(second) ? thirdObject : null);
      if (secondObject === null && !isAbsent(second) && thirdObject !== null) {
        const protocols = findProperty(thirdObject, 'protocols');
        if (protocols !== undefined)
          context.report({ node: protocols, messageId: 'wsProtocolsBesideArgument' });
      } else if (optionsObject !== null) {
        const protocols = findProperty(optionsObject, 'protocols');
        if (protocols !== undefined) reportWsProtocolsOption(node, optionsObject, protocols);
      }
      for (const object of [secondObject, thirdObject]) {
        if (object === null) continue;
        const headers = findProperty(object, 'headers');
        const value = headers === undefined ? null : unwrap(headers.value);
        if (value?.type === 'NewExpression' && value.callee.type === 'Identifier') {
          const name = value.callee.name;
          if (name === 'Headers' || name === 'Map') {
            context.report({
              node: value,
              messageId: 'wsHeadersObject',
              data: { constructor: name, constructorLower: name === 'Map' ? 'map' : 'headers' },
            });
          }
        }
      }
    }

    function reportWsProtocolsOption(
      node: TSESTree.NewExpression,
      object: TSESTree.ObjectExpression,
      protocols: TSESTree.Property,
    ): void {
      const version = wsVersionRange(context.physicalFilename, options.wsVersion);
      if (version !== null && !rangeAllowsBelow(version.range, WS_FIRST_VERSION_WITH_PROTOCOLS_OPTION))
        return;
      const second = node.arguments[1];
      // The move is offered only on an inline literal in second position, where it is a pure text edit.
      const canMove = second !== undefined && unwrap(second) === object && !protocols.shorthand;
      const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = canMove
        ? [
            {
              messageId: 'moveProtocolsToArgument',
              fix: (fixer) => [
                fixer.insertTextBefore(second, `${sourceCode.getText(protocols.value)}, `),
                removeProperty(fixer, sourceCode, object, protocols),
              ],
            },
          ]
        : [];
      if (version === null) {
        context.report({ node: protocols, messageId: 'wsProtocolsOptionUnknownVersion', suggest });
      } else {
        context.report({
          node: protocols,
          messageId: 'wsProtocolsOption',
          data: { range: version.range },
          suggest,
        });
      }
    }

    function checkFetchStyle(node: TSESTree.NewExpression, kind: 'undici' | 'global' | 'browser'): void {
      const [, second, third] = node.arguments;
      const implementation = LABELS[kind];
      if (third !== undefined) {
        const thirdLiteral = unwrap(third);
        const canMerge =
          second !== undefined &&
          thirdLiteral.type === 'ObjectExpression' &&
          unwrap(second).type !== 'ObjectExpression' &&
          !isAbsent(second) &&
          node.arguments.length === 3;
        context.report({
          node: third,
          messageId: 'thirdArgument',
          data: { implementation },
          suggest:
            canMerge && thirdLiteral.type === 'ObjectExpression'
              ? [
                  {
                    messageId: 'mergeIntoInit',
                    fix: (fixer) => {
                      const rest = thirdLiteral.properties.map((property) => sourceCode.getText(property));
                      const merged = [`protocols: ${sourceCode.getText(second)}`, ...rest].join(', ');
                      return fixer.replaceTextRange([second.range[0], third.range[1]], `{ ${merged} }`);
                    },
                  },
                ]
              : [],
        });
      }
      const init = resolveObject(sourceCode, second);
      if (init === null) return;
      if (kind === 'browser') {
        const headers = findProperty(init, 'headers');
        if (headers !== undefined) context.report({ node: headers, messageId: 'browserHeaders' });
        return;
      }
      for (const [key, reason] of Object.entries(IGNORED_OPTION_KEYS[kind])) {
        const property = findProperty(init, key);
        if (property !== undefined) {
          context.report({ node: property, messageId: 'ignoredKey', data: { implementation, reason } });
        }
      }
    }

    return {
      NewExpression(node) {
        const kind = implementationOfCallee(context, node.callee, environment);
        if (kind === null) return;
        if (kind === 'ws') checkWs(node);
        else checkFetchStyle(node, kind);
      },
    };
  },
});
