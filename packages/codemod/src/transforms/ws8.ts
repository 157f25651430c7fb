import type { ASTPath, ImportDeclaration, VariableDeclarator } from 'jscodeshift';
import {
  declaredAt,
  ensureImport,
  type FileContext,
  isFunction,
  isIdentifier,
  memberName,
  memberObject,
  type Node,
  nodesOf,
  note,
  referencesIn,
  requiredModule,
  resolveName,
  type Scope,
  stringValue,
  unwrap,
} from '../_ast.js';
import { isWsModule } from '../patterns.js';
import { listenerCall } from './_listener.js';
import { stringUseOf } from './_string-use.js';

type FunctionNode = Node & { params: Node[]; body: Node; expression?: boolean };

/**
 * ws 7 -> 8: decodes text messages and close reasons where a handler uses them as strings, renames
 * `WebSocket.Server` to `WebSocketServer`, and replaces `ws.upgradeReq` with the `connection` handler's `req`.
 */
export function ws8(context: FileContext): void {
  const wsBindings = [...context.bindings.entries()].filter(([, binding]) => isWsModule(binding.module));
  if (wsBindings.length > 0) renameServer(context);
  const handlers = rewriteUpgradeReq(context);
  if (wsBindings.length > 0) decodeListeners(context, handlers);
}

/** `binding` is the ws module object or its WebSocket class (both carry `.Server`). */
function isWsClassBinding(context: FileContext, path: ASTPath, name: string): string | undefined {
  const binding = resolveName(context, path, name);
  if (typeof binding === 'string' || !isWsModule(binding.module)) return undefined;
  return binding.imported === 'default' || binding.imported === '*' || binding.imported === 'WebSocket'
    ? binding.module
    : undefined;
}

function renameServer(context: FileContext): void {
  const { j } = context;
  // X.Server where X is ws (value positions only; the TS type `WebSocket.Server` still exists in @types/ws 8).
  nodesOf(context, 'MemberExpression').forEach((path) => {
    const node = path.node as Node;
    if (memberName(node) !== 'Server' || (node as { computed?: boolean }).computed) return;
    const object = memberObject(node);
    let module: string | undefined;
    if (isIdentifier(object)) module = isWsClassBinding(context, path, object.name);
    else {
      const required = requiredModule(object);
      if (required !== undefined && isWsModule(required)) {
        // require('ws').Server -> require('ws').WebSocketServer
        (node as Node & { property: Node }).property = j.identifier('WebSocketServer') as Node;
        context.changed = true;
        return;
      }
    }
    if (module === undefined) return;
    if (ensureImport(context, module, 'WebSocketServer')) {
      path.replace(j.identifier('WebSocketServer'));
    } else {
      (node as Node & { property: Node }).property = j.identifier('WebSocketServer') as Node;
    }
    context.changed = true;
  });
  // import { Server } from 'ws' -> import { WebSocketServer as Server } from 'ws' (ws 8's ESM has no `Server`)
  (nodesOf(context, 'ImportDeclaration') as ASTPath<ImportDeclaration>[]).forEach((path) => {
    const module = stringValue(path.node.source);
    if (module === undefined || !isWsModule(module)) return;
    const specifiers = path.node.specifiers ?? [];
    specifiers.forEach((specifier, index) => {
      if (specifier.type !== 'ImportSpecifier' || !isIdentifier(specifier.imported as Node, 'Server')) return;
      const local = (specifier.local as { name?: unknown } | null | undefined)?.name;
      // A new specifier: editing both names of `{ Server }` in place prints only one of them.
      specifiers[index] = j.importSpecifier(
        j.identifier('WebSocketServer'),
        j.identifier(typeof local === 'string' ? local : 'Server'),
      );
      context.changed = true;
    });
  });
  // const { Server } = require('ws') -> const { WebSocketServer: Server } = require('ws')
  (nodesOf(context, 'VariableDeclarator') as ASTPath<VariableDeclarator>[]).forEach((path) => {
    const module = requiredModule(path.node.init as Node | null);
    const id = path.node.id as Node;
    if (module === undefined || !isWsModule(module) || id.type !== 'ObjectPattern') return;
    const properties = (id as Node & { properties: Node[] }).properties;
    properties.forEach((property, index) => {
      const p = property as Node & { key: Node; value: Node; computed?: boolean };
      if (
        (p.type !== 'ObjectProperty' && p.type !== 'Property') ||
        p.computed ||
        !isIdentifier(p.key, 'Server')
      )
        return;
      const local = isIdentifier(p.value) ? p.value.name : 'Server';
      properties[index] = j.objectProperty(
        j.identifier('WebSocketServer'),
        j.identifier(local),
      ) as unknown as Node;
      context.changed = true;
    });
  });
}

