import { transformSource } from '../transform.js';
import type { TransformResult } from '../types.js';

/**
 * ws 7 -> 8 on one file's text: decodes text messages and close reasons where handlers use them as
 * strings, `WebSocket.Server` -> `WebSocketServer`, `ws.upgradeReq` -> the connection's `req`.
 *
 * @throws {CodemodError} `PARSE_ERROR` when `source` does not parse.
 */
export function ws8(source: string, filePath: string): TransformResult {
  return transformSource('ws8', source, filePath);
}

/**
 * Raw client constructor shapes and legacy header option names -> `createWebSocket(WebSocket, url, options)`.
 *
 * @throws {CodemodError} `PARSE_ERROR` when `source` does not parse.
 */
export function clientOptions(source: string, filePath: string): TransformResult {
  return transformSource('client-options', source, filePath);
}

/**
 * Request-target query parsing (`new URL(req.url, base).searchParams`, `url.parse(req.url, true).query`, ...) -> `parseQuery(req)`.
 *
 * @throws {CodemodError} `PARSE_ERROR` when `source` does not parse.
 */
export function requestQuery(source: string, filePath: string): TransformResult {
  return transformSource('request-query', source, filePath);
}

/**
 * First `X-Forwarded-For` hop reads -> `contextOf(ws, req).client.address` where a context is at hand; notes elsewhere.
 *
 * @throws {CodemodError} `PARSE_ERROR` when `source` does not parse.
 */
export function clientAddress(source: string, filePath: string): TransformResult {
  return transformSource('client-address', source, filePath);
}
