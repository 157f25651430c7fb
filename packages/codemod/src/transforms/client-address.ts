import type { ASTPath } from 'jscodeshift';
import {
  ensureImport,
  type FileContext,
  isCall,
  isFunction,
  isIdentifier,
  memberName,
  memberObject,
  type Node,
  nodesOf,
  note,
  stringValue,
  unwrap,
} from '../_ast.js';
import { isForwardingHeader, isHopSeparator, SHIM_MODULES } from '../patterns.js';
import { listenerCall } from './_listener.js';

/** `X.headers['x-forwarded-for']`, `X.headers.get(...)`, `X.get(...)`, `X.header(...)`: the header name and `X`. */
function headerRead(node: Node): { header: string; request: Node } | undefined {
  const value = unwrap(node);
  if (value.type === 'MemberExpression' || value.type === 'OptionalMemberExpression') {
    const header = memberName(value);
    const headers = memberObject(value);
    if (header === undefined || memberName(headers) !== 'headers' || !isForwardingHeader(header))
      return undefined;
    return { header: header.toLowerCase(), request: memberObject(headers) };
  }
  if (isCall(value) && value.arguments.length === 1) {
    const header = stringValue(value.arguments[0]);
    const method = memberName(value.callee);
    if (header === undefined || !isForwardingHeader(header)) return undefined;
    if (method === 'get' && memberName(memberObject(value.callee)) === 'headers') {
      return { header: header.toLowerCase(), request: memberObject(memberObject(value.callee)) };
    }
    if (method === 'get' || method === 'header')
      return { header: header.toLowerCase(), request: memberObject(value.callee) };
  }
  return undefined;
}

/** Climbs from a header read through `|| ''`, `String(...)`, `.split(',')`, `[0]` / `.shift()` / `.at(0)`, `.trim()`. */
function firstHopSite(path: ASTPath): ASTPath | undefined {
  let current = path;
  const up = () => {
    // Through `(x as string)`, `x!` and parentheses.
    let parent = current.parent as ASTPath | null;
    while (parent !== null && unwrap(parent.node as Node) !== parent.node) {
      current = parent;
      parent = current.parent as ASTPath | null;
    }
    return parent;
  };
  let parent = up();
  // Optional `(h || '')`, `(h ?? '')`, `String(h)`.
  if (parent !== null) {
    const node = parent.node as Node;
    if (
      node.type === 'LogicalExpression' &&
      (node as Node & { left: Node }).left === current.node &&
      stringValue((node as Node & { right: Node }).right) !== undefined
    ) {
      current = parent;
    } else if (isCall(node) && isIdentifier(node.callee, 'String') && node.arguments[0] === current.node) {
      current = parent;
    }
  }
  parent = up();
  if (parent === null || memberName(parent.node as Node) !== 'split') return undefined;
  const call = parent.parent as ASTPath | null;
  if (call === null || !isCall(call.node as Node)) return undefined;
  const separator = stringValue((call.node as Node & { arguments: Node[] }).arguments[0]);
  if (separator === undefined || !isHopSeparator(separator)) return undefined;
  const pick = call.parent as ASTPath | null;
  if (pick === null) return undefined;
  const pickNode = pick.node as Node & { computed?: boolean; property?: Node };
  let site: ASTPath | undefined;
  if (
    (pickNode.type === 'MemberExpression' || pickNode.type === 'OptionalMemberExpression') &&
    pickNode.computed === true &&
    (pickNode.property as Node & { value?: unknown }).value === 0
  ) {
    site = pick;
  } else {
    const method = memberName(pickNode);
    const invoke = pick.parent as ASTPath | null;
    if ((method === 'shift' || method === 'at') && invoke !== null && isCall(invoke.node as Node)) {
      const args = (invoke.node as Node & { arguments: Node[] }).arguments;
      if (
        method === 'shift'
          ? args.length === 0
          : (args[0] as (Node & { value?: unknown }) | undefined)?.value === 0
      ) {
        site = invoke;
      }
    }
  }
  if (site === undefined) return undefined;
  // Optional `.trim()`.
  const trim = site.parent as ASTPath | null;
  if (trim !== null && memberName(trim.node as Node) === 'trim' && isCall(trim.parent?.node as Node)) {
    return trim.parent as ASTPath;
  }
  return site;
}

