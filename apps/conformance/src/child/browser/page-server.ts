// The loopback server a browser client's page comes from, and the page's only channel to the driver:
// the page long-polls GET /next for calls (attempts, connection scripts, pings) and POSTs each answer to
// /answer?id=N. Every browser is driven the same way, whatever automation opened the page, and calls
// run concurrently in the page.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { clientPage } from './page.js';

/** A call into the page: `type` picks the page's handler, `spec` is its JSON argument. */
export interface PageCall {
  type: 'attempt' | 'connection' | 'ping';
  spec: unknown;
}

/** What the page serves: module URL prefixes mapped to folders, and single files. */
export interface PageFiles {
  /** e.g. `/header-options/` -> header-options' `dist` folder */
  folders: Readonly<Record<string, string>>;
  /** e.g. `/attempt.mjs` -> the built attempt module */
  files: Readonly<Record<string, string>>;
  /** the import map of the page: bare specifier -> URL path */
  imports: Readonly<Record<string, string>>;
}

export interface PageServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** resolves when the page asked for its first call (its modules loaded) */
  ready(timeoutMs: number): Promise<void>;
  /**
   * Runs a call in the page; rejects when the page throws, or after `timeoutMs` without an answer
   * (the page hung or is gone).
   */
  call<T>(call: PageCall, timeoutMs: number): Promise<T>;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.map': 'application/json',
};
/** how long GET /next is held open before an empty answer (the page asks again at once) */
const POLL_HOLD_MS = 15_000;
/** the largest answer body the page may post (a connection outcome is a few KiB) */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * The file a request path names, or null: a listed file, or a file inside a listed folder (never
 * outside it, whatever `..` the path holds).
 */
export function resolvePagePath(files: PageFiles, path: string): string | null {
  const file = files.files[path];
  if (file !== undefined) return file;
  for (const [prefix, folder] of Object.entries(files.folders)) {
    if (!path.startsWith(prefix)) continue;
    const candidate = normalize(join(folder, decodeURIComponent(path.slice(prefix.length))));
    return candidate.startsWith(folder + sep) ? candidate : null;
  }
  return null;
}

/** Starts the page server on 127.0.0.1 (a free port). */
export async function startPageServer(files: PageFiles): Promise<PageServer> {
  const page = clientPage(files.imports);
  interface Pending {
    resolve(value: unknown): void;
    reject(error: Error): void;
    timer: NodeJS.Timeout;
  }
  const pending = new Map<number, Pending>();
  const queue: { id: number; type: PageCall['type']; spec: unknown }[] = [];
  let poll: ServerResponse | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  let closed = false;
  let onReady: (() => void) | null = null;
  let isReady = false;

  const flush = (): void => {
    if (poll === null || (queue.length === 0 && !closed)) return;
    const response = poll;
    poll = null;
    if (pollTimer !== null) clearTimeout(pollTimer);
    response.writeHead(closed ? 410 : 200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
    response.end(JSON.stringify(queue.splice(0)));
  };

  const answer = (req: IncomingMessage, res: ServerResponse, id: number): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      res.writeHead(204).end();
      const waiting = pending.get(id);
      if (waiting === undefined) return;
      pending.delete(id);
      clearTimeout(waiting.timer);
      if (size > MAX_ANSWER_BYTES) {
        waiting.reject(new Error(`the page's answer to call ${id} is over ${MAX_ANSWER_BYTES} bytes`));
        return;
      }
      let body: { value?: unknown; error?: string };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        waiting.reject(new Error(`the page's answer to call ${id} is not JSON`));
        return;
      }
      if (typeof body.error === 'string') waiting.reject(new Error(`in the page: ${body.error}`));
      else waiting.resolve(body.value);
    });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
      return;
    }
    if (url.pathname === '/next' && req.method === 'GET') {
      if (!isReady) {
        isReady = true;
        onReady?.();
      }
      // one poll at a time: a newer one replaces an older one, which gets an empty answer
      if (poll !== null) poll.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      poll = res;
      if (pollTimer !== null) clearTimeout(pollTimer);
      pollTimer = setTimeout(() => {
        if (poll !== res) return;
        poll = null;
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      }, POLL_HOLD_MS);
      res.on('close', () => {
        if (poll === res) poll = null;
      });
      flush();
      return;
    }
    if (url.pathname === '/answer' && req.method === 'POST') {
      answer(req, res, Number(url.searchParams.get('id')));
      return;
    }
    const file = resolvePagePath(files, url.pathname);
    const type = file === null ? undefined : CONTENT_TYPES[file.slice(file.lastIndexOf('.'))];
    if (file === null || type === undefined) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/`,
    ready: (timeoutMs) =>
      isReady
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`the page did not load within ${timeoutMs} ms`)),
              timeoutMs,
            );
            onReady = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
    call: <T>(call: PageCall, timeoutMs: number) =>
      new Promise<T>((resolve, reject) => {
        if (closed) {
          reject(new Error('the page server is closed'));
          return;
        }
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`the page did not answer ${call.type} call ${id} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        queue.push({ id, type: call.type, spec: call.spec });
        flush();
      }),
    close: async () => {
      closed = true;
      flush();
      for (const [id, waiting] of pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`the page server closed before call ${id} was answered`));
      }
      pending.clear();
      if (pollTimer !== null) clearTimeout(pollTimer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
