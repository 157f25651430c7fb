// The client page every browser loads: it imports the built ESM of header-options (and of
// @ws-compat/socket for connection scripts) through an import map, runs the shared attempt code with the
// browser's own WebSocket, and talks to the driver over page-server.ts's long poll.

/**
 * The page's module script: asks GET /next for calls, runs each one without waiting for the others,
 * and POSTs `{ value }` or `{ error }` to /answer?id=N. A 410 from /next means the driver is done.
 */
const PAGE_SCRIPT = `
import { WarningLog, captureConsoleWarnings, performAttempt } from '/attempt.mjs';
const log = new WarningLog();
captureConsoleWarnings(log);
const handlers = {
  attempt: (spec) => performAttempt(WebSocket, spec, log),
  // loaded on first use: the handshake attempts never need @ws-compat/socket
  connection: async (spec) => (await import('/connection.mjs')).runConnection(WebSocket, spec),
  ping: async () => 'pong',
};
const post = (id, body) =>
  fetch('/answer?id=' + id, { method: 'POST', body: JSON.stringify(body) }).catch(() => {});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
for (;;) {
  let calls;
  try {
    const response = await fetch('/next', { cache: 'no-store' });
    if (response.status === 410) break;
    calls = await response.json();
  } catch {
    await pause(50);
    continue;
  }
  for (const call of calls) {
    const handler = handlers[call.type];
    Promise.resolve()
      .then(() => (handler === undefined ? Promise.reject(new Error('no handler for ' + call.type)) : handler(call.spec)))
      .then(
        (value) => post(call.id, { value }),
        (error) => post(call.id, { error: String((error && error.stack) || error) }),
      );
  }
}
`;

/** The page's HTML, with `imports` (bare specifier -> URL path) as its import map. */
export function clientPage(imports: Readonly<Record<string, string>>): string {
  return `<!doctype html>
<meta charset="utf-8">
<title>ws-compat conformance client</title>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">${PAGE_SCRIPT}</script>`;
}
