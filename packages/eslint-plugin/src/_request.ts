import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { keyName, parameterOf, staticString, unwrap, variableOf } from './_ast.js';
import { typeHasProperty, typeInformationOf } from './_types.js';
import {
  LISTENER_METHODS,
  REQUEST_EVENTS,
  REQUEST_PARAMETER_NAMES,
  REQUEST_PROPERTY_NAMES,
} from './patterns.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Whether a function is passed where Node or ws hands it an IncomingMessage at parameter `index`. */
function receivesRequestAt(fn: TSESTree.FunctionLike, index: number): boolean {
  const parent = fn.parent;
  if (parent?.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
    const callee = unwrap(parent.callee);
    const method =
      callee.type === 'MemberExpression'
        ? keyName(callee)
        : callee.type === 'Identifier'
          ? callee.name
          : null;
    if (method === null) return false;
    if (LISTENER_METHODS.includes(method)) {
      const event = staticString(parent.arguments[0]);
      return event !== null && Object.hasOwn(REQUEST_EVENTS, event) && REQUEST_EVENTS[event] === index;
    }
    if (method === 'createServer') return index === 0; // http.createServer((req, res) => ...)
    if (method === 'handleUpgrade') return index === 1; // wss.handleUpgrade(req, socket, head, (ws, req) => ...)
    return false;
  }
  if (parent?.type === 'Property' && parent.value === fn) {
    // new WebSocketServer({ handleProtocols: (protocols, req) => ... })
    return keyName(parent) === 'handleProtocols' && index === 1;
  }
  return false;
}

/**
 * Whether an expression is a Node request (an IncomingMessage, whose `url` is a request target such as
 * `/path?query`): its type when typescript-eslint gives one (an object with `httpVersion`), else the
 * shapes `info.req`, `ws.upgradeReq`, a parameter Node or ws fills with the request, or a variable named
 * `req`. A Fetch `Request` (whose `url` is absolute) is not one.
 *
 * @param context - the rule context
 * @param expression - the object whose `.url` is read
 */
export function isRequestExpression(context: AnyContext, expression: TSESTree.Node): boolean {
  const node = unwrap(expression);
  const information = typeInformationOf(context);
  if (information !== null) {
    const type = information.services.getTypeAtLocation(node);
    const flags = type.getFlags();
    // 1 = Any, 2 = Unknown (ts.TypeFlags): without a real type, fall back to the shapes below.
    if ((flags & 3) === 0) return typeHasProperty(information, node, 'httpVersion');
  }
  if (node.type === 'MemberExpression') {
    const name = keyName(node);
    return name !== null && REQUEST_PROPERTY_NAMES.includes(name);
  }
  if (node.type !== 'Identifier') return false;
  if (REQUEST_PARAMETER_NAMES.includes(node.name)) return true;
  const variable = variableOf(context.sourceCode, node);
  if (variable === null) return false;
  const parameter = parameterOf(variable);
  return parameter !== null && receivesRequestAt(parameter.fn, parameter.index);
}

/**
 * The request whose target an expression reads (`req` in `req.url`), or `null` when the expression is not
 * `<request>.url`.
 */
export function requestOfTarget(
  context: AnyContext,
  expression: TSESTree.Node | undefined,
): TSESTree.Node | null {
  if (expression === undefined) return null;
  const node = unwrap(expression);
  if (node.type !== 'MemberExpression' || keyName(node) !== 'url') return null;
  return isRequestExpression(context, node.object) ? unwrap(node.object) : null;
}
