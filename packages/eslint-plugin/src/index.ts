import type { ESLint, Linter, Rule } from 'eslint';
import packageJson from '../package.json' with { type: 'json' };
import { ruleModules } from './rules/index.js';

/** The names of the plugin's rules, without the `@ws-compat/` prefix. */
export type RuleName =
  | 'no-ignored-handshake-options'
  | 'no-legacy-header-options'
  | 'no-request-target-as-url'
  | 'no-spoofable-client-address'
  | 'no-undecoded-message';

/** The plugin object: `meta`, `rules` and the flat configs `recommended` and `strict`. */
export interface WsCompatPlugin extends ESLint.Plugin {
  meta: { name: string; version: string };
  rules: Record<RuleName, Rule.RuleModule>;
  configs: { recommended: Linter.Config; strict: Linter.Config };
}

// typescript-eslint's rule type and ESLint's describe the same object with different declarations.
const rules = ruleModules as unknown as Record<RuleName, Rule.RuleModule>;

/** Severities of `configs.recommended`: errors, except where a false positive is possible (see each rule's docs). */
const recommendedRules: Record<`@ws-compat/${RuleName}`, Linter.RuleSeverity> = {
  '@ws-compat/no-ignored-handshake-options': 'error',
  '@ws-compat/no-legacy-header-options': 'error',
  '@ws-compat/no-request-target-as-url': 'warn',
  '@ws-compat/no-spoofable-client-address': 'warn',
  '@ws-compat/no-undecoded-message': 'error',
};

const strictRules: Record<`@ws-compat/${RuleName}`, Linter.RuleSeverity> = {
  '@ws-compat/no-ignored-handshake-options': 'error',
  '@ws-compat/no-legacy-header-options': 'error',
  '@ws-compat/no-request-target-as-url': 'error',
  '@ws-compat/no-spoofable-client-address': 'error',
  '@ws-compat/no-undecoded-message': 'error',
};

const configs = {} as WsCompatPlugin['configs'];

/**
 * The ESLint plugin `@ws-compat/eslint-plugin` (ESLint 9 flat config):
 * `import wsCompat from '@ws-compat/eslint-plugin'; export default [wsCompat.configs.recommended];`
 */
const plugin: WsCompatPlugin = {
  meta: { name: packageJson.name, version: packageJson.version },
  rules,
  configs,
};

configs.recommended = {
  name: '@ws-compat/recommended',
  plugins: { '@ws-compat': plugin },
  rules: recommendedRules,
};
configs.strict = { name: '@ws-compat/strict', plugins: { '@ws-compat': plugin }, rules: strictRules };

export { configs, rules };
export const meta: WsCompatPlugin['meta'] = plugin.meta;
export default plugin;
