// A client child: one client implementation under its runtime, running attempts sent over IPC.
import { createRequire } from 'node:module';
import { clientAdapters } from '../clients/index.js';
import { readPackageVersion } from '../package-version.js';
import { captureConsoleWarnings, describeError, performAttempt, WarningLog } from './attempt.js';
import { runConnection, thrownInfo } from './connection.js';
import { withCallShape } from './native-node-clients.js';
import type {
  AttemptOutcome,
  AttemptSpec,
  ConnectionOutcome,
  ConnectionSpec,
  FromClientChild,
  ImplementationInfo,
  ToClientChild,
} from './protocol.js';

function send(message: FromClientChild): void {
  process.send?.(message);
}

interface Runner {
  info: ImplementationInfo;
  attempt(spec: AttemptSpec): Promise<AttemptOutcome>;
  /** one connection script (connection scenarios) */
  connection(spec: ConnectionSpec): Promise<ConnectionOutcome>;
  alive(): Promise<boolean>;
  close(): Promise<void>;
}

function failedRunner(info: ImplementationInfo): Runner {
  return {
    info,
    attempt: () => Promise.reject(new Error(info.loadError ?? 'not loaded')),
    connection: () => Promise.reject(new Error(info.loadError ?? 'not loaded')),
    alive: async () => true,
    close: async () => {},
  };
}

async function startRunner(selector: string): Promise<Runner> {
  const runtime = `node@${process.versions.node}`;
  const adapter = clientAdapters.find((candidate) => candidate.selector === selector);
  if (adapter === undefined)
    return failedRunner({ version: '', runtime, loadError: `unknown client ${selector}` });
  if (adapter.runtime.kind === 'browser') {
    const { startBrowserClient } = await import('./browser-driver.js');
    try {
      const browser = await startBrowserClient(adapter.selector);
      return {
        info: { version: browser.version, runtime: browser.runtime, loadError: null },
        attempt: browser.attempt,
        // the page runs the same script (dist/browser/connection.mjs) with the browser's WebSocket
        connection: browser.connection,
        alive: browser.alive,
        close: browser.close,
      };
    } catch (error) {
      return failedRunner({
        version: '',
        runtime,
        loadError: `${adapter.selector} did not start: ${describeError(error, false).message}`,
      });
    }
  }
  const version =
    adapter.packageName === undefined
      ? process.versions.node
      : readPackageVersion(createRequire(import.meta.url), adapter.packageName);
  const log = new WarningLog();
  process.on('warning', (warning) => log.add(`${warning.name}: ${warning.message}`));
  captureConsoleWarnings(log);
  let impl: unknown;
  try {
    impl = await adapter.load?.();
  } catch (error) {
    return failedRunner({
      version,
      runtime,
      loadError: `loading ${selector} failed: ${describeError(error, false).message}`,
    });
  }
  if (typeof impl !== 'function') {
    return failedRunner({ version, runtime, loadError: `${selector} has no WebSocket class on ${runtime}` });
  }
  return {
    info: { version, runtime, loadError: null },
    attempt: (spec) => performAttempt(impl, withCallShape(selector, spec), log),
    connection: (spec) => runConnection(impl, spec),
    alive: async () => true,
    close: async () => {},
  };
}

async function main(): Promise<void> {
  const runner = await startRunner(process.argv[2] ?? '');
  process.on('message', (message: ToClientChild) => {
    if (message.type === 'exit') {
      runner.close().finally(() => process.exit(0));
    } else if (message.type === 'ping') {
      runner.alive().then((alive) => {
        if (alive) send({ type: 'pong', id: message.id });
      });
    } else if (message.type === 'connection') {
      runner.connection(message.spec).then(
        (outcome) => send({ type: 'connection-result', id: message.id, outcome }),
        (error: unknown) =>
          send({
            type: 'connection-result',
            id: message.id,
            outcome: {
              events: [],
              readyStates: [],
              closed: null,
              finalReadyState: -1,
              setupError: { ...thrownInfo(error), name: 'DriverError' },
              timedOut: null,
              durationMs: 0,
            },
          }),
      );
    } else if (message.type === 'attempt') {
      const spec = message.spec;
      // a Node client goes through header-options: it takes the options, never a native spec
      const attempt =
        'options' in spec
          ? runner.attempt(spec)
          : Promise.reject(new Error('a Node client child got a native attempt spec (no options)'));
      attempt.then(
        (outcome) => send({ type: 'result', id: message.id, outcome }),
        (error: unknown) =>
          send({
            type: 'result',
            id: message.id,
            outcome: {
              opened: false,
              protocol: null,
              echoed: null,
              error: { ...describeError(error, false), name: 'DriverError' },
              warnings: [],
              durationMs: 0,
            },
          }),
      );
    }
  });
  process.on('disconnect', () => {
    runner.close().finally(() => process.exit(0));
  });
  send({ type: 'ready', info: runner.info });
}

main().catch((error: unknown) => {
  process.stderr.write(`client child failed: ${String(error)}\n`);
  process.exit(1);
});