/** Connection handlers by function node: the socket parameter's name. */
type ConnectionHandlers = Map<Node, string>;

function rewriteUpgradeReq(context: FileContext): ConnectionHandlers {
  const { j } = context;
  const handlers: ConnectionHandlers = new Map();
  const rewritten = new Set<Node>();
  nodesOf(context, 'CallExpression').forEach((path) => {
    const call = listenerCall(path);
    if (call?.event !== 'connection' || call.handler === undefined) return;
    const handler = call.handler as FunctionNode;
    if (!isFunction(handler)) return;
    const socket = handler.params[0];
    if (!isIdentifier(socket)) return;
    handlers.set(handler, socket.name);
    const sites: ASTPath[] = [];
    const { paths } = referencesIn(j, handler.body, socket.name);
    for (const reference of paths) {
      const parent = reference.parent?.node as Node | undefined;
      if (
        parent !== undefined &&
        memberName(parent) === 'upgradeReq' &&
        !(parent as { computed?: boolean }).computed
      ) {
        sites.push(reference.parent as ASTPath);
      }
    }
    if (sites.length === 0) return;
    const existing = handler.params[1];
    let reqName: string | undefined;
    if (existing === undefined) {
      const handlerPath = path.get('arguments', 1) as ASTPath;
      reqName = ['req', 'request', 'upgradeRequest'].find(
        (name) => !declaredAt(handlerPath, name) && !bodyUses(context, handler, name),
      );
    } else if (isIdentifier(existing)) {
      reqName = existing.name;
    }
    if (reqName === undefined) {
      note(
        context,
        sites[0]?.node as Node,
        `${socket.name}.upgradeReq was removed in ws 4 and the handler's second parameter is not a plain name: ` +
          `name it (e.g. (${socket.name}, req) => ...) and use req instead of ${socket.name}.upgradeReq.`,
      );
      return;
    }
    if (existing === undefined) handler.params.push(j.identifier(reqName) as Node);
    for (const site of sites) {
      rewritten.add(site.node as Node);
      site.replace(j.identifier(reqName));
    }
    context.changed = true;
  });
  // Any other `.upgradeReq` cannot be tied to a connection handler.
  nodesOf(context, 'MemberExpression').forEach((path) => {
    if (memberName(path.node as Node) !== 'upgradeReq' || rewritten.has(path.node as Node)) return;
    note(
      context,
      path.node as Node,
      'upgradeReq was removed in ws 4 and is not read inside a connection handler here: ' +
        "take the request from the 'connection' handler's second parameter ((ws, req) => ...) and pass it along.",
    );
  });
  return handlers;
}

function bodyUses(context: FileContext, handler: FunctionNode, name: string): boolean {
  return (
    context
      .j(handler.body as never)
      .find(context.j.Identifier, { name })
      .size() > 0
  );
}

/** Whether the receiver of a listener is a ws socket: `'socket'`, `'other'` (provably not), or `'unknown'`. */
function socketKind(
  context: FileContext,
  path: ASTPath,
  receiver: Node,
  handlers: ConnectionHandlers,
): 'socket' | 'other' | 'unknown' {
  if (!isIdentifier(receiver)) return 'unknown';
  const scope = (path as ASTPath & { scope: Scope | null }).scope?.lookup(receiver.name) ?? null;
  if (scope === null) return 'unknown';
  const declarations = scope.getBindings()[receiver.name] ?? [];
  for (const declaration of declarations) {
    const parent = declaration.parent?.node as Node | undefined;
    if (parent === undefined) continue;
    if (isFunction(parent)) {
      if (handlers.get(parent) === receiver.name) return 'socket';
      const annotation = (declaration.node as { typeAnnotation?: { typeAnnotation?: Node } }).typeAnnotation
        ?.typeAnnotation;
      if (annotation?.type === 'TSTypeReference') {
        const typeName = (annotation as Node & { typeName: Node }).typeName;
        if (isIdentifier(typeName) && isWsClassBinding(context, path, typeName.name) !== undefined)
          return 'socket';
      }
      return 'unknown';
    }
    if (parent.type === 'VariableDeclarator') {
      const init = (parent as Node & { init?: Node | null }).init;
      if (init === null || init === undefined) return 'unknown';
      const value = unwrap(init);
      if (value.type !== 'NewExpression') return 'unknown';
      const callee = unwrap((value as Node & { callee: Node }).callee);
      if (isIdentifier(callee) && isWsClassBinding(context, path, callee.name) !== undefined) return 'socket';
      if (memberName(callee) === 'WebSocket') {
        const object = memberObject(callee);
        if (isIdentifier(object) && isWsClassBinding(context, path, object.name) !== undefined)
          return 'socket';
      }
      return 'other';
    }
  }
  return 'unknown';
}