/** The enclosing `connection` handler's socket and request names, when `request` is that request. */
function contextAtHand(path: ASTPath, request: Node): { socket: string; req: string } | undefined {
  let current = path.parent as ASTPath | null;
  while (current !== null) {
    const node = current.node as Node;
    if (isFunction(node)) {
      const callPath = current.parent as ASTPath | null;
      const call = callPath === null ? undefined : listenerCall(callPath);
      if (call?.event === 'connection' && call.handler === node) {
        const [socket, req] = node.params;
        if (!isIdentifier(socket) || !isIdentifier(req)) return undefined;
        if (isIdentifier(request, req.name)) return { socket: socket.name, req: req.name };
        return undefined;
      }
    }
    current = current.parent as ASTPath | null;
  }
  return undefined;
}

/**
 * Reads of the first `X-Forwarded-For` hop (spoofable) to `contextOf(ws, req).client.address` from
 * @ws-compat/connection-context, where the server attaches contexts and the read sits in its
 * `connection` handler; a note everywhere else.
 */
export function clientAddress(context: FileContext): void {
  const { j } = context;
  const attached = nodesOf(context, 'Identifier').some(
    (path) => (path.node as Node & { name: string }).name === 'withConnectionContext',
  );
  const reads: { path: ASTPath; header: string; request: Node }[] = [];
  nodesOf(
    context,
    'MemberExpression',
    'OptionalMemberExpression',
    'CallExpression',
    'OptionalCallExpression',
  ).forEach((path) => {
    const read = headerRead(path.node as Node);
    if (read !== undefined) reads.push({ path: path as ASTPath, ...read });
  });
  for (const { path, header, request } of reads) {
    const site = header === 'x-forwarded-for' ? firstHopSite(path) : undefined;
    if (site === undefined) {
      note(
        context,
        path.node as Node,
        `reads ${header}, which any client can set: take the address from buildConnectionContext(req, { trustProxy: [your proxies] }).client.address ` +
          '(@ws-compat/connection-context), which believes the header only from a trusted proxy.',
      );
      continue;
    }
    const names = contextAtHand(site, request);
    if (names === undefined || !attached) {
      note(
        context,
        site.node as Node,
        'reads the first X-Forwarded-For hop, which any client can set. ' +
          (names === undefined
            ? 'Inside a ws connection handler (ws, req), use contextOf(ws, req).client.address; elsewhere buildConnectionContext(req, { trustProxy }).client.address (@ws-compat/connection-context).'
            : 'Wrap the server options with withConnectionContext(options, { trustProxy: [your proxies] }) from @ws-compat/connection-context, then run the codemod again to use contextOf(ws, req).client.address.'),
      );
      continue;
    }
    if (!ensureImport(context, SHIM_MODULES.connectionContext, 'contextOf')) {
      note(
        context,
        site.node as Node,
        'reads the first X-Forwarded-For hop; the name contextOf is taken in this file, so it was left as is.',
      );
      continue;
    }
    const line = (site.node as Node).loc?.start.line ?? 0;
    let lookup: unknown = j.callExpression(j.identifier('contextOf'), [
      j.identifier(names.socket),
      j.identifier(names.req),
    ]);
    if (context.typescript) lookup = j.tsNonNullExpression(lookup as never);
    site.replace(
      j.memberExpression(
        j.memberExpression(lookup as never, j.identifier('client')),
        j.identifier('address'),
      ),
    );
    context.notes.push({
      line,
      message:
        'first X-Forwarded-For hop -> contextOf(...).client.address: review that withConnectionContext lists your proxies in trustProxy ' +
        '(without it the address is the socket peer, and it is null, not undefined, when unknown).',
    });
    context.changed = true;
  }
}
