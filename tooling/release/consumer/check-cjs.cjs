// The consumer's CommonJS entry: the packages loaded through their "require" condition.
'use strict';

const { runBehaviourChecks } = require('./behaviour-checks.cjs');

const loaded = {
  headerOptions: require('@ws-compat/header-options'),
  queryParams: require('@ws-compat/query-params'),
  connectionContext: require('@ws-compat/connection-context'),
  socket: require('@ws-compat/socket'),
};
for (const name of [
  '@ws-compat/header-options',
  '@ws-compat/query-params',
  '@ws-compat/connection-context',
  '@ws-compat/socket',
]) {
  const file = require.resolve(name);
  if (!file.endsWith('.cjs') && !file.endsWith('.js')) {
    process.stdout.write(
      `${JSON.stringify({ package: name, check: 'require() loads CommonJS', ok: false, problem: `require resolved ${file}` })}\n`,
    );
    process.exitCode = 1;
  }
}
if (!runBehaviourChecks(loaded)) process.exitCode = 1;
