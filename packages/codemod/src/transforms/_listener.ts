import type { ASTPath } from 'jscodeshift';
import { isCall, memberName, memberObject, type Node, stringValue, unwrap } from '../_ast.js';
import { isListenerMethod } from '../patterns.js';

/** A listener registration `receiver.on('event', handler)` (or `once`, `addListener`, ...). */
export interface ListenerCall {
  readonly event: string;
  readonly receiver: Node;
  readonly handler: Node | undefined;
  readonly method: string;
}

/** Reads `path` as a listener registration, or `undefined` when it is not one. */
export function listenerCall(path: ASTPath): ListenerCall | undefined {
  const node = path.node as Node;
  if (!isCall(node)) return undefined;
  const callee = unwrap(node.callee);
  const method = memberName(callee);
  if (method === undefined || !isListenerMethod(method)) return undefined;
  const event = stringValue(node.arguments[0]);
  if (event === undefined) return undefined;
  return { event, receiver: memberObject(callee), handler: node.arguments[1], method };
}
