import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import plugin, { configs, meta, rules } from './index.js';

const manifest = createRequire(import.meta.url)('../package.json') as { name: string; version: string };
const NAMES = [
  'no-ignored-handshake-options',
  'no-legacy-header-options',
  'no-request-target-as-url',
  'no-spoofable-client-address',
  'no-undecoded-message',
];

describe('the plugin object', () => {
  test('has the rule names of the architecture, and named exports equal to its parts', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(NAMES);
    expect(rules).toBe(plugin.rules);
    expect(configs).toBe(plugin.configs);
    expect(meta).toEqual({ name: manifest.name, version: manifest.version });
  });

  test.each(NAMES)('%s: docs URL, description and a docs page that exists', async (name) => {
    const rule = plugin.rules[name as keyof typeof plugin.rules];
    expect(rule.meta?.docs?.url).toBe(
      `https://github.com/ws-compat/ws-compat/blob/main/packages/eslint-plugin/docs/rules/${name}.md`,
    );
    expect(rule.meta?.docs?.description).toMatch(/^Disallow /);
    const { readFile } = await import('node:fs/promises');
    const page = await readFile(new URL(`../docs/rules/${name}.md`, import.meta.url), 'utf8');
    expect(page).toContain('## Rule details');
    expect(page).toMatch(/Examples of \*\*incorrect\*\* code/);
    expect(page).toMatch(/Examples of \*\*correct\*\* code/);
  });

  test('recommended: errors except the two rules with possible false positives; strict: all errors', () => {
    expect(configs.recommended.plugins?.['@ws-compat']).toBe(plugin);
    expect(configs.recommended.rules).toEqual({
      '@ws-compat/no-ignored-handshake-options': 'error',
      '@ws-compat/no-legacy-header-options': 'error',
      '@ws-compat/no-request-target-as-url': 'warn',
      '@ws-compat/no-spoofable-client-address': 'warn',
      '@ws-compat/no-undecoded-message': 'error',
    });
    expect(Object.values(configs.strict.rules ?? {})).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(Object.keys(configs.strict.rules ?? {})).toEqual(NAMES.map((name) => `@ws-compat/${name}`));
  });
});
