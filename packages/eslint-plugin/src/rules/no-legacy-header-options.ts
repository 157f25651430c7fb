import type { TSESTree } from '@typescript-eslint/utils';
import { keyName, resolveObject, unwrap, variableOf } from '../_ast.js';
import { moduleBindingOfVariable, textMentionsModule } from '../_bindings.js';
import { implementationOfCallee } from '../_implementation.js';
import { createRule } from '../_rule.js';
import {
  HEADER_OPTIONS_FUNCTIONS,
  HEADER_OPTIONS_MODULE,
  HEADER_OPTIONS_MODULE_ONLY,
  isLegacyHeaderOptionName,
  TEXT_HINTS,
  textMayContain,
} from '../patterns.js';

type MessageIds = 'legacyName' | 'deprecatedName' | 'mergeNeeded';

export const noLegacyHeaderOptions = createRule<MessageIds, []>({
  name: 'no-legacy-header-options',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow `extraHeaders`, `extra_headers`, `additionalHeaders` and `additional_headers` in WebSocket client options',
    },
    fixable: 'code',
    schema: [],
    messages: {
      legacyName:
        '`{{name}}` is not a WebSocket client option: ws and undici ignore it and send no header ({{callee}}). Name it `headers`.',
      deprecatedName:
        '`{{name}}` is a deprecated alias of `headers` in {{callee}} (a deprecation warning at run time). Name it `headers`.',
      mergeNeeded:
        '`{{name}}` is a legacy header option name ({{callee}}): merge it into `headers` by hand (not fixed automatically: the object has `headers` or another legacy name already, or a computed key).',
    },
  },
  defaultOptions: [],
  create(context) {
    const { sourceCode } = context;
    // Nothing in the text can take this shape: no listeners for this file.
    if (!textMayContain(sourceCode.text, TEXT_HINTS['no-legacy-header-options'])) return {};
    const mentionsShim = textMentionsModule(sourceCode, HEADER_OPTIONS_MODULE_ONLY);

    /** Whether a call is `createWebSocket`, `connect` or `toConstructorArgs` from @ws-compat/header-options. */
    function headerOptionsFunction(callee: TSESTree.Node): string | null {
      const node = unwrap(callee);
      if (node.type === 'Identifier') {
        const variable = variableOf(sourceCode, node);
        const binding = variable === null ? null : moduleBindingOfVariable(variable);
        if (
          binding?.module === HEADER_OPTIONS_MODULE &&
          HEADER_OPTIONS_FUNCTIONS.includes(binding.exportName)
        ) {
          return binding.exportName;
        }
        return null;
      }
      if (node.type === 'MemberExpression' && node.object.type === 'Identifier') {
        const name = keyName(node);
        const variable = variableOf(sourceCode, node.object);
        const binding = variable === null ? null : moduleBindingOfVariable(variable);
        if (binding?.module === HEADER_OPTIONS_MODULE && binding.exportName === '*' && name !== null) {
          return HEADER_OPTIONS_FUNCTIONS.includes(name) ? name : null;
        }
      }
      return null;
    }

    function checkObject(object: TSESTree.ObjectExpression, callee: string, viaShim: boolean): void {
      const legacy: TSESTree.Property[] = [];
      let hasHeaders = false;
      for (const property of object.properties) {
        if (property.type !== 'Property') continue;
        const name = keyName(property);
        if (name === 'headers') hasHeaders = true;
        else if (name !== null && isLegacyHeaderOptionName(name)) legacy.push(property);
      }
      const fixable = legacy.length === 1 && !hasHeaders;
      for (const property of legacy) {
        const name = keyName(property) as string;
        if (!fixable || property.computed) {
          context.report({ node: property.key, messageId: 'mergeNeeded', data: { name, callee } });
          continue;
        }
        context.report({
          node: property.key,
          messageId: viaShim ? 'deprecatedName' : 'legacyName',
          data: { name, callee },
          fix: (fixer) =>
            property.shorthand
              ? fixer.replaceText(property, `headers: ${sourceCode.getText(property.value)}`)
              : fixer.replaceText(property.key, 'headers'),
        });
      }
    }

    return {
      NewExpression(node) {
        if (implementationOfCallee(context, node.callee, 'auto') === null) return;
        const callee = `new ${sourceCode.getText(node.callee)}()`;
        for (const argument of node.arguments.slice(1, 3)) {
          const object = resolveObject(sourceCode, argument);
          if (object !== null) checkObject(object, callee, false);
        }
      },
      CallExpression(node) {
        if (!mentionsShim) return;
        const name = headerOptionsFunction(node.callee);
        if (name === null) return;
        const object = resolveObject(sourceCode, node.arguments[2]);
        if (object !== null) checkObject(object, `${name}()`, true);
      },
    };
  },
});
