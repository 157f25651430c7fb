import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  isInlineFunction,
  keyName,
  parameterOf,
  parentOf,
  staticString,
  unwrap,
  variableOf,
} from '../_ast.js';
import { fileImportsModule, fileImportsName } from '../_bindings.js';
import { implementationOfCallee, isWsServerCallee } from '../_implementation.js';
import { createRule } from '../_rule.js';
import { declarationFilesOfType, typeInformationOf } from '../_types.js';
import { rangeAllowsWs8, wsVersionRange } from '../_ws-version.js';
import {
  implementationOfDeclarationFile,
  LISTENER_METHODS,
  STRING_ONLY_METHODS,
  TEXT_HINTS,
  textMayContain,
  WS_MODULE_ONLY,
  WS8_BUFFER_PAYLOADS,
} from '../patterns.js';

type MessageIds = 'comparedToString' | 'stringMethod' | 'switchOnString' | 'decode';

export interface NoUndecodedMessageOptions {
  /** The ws version or range to lint against instead of the nearest package.json's `ws` dependency. */
  wsVersion?: string;
}

const PAYLOAD_NAMES: Record<string, string> = { message: 'the message', close: 'the close reason' };

export const noUndecodedMessage = createRule<MessageIds, [NoUndecodedMessageOptions]>({
  name: 'no-undecoded-message',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow using a ws 8 `message` payload or `close` reason as a string without decoding it',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          wsVersion: { type: 'string', description: 'ws version or semver range; overrides package.json' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      comparedToString:
        'ws 8 hands {{payload}} to a `{{event}}` listener as a Buffer, not a string: `{{code}}` is never true. Decode it first ({{decode}}), or wrap the socket with `wrapSocket` from @ws-compat/socket.',
      stringMethod:
        'ws 8 hands {{payload}} to a `{{event}}` listener as a Buffer, not a string: `{{code}}` {{consequence}}. Decode it first ({{decode}}), or wrap the socket with `wrapSocket` from @ws-compat/socket.',
      switchOnString:
        'ws 8 hands {{payload}} to a `{{event}}` listener as a Buffer, not a string: `switch ({{name}})` matches no string case. Decode it first ({{decode}}), or wrap the socket with `wrapSocket` from @ws-compat/socket.',
      decode: 'Decode: `{{name}}.toString()`.',
    },
  },
  defaultOptions: [{}],
  create(context, [options]) {
    const { sourceCode } = context;
    // Nothing in the text can take this shape (with type information a class may come in under any name).
    if (
      !textMayContain(sourceCode.text, TEXT_HINTS['no-undecoded-message']) &&
      typeInformationOf(context) === null
    )
      return {};
    let ws8: boolean | undefined;

    /** Whether this file is linted against ws 8: the option, package.json, or an import only ws 8 has. */
    function isWs8(): boolean {
      if (ws8 !== undefined) return ws8;
      const version = wsVersionRange(context.physicalFilename, options.wsVersion);
      ws8 =
        version !== null
          ? rangeAllowsWs8(version.range)
          : fileImportsName(sourceCode, 'ws', 'WebSocketServer');
      return ws8;
    }

    /** Whether an expression is a variable initialised with `new <ws server>()`. */
    function isWsServer(node: TSESTree.Node): boolean {
      const inner = unwrap(node);
      if (inner.type === 'NewExpression') return isWsServerCallee(context, inner.callee);
      if (inner.type !== 'Identifier') return false;
      const definition = variableOf(sourceCode, inner)?.defs[0];
      if (definition?.type !== 'Variable' || definition.node.init === null) return false;
      const init = unwrap(definition.node.init);
      return init.type === 'NewExpression' && isWsServerCallee(context, init.callee);
    }

    /** Whether an expression is a ws socket: typed as ws's WebSocket, or built by ws in this file. */
    function isWsSocket(node: TSESTree.Node): boolean {
      const inner = unwrap(node);
      const information = typeInformationOf(context);
      if (information !== null) {
        const flags = information.services.getTypeAtLocation(inner).getFlags();
        if ((flags & 3) === 0) {
          return declarationFilesOfType(information, inner).some(
            (file) => implementationOfDeclarationFile(file) === 'ws',
          );
        }
      }
      if (inner.type !== 'Identifier') return false;
      const variable = variableOf(sourceCode, inner);
      if (variable === null) return false;
      const definition = variable.defs[0];
      if (definition?.type === 'Variable') {
        const init = definition.node.init === null ? null : unwrap(definition.node.init);
        return (
          init?.type === 'NewExpression' && implementationOfCallee(context, init.callee, 'node') === 'ws'
        );
      }
      const parameter = parameterOf(variable);
      if (parameter === null || parameter.index !== 0) return false;
      // wss.on('connection', (ws) => ...) or wss.handleUpgrade(req, socket, head, (ws) => ...)
      const call = parameter.fn.parent;
      if (call?.type !== 'CallExpression') return false;
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression') return false;
      const method = keyName(callee);
      if (method === 'handleUpgrade') return isWsServer(callee.object);
      if (method === null || !LISTENER_METHODS.includes(method)) return false;
      return staticString(call.arguments[0]) === 'connection' && isWsServer(callee.object);
    }

    /** Whether the listener already tells Buffers from strings (`Buffer.isBuffer(data)`, `typeof data`, `instanceof`). */
    function checksType(variable: TSESLint.Scope.Variable): boolean {
      for (const reference of variable.references) {
        const parent = parentOf(reference.identifier);
        if (parent?.type === 'UnaryExpression' && parent.operator === 'typeof') return true;
        if (parent?.type === 'BinaryExpression' && parent.operator === 'instanceof') return true;
        if (parent?.type === 'CallExpression' && parent.callee.type === 'MemberExpression') {
          const name = keyName(parent.callee);
          if (name === 'isBuffer' || name === 'isView') return true;
        }
      }
      return false;
    }

    function checkListener(
      event: string,
      fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression,
    ): void {
      const payload = WS8_BUFFER_PAYLOADS[event];
      if (payload === undefined) return;
      const param = fn.params[payload.index];
      if (param?.type !== 'Identifier') return;
      const variable = sourceCode.getDeclaredVariables(fn).find((candidate) => candidate.name === param.name);
      if (variable === undefined || checksType(variable)) return;
      if (variable.references.some((reference) => reference.isWrite())) return;
      const isBinary = fn.params[1];
      const decode =
        event === 'message'
          ? `\`${param.name}.toString()\` for text; \`${isBinary?.type === 'Identifier' ? isBinary.name : 'isBinary'} ? ${param.name} : ${param.name}.toString()\` to keep binary`
          : `\`${param.name}.toString()\``;
      const base = { payload: PAYLOAD_NAMES[event] ?? 'the payload', event, decode, name: param.name };
      for (const reference of variable.references) {
        const identifier = reference.identifier as TSESTree.Identifier;
        const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [
          {
            messageId: 'decode',
            data: { name: param.name },
            fix: (fixer) => fixer.replaceText(identifier, `${param.name}.toString()`),
          },
        ];
        const parent = parentOf(identifier);
        if (parent === undefined) continue;
        if (
          parent.type === 'BinaryExpression' &&
          ['===', '!==', '==', '!='].includes(parent.operator) &&
          staticString(unwrap(parent.left) === identifier ? parent.right : parent.left) !== null
        ) {
          context.report({
            node: parent,
            messageId: 'comparedToString',
            data: { ...base, code: sourceCode.getText(parent) },
            suggest,
          });
        } else if (parent.type === 'MemberExpression' && unwrap(parent.object) === identifier) {
          const method = keyName(parent);
          const call = parentOf(parent);
          if (method === null || !STRING_ONLY_METHODS.includes(method)) continue;
          if (call?.type !== 'CallExpression' || unwrap(call.callee) !== parent) continue;
          const consequence =
            method === 'at' ? 'gives a byte (a number), not a character' : 'throws a TypeError';
          context.report({
            node: call,
            messageId: 'stringMethod',
            data: { ...base, code: `${param.name}.${method}()`, consequence },
            suggest,
          });
        } else if (parent.type === 'SwitchStatement' && unwrap(parent.discriminant) === identifier) {
          if (!parent.cases.some((switchCase) => staticString(switchCase.test) !== null)) continue;
          context.report({ node: parent.discriminant, messageId: 'switchOnString', data: base, suggest });
        }
      }
    }

    const wsInFile = fileImportsModule(sourceCode, WS_MODULE_ONLY) || typeInformationOf(context) !== null;

    return {
      CallExpression(node) {
        if (!wsInFile) return;
        const callee = node.callee;
        if (callee.type !== 'MemberExpression') return;
        const method = keyName(callee);
        if (method === null || !LISTENER_METHODS.includes(method)) return;
        const event = staticString(node.arguments[0]);
        const listener = node.arguments[1];
        if (event === null || !Object.hasOwn(WS8_BUFFER_PAYLOADS, event) || !isInlineFunction(listener))
          return;
        if (!isWs8() || !isWsSocket(callee.object)) return;
        checkListener(event, listener);
      },
    };
  },
});
