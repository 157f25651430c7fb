import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { expect, test } from 'vitest';
import plugin from './index.js';

const project = fileURLToPath(new URL('./_test/fixtures/project/', import.meta.url));

test('ESLint with configs.recommended on a small project reports exactly the silent failures', async () => {
  const eslint = new ESLint({
    cwd: project,
    overrideConfigFile: true,
    overrideConfig: [plugin.configs.recommended],
  });
  const results = await eslint.lintFiles(['src/**/*.js']);
  const reports = results
    .flatMap((result) =>
      result.messages.map((message) => ({
        file: result.filePath.slice(project.length).replaceAll('\\', '/'),
        line: message.line,
        column: message.column,
        rule: message.ruleId,
        severity: message.severity,
        messageId: message.messageId,
      })),
    )
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  expect(reports).toEqual([
    {
      file: 'src/client.js',
      line: 5,
      column: 45,
      rule: '@ws-compat/no-ignored-handshake-options',
      severity: 2,
      messageId: 'thirdArgument',
    },
    {
      file: 'src/client.js',
      line: 9,
      column: 31,
      rule: '@ws-compat/no-ignored-handshake-options',
      severity: 2,
      messageId: 'wsProtocolsOption',
    },
    {
      file: 'src/client.js',
      line: 9,
      column: 52,
      rule: '@ws-compat/no-legacy-header-options',
      severity: 2,
      messageId: 'legacyName',
    },
    {
      file: 'src/server.js',
      line: 8,
      column: 16,
      rule: '@ws-compat/no-request-target-as-url',
      severity: 1,
      messageId: 'urlWithBase',
    },
    {
      file: 'src/server.js',
      line: 9,
      column: 14,
      rule: '@ws-compat/no-spoofable-client-address',
      severity: 1,
      messageId: 'firstHop',
    },
    {
      file: 'src/server.js',
      line: 12,
      column: 9,
      rule: '@ws-compat/no-undecoded-message',
      severity: 2,
      messageId: 'comparedToString',
    },
  ]);
  expect(results.map((result) => result.fatalErrorCount)).toEqual([0, 0, 0]);
});

test('configs.strict reports the same places, every one as an error', async () => {
  const eslint = new ESLint({
    cwd: project,
    overrideConfigFile: true,
    overrideConfig: [plugin.configs.strict],
  });
  const results = await eslint.lintFiles(['src/**/*.js']);
  const severities = results.flatMap((result) => result.messages.map((message) => message.severity));
  expect(severities).toEqual([2, 2, 2, 2, 2, 2]);
});
