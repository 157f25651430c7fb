// The generated project the benchmark lints: 2,000 files of five kinds, as a service that speaks
// WebSocket has them. `node bench/project.mjs <dir> [files]` writes one for profiling.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Five kinds of file, as a service that speaks WebSocket has them: most code is not WebSocket code. */
export const templates = [
  (n) => `import { WebSocketServer } from 'ws';
import { parseQuery } from '@ws-compat/query-params';

const wss${n} = new WebSocketServer({ noServer: true });
wss${n}.on('connection', (ws, req) => {
  const room = parseQuery(req).get('room') ?? 'lobby';
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? data : data.toString();
    if (text === 'ping') ws.send('pong');
    else broadcast${n}(room, text);
  });
  ws.on('close', (code, reason) => log${n}(code, reason.toString()));
});
function broadcast${n}(room, text) {
  for (const client of wss${n}.clients) if (client.room === room) client.send(text);
}
function log${n}(code, reason) {
  console.log('closed', code, reason);
}
export { wss${n} };
`,
  (n) => `import { WebSocket } from 'undici';
import WsClient from 'ws';

export function open${n}(url, token) {
  const a = new WebSocket(url, { protocols: ['chat'], headers: { authorization: 'Bearer ' + token } });
  const b = new WsClient(url, ['chat'], { headers: { authorization: 'Bearer ' + token } });
  const c = new WebSocket(url, ['chat'], { headers: { 'x-id': '${n}' } }); // ignored third argument
  const d = new WsClient(url, { protocols: ['chat'], extraHeaders: { 'x-id': '${n}' } });
  return [a, b, c, d];
}
`,
  (n) => `import http from 'node:http';

export const server${n} = http.createServer((req, res) => {
  const query = new URL(req.url, 'http://localhost').searchParams;
  const ip = req.headers['x-forwarded-for']?.split(',')[0] ?? req.socket.remoteAddress;
  console.log('forwarded', req.headers['x-forwarded-for']);
  const page = Number(query.get('page') ?? '1');
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ page, ip, at: Date.now() }));
});
`,
  (n) => `export class Cart${n} {
  #items = new Map();
  add(sku, quantity = 1) {
    const current = this.#items.get(sku) ?? 0;
    this.#items.set(sku, current + quantity);
    return this;
  }
  remove(sku) {
    this.#items.delete(sku);
    return this;
  }
  total(prices) {
    let sum = 0;
    for (const [sku, quantity] of this.#items) {
      const price = prices[sku];
      if (price === undefined) throw new Error('no price for ' + sku);
      sum += price * quantity;
    }
    return Math.round(sum * 100) / 100;
  }
  toJSON() {
    return Object.fromEntries(this.#items);
  }
}
export function format${n}(value, currency = 'EUR') {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(value);
}
`,
  (n) => `import { EventEmitter } from 'node:events';

export const bus${n} = new EventEmitter();
bus${n}.on('message', (message) => {
  if (message === 'stop') process.exitCode = 0;
  const parts = String(message).split(':');
  return parts.map((part) => part.trim()).filter(Boolean);
});
export async function retry${n}(task, attempts = 3) {
  let last;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt));
    }
  }
  throw last;
}
`,
];

/**
 * Writes `count` files under `<root>/src` (rotating through the templates) and a package.json declaring ws 8.
 *
 * @param {string} root - an empty directory
 * @param {number} count - how many files
 */
export function writeProject(root, count) {
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ type: 'module', dependencies: { ws: '^8.18.0' } }),
  );
  for (let index = 0; index < count; index++) {
    const template = templates[index % templates.length];
    writeFileSync(join(root, 'src', `file-${index}.js`), template(index));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeProject(process.argv[2], Number(process.argv[3] ?? 2000));
}
