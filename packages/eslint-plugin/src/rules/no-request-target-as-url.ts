import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isGlobalReference, keyName, parentOf, staticString, unwrap, variableOf } from '../_ast.js';
import { moduleBindingOfVariable, textMentionsModule } from '../_bindings.js';
import { ensureNamedImport } from '../_fix.js';
import { requestOfTarget } from '../_request.js';
import { createRule } from '../_rule.js';
import { typeInformationOf } from '../_types.js';
import {
  QUERYSTRING_MODULES,
  TEXT_HINTS,
  textMayContain,
  URL_AND_QUERYSTRING_MODULES,
  URL_MODULES,
} from '../patterns.js';

type MessageIds = 'urlWithBase' | 'urlParse' | 'splitQuery' | 'useParseQuery';

const QUERY_PARAMS_MODULE = '@ws-compat/query-params';

export const noRequestTargetAsUrl = createRule<MessageIds, []>({
  name: 'no-request-target-as-url',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow parsing a request target (`req.url`) as a URL or splitting it by hand to read the query',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      urlWithBase:
        "`new URL({{target}}, base)` reads a request target as a URL reference: a target starting with `//` replaces the base's host (`//evil/x` gives host `evil`), and one like `//:/x` throws. Read the query with `parseQuery({{request}})` from @ws-compat/query-params.",
      urlParse:
        'The legacy `url.parse({{target}})` gives a query whose values are a string or an array depending on the request (`?a=1&a=2`), and is deprecated. Read the query with `parseQuery({{request}})` from @ws-compat/query-params.',
      splitQuery:
        "`{{target}}.split('?')[1]` keeps the `#fragment` in the last value and drops everything after a second `?`. Read the query with `parseQuery({{request}})` from @ws-compat/query-params.",
      useParseQuery: 'Replace with `{{replacement}}` (imported from @ws-compat/query-params).',
    },
  },
  defaultOptions: [],
  create(context) {
    const { sourceCode } = context;
    // Nothing in the text can take this shape (with type information a class may come in under any name).
    if (
      !textMayContain(sourceCode.text, TEXT_HINTS['no-request-target-as-url']) &&
      typeInformationOf(context) === null
    )
      return {};
    // Without 'url' or 'querystring' quoted somewhere, no parse() of theirs can be bound in this file.
    const mentionsParsers = textMentionsModule(sourceCode, URL_AND_QUERYSTRING_MODULES);

    /** The global `URL`/`URLSearchParams`, or the same class imported from `url` (`import { URL } from 'node:url'`). */
    function isGlobalNamed(node: TSESTree.Node, name: string): boolean {
      const callee = unwrap(node);
      if (callee.type !== 'Identifier') return false;
      if (callee.name === name) return isGlobalReference(sourceCode, callee) || importedFromUrl(callee, name);
      return mentionsParsers && importedFromUrl(callee, name);
    }

    function importedFromUrl(callee: TSESTree.Identifier, name: string): boolean {
      if (!mentionsParsers) return false;
      const variable = variableOf(sourceCode, callee);
      const binding = variable === null ? null : moduleBindingOfVariable(variable);
      return binding !== null && URL_MODULES.includes(binding.module) && binding.exportName === name;
    }

    /** Whether a callee is `parse` of one of the modules (`url.parse`, `parse` imported, `require('url').parse`). */
    function isModuleParse(callee: TSESTree.Node, modules: readonly string[]): boolean {
      if (!mentionsParsers) return false;
      const node = unwrap(callee);
      if (node.type === 'Identifier') {
        const variable = variableOf(sourceCode, node);
        const binding = variable === null ? null : moduleBindingOfVariable(variable);
        return binding !== null && modules.includes(binding.module) && binding.exportName === 'parse';
      }
      if (node.type !== 'MemberExpression' || keyName(node) !== 'parse') return false;
      const object = unwrap(node.object);
      if (object.type === 'CallExpression') {
        return (
          object.callee.type === 'Identifier' &&
          object.callee.name === 'require' &&
          modules.includes(staticString(object.arguments[0]) ?? '')
        );
      }
      if (object.type !== 'Identifier') return false;
      const variable = variableOf(sourceCode, object);
      const binding = variable === null ? null : moduleBindingOfVariable(variable);
      return (
        binding !== null &&
        modules.includes(binding.module) &&
        (binding.exportName === '*' || binding.exportName === 'default')
      );
    }

    /** `<request>.url.split('?')[1]`: the request, else `null`. */
    function splitTargetRequest(node: TSESTree.Node | undefined): TSESTree.Node | null {
      if (node === undefined) return null;
      const index = unwrap(node);
      if (index.type !== 'MemberExpression' || !index.computed) return null;
      const property = unwrap(index.property);
      if (property.type !== 'Literal' || property.value !== 1) return null;
      const call = unwrap(index.object);
      if (call.type !== 'CallExpression' || staticString(call.arguments[0]) !== '?') return null;
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression' || keyName(callee) !== 'split') return null;
      return requestOfTarget(context, callee.object);
    }

    function suggestion(
      replaced: TSESTree.Node,
      request: TSESTree.Node,
      suffix: string,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const replacement = `parseQuery(${sourceCode.getText(request)})${suffix}`;
      return [
        {
          messageId: 'useParseQuery',
          data: { replacement },
          fix: (fixer) => {
            const fixes = [fixer.replaceText(replaced, replacement)];
            const importFix = ensureNamedImport(fixer, sourceCode, 'parseQuery', QUERY_PARAMS_MODULE);
            if (importFix !== null) fixes.push(importFix);
            return fixes;
          },
        },
      ];
    }

    /** `new URLSearchParams(<request>.url.split('?')[1])` or `querystring.parse(...)` of the same. */
    function reportSplitQuery(node: TSESTree.NewExpression | TSESTree.CallExpression, suffix: string): void {
      const request = splitTargetRequest(node.arguments[0]);
      if (request === null) return;
      context.report({
        node,
        messageId: 'splitQuery',
        data: { target: `${sourceCode.getText(request)}.url`, request: sourceCode.getText(request) },
        suggest: suggestion(node, request, suffix),
      });
    }

    return {
      NewExpression(node) {
        if (isGlobalNamed(node.callee, 'URL') && node.arguments.length >= 2) {
          const request = requestOfTarget(context, node.arguments[0]);
          if (request === null) return;
          const parent = parentOf(node);
          const readsQuery =
            parent?.type === 'MemberExpression' &&
            parent.object === node &&
            keyName(parent) === 'searchParams';
          context.report({
            node,
            messageId: 'urlWithBase',
            data: { target: sourceCode.getText(node.arguments[0]), request: sourceCode.getText(request) },
            suggest: readsQuery ? suggestion(parent, request, '') : [],
          });
          return;
        }
        if (isGlobalNamed(node.callee, 'URLSearchParams')) reportSplitQuery(node, '');
      },
      CallExpression(node) {
        if (isModuleParse(node.callee, URL_MODULES)) {
          const request = requestOfTarget(context, node.arguments[0]);
          if (request === null) return;
          const parent = parentOf(node);
          const readsQuery =
            parent?.type === 'MemberExpression' &&
            parent.object === node &&
            keyName(parent) === 'query' &&
            unwrap(node.arguments[1] ?? node).type === 'Literal' &&
            staticString(node.arguments[1]) === null &&
            (unwrap(node.arguments[1] ?? node) as TSESTree.Literal).value === true;
          context.report({
            node,
            messageId: 'urlParse',
            data: { target: sourceCode.getText(node.arguments[0]), request: sourceCode.getText(request) },
            suggest: readsQuery ? suggestion(parent, request, '.toObject()') : [],
          });
          return;
        }
        if (isModuleParse(node.callee, QUERYSTRING_MODULES)) reportSplitQuery(node, '.toObject()');
      },
    };
  },
});
