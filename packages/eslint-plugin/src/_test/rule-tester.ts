import { fileURLToPath } from 'node:url';
import { RuleTester as TypedRuleTester } from '@typescript-eslint/rule-tester';
import { RuleTester } from 'eslint';
import { afterAll, describe, it } from 'vitest';

// Both testers create one vitest test per case.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;
TypedRuleTester.afterAll = afterAll;
TypedRuleTester.describe = describe;
TypedRuleTester.it = it;
TypedRuleTester.itOnly = it.only;

/** Absolute path of a fixture file (`fixtures/<dir>/<file>`) used as the linted file's name. */
export function fixture(path: string): string {
  return fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));
}

/** ESLint's own tester with its default parser (espree): plain JavaScript, ES modules. */
export const javascriptTester = new RuleTester({
  languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
});

/** ESLint's tester on CommonJS scripts. */
export const commonjsTester = new RuleTester({
  languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' },
});

/** typescript-eslint's tester with type information from `fixtures/typed` (its tsconfig and its `impl.ts`). */
export const typedTester = new TypedRuleTester({
  languageOptions: {
    parserOptions: {
      projectService: true,
      tsconfigRootDir: fixture('typed'),
    },
  },
});

/** The file typed cases are linted as (it exists, empty, so the project service knows it). */
export const typedFile = fixture('typed/file.ts');

/** One of this plugin's rules as ESLint's tester types it (the same object, typed by typescript-eslint). */
export function eslintRule(rule: object): import('eslint').Rule.RuleModule {
  return rule as import('eslint').Rule.RuleModule;
}

/**
 * One of this plugin's rules as typescript-eslint's tester types it: the tester (8.72) and the rules' types
 * (8.74) come from two releases of `@typescript-eslint/utils` whose AST types TypeScript cannot unify.
 */
export function typedRule(rule: object): Parameters<TypedRuleTester['run']>[1] {
  return rule as Parameters<TypedRuleTester['run']>[1];
}