function decodeListeners(context: FileContext, handlers: ConnectionHandlers): void {
  const { j } = context;
  nodesOf(context, 'CallExpression').forEach((path) => {
    const call = listenerCall(path);
    if (
      call === undefined ||
      (call.event !== 'message' && call.event !== 'close') ||
      call.handler === undefined
    )
      return;
    const kind = socketKind(context, path, call.receiver, handlers);
    if (kind === 'other') return;
    const handler = call.handler;
    const receiverText = isIdentifier(call.receiver) ? call.receiver.name : 'the socket';
    if (!isFunction(handler)) {
      if (kind === 'socket' && isIdentifier(handler)) {
        note(
          context,
          handler,
          call.event === 'message'
            ? `${receiverText}.${call.method}('message', ${handler.name}): ws 8 passes (data: Buffer, isBinary); ` +
                `make sure ${handler.name} decodes text with isBinary ? data : data.toString().`
            : `${receiverText}.${call.method}('close', ${handler.name}): ws 8 passes the reason as a Buffer; ` +
                `make sure ${handler.name} decodes it with reason.toString().`,
        );
      }
      return;
    }
    const index = call.event === 'message' ? 0 : 1;
    const param = handler.params[index];
    if (call.event === 'message' && handler.params.length >= 2) return; // already (data, isBinary)
    if (!isIdentifier(param)) return;
    const use = stringUseOf(j, handler.body, param.name);
    if (!use.asString) return;
    const where = `${receiverText}.${call.method}('${call.event}', ...)`;
    if (kind === 'unknown') {
      note(
        context,
        param,
        `${where} uses ${param.name} as a string, but ${receiverText} could not be traced to a ws socket: ` +
          (call.event === 'message'
            ? `if it is one, ws 8 passes a Buffer: add isBinary and decode with isBinary ? ${param.name} : ${param.name}.toString().`
            : `if it is one, ws 8 passes the reason as a Buffer: decode it with ${param.name}.toString().`),
      );
      return;
    }
    const rawName = `${param.name}Raw`;
    const handlerPath = path.get('arguments', 1) as ASTPath;
    const taken = (name: string) =>
      bodyUses(context, handler as FunctionNode, name) || declaredAt(handlerPath, name);
    if (use.shadowed || taken(rawName) || (call.event === 'message' && taken('isBinary'))) {
      note(
        context,
        param,
        `${where} uses ${param.name} as a string, which ws 8 passes as a Buffer, but the names it needs are taken ` +
          `(${param.name} redeclared, ${rawName} or isBinary in use): decode it by hand.`,
      );
      return;
    }
    const raw = j.identifier(rawName) as Node & { typeAnnotation?: unknown };
    const annotation = (param as Node & { typeAnnotation?: unknown }).typeAnnotation;
    if (annotation !== undefined && annotation !== null) raw.typeAnnotation = annotation;
    handler.params[index] = raw;
    const decoded =
      call.event === 'message'
        ? j.conditionalExpression(
            j.identifier('isBinary'),
            j.identifier(rawName),
            j.callExpression(j.memberExpression(j.identifier(rawName), j.identifier('toString')), []),
          )
        : j.callExpression(j.memberExpression(j.identifier(rawName), j.identifier('toString')), []);
    if (call.event === 'message') handler.params.push(j.identifier('isBinary') as Node);
    const declaration = j.variableDeclaration('const', [
      j.variableDeclarator(j.identifier(param.name), decoded),
    ]);
    prependStatement(context, handler as FunctionNode, declaration as Node);
    context.changed = true;
  });
}

/** Puts `statement` first in the function body, turning an expression body into a block. */
export function prependStatement(context: FileContext, handler: FunctionNode, statement: Node): void {
  const { j } = context;
  if (handler.body.type === 'BlockStatement') {
    (handler.body as Node & { body: Node[] }).body.unshift(statement);
    return;
  }
  handler.body = j.blockStatement([statement as never, j.returnStatement(handler.body as never)]) as Node;
  handler.expression = false;
}
