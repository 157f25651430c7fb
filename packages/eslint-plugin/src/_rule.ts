import type { TSESLint } from '@typescript-eslint/utils';

/** The repository page of a rule's documentation; `meta.docs.url` of every rule points here. */
export function ruleDocsUrl(name: string): string {
  return `https://github.com/ws-compat/ws-compat/blob/main/packages/eslint-plugin/docs/rules/${name}.md`;
}

/** What each rule's `meta.docs` holds besides the URL. */
export interface RuleDocs {
  description: string;
}

/** A rule of this plugin: typescript-eslint's rule shape, with the docs URL filled in from the name. */
export type WsCompatRule<MessageIds extends string, Options extends readonly unknown[]> = TSESLint.RuleModule<
  MessageIds,
  Options,
  RuleDocs
> & { name: string };

/**
 * Creates a rule with its `meta.docs.url` pointing at `docs/rules/<name>.md` in the repository.
 *
 * @param rule - the rule's name, meta (without the URL) and `create`
 */
export function createRule<MessageIds extends string, Options extends readonly unknown[]>(rule: {
  name: string;
  meta: Omit<TSESLint.RuleMetaData<MessageIds, RuleDocs, Options>, 'docs'> & { docs: RuleDocs };
  defaultOptions: Options;
  create: (
    context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
    options: Options,
  ) => TSESLint.RuleListener;
}): WsCompatRule<MessageIds, Options> {
  const { name, meta, defaultOptions, create } = rule;
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: ruleDocsUrl(name) }, defaultOptions },
    defaultOptions,
    create(context) {
      // Merge the user's first option object over the defaults (every rule here takes at most one). Without
      // options (the usual config) the defaults go in as they are: nothing is allocated per file.
      const userOptions = context.options[0];
      if (userOptions === undefined || defaultOptions.length === 0) return create(context, defaultOptions);
      const merged = [{ ...(defaultOptions[0] as object), ...(userOptions as object) }] as unknown as Options;
      return create(context, merged);
    },
  };
}
