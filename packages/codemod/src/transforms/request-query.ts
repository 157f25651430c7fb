import type { ASTPath } from 'jscodeshift';
import {
  ensureImport,
  type FileContext,
  fromText,
  isCall,
  isIdentifier,
  memberName,
  memberObject,
  type Node,
  nodesOf,
  note,
  quoted,
  referencesIn,
  resolveName,
  type Scope,
  stringValue,
  unwrap,
} from '../_ast.js';
import {
  isQuerySeparator,
  isRequestName,
  MUTATING_QUERY_METHODS,
  QUERYSTRING_MODULES,
  READ_ONLY_QUERY_METHODS,
  SHIM_MODULES,
  URL_MODULES,
} from '../patterns.js';

/** What a matched shape gives: URLSearchParams-like (`params`) or a querystring-style object (`object`). */
interface Match {
  readonly shape: 'params' | 'object';
  /** The request (`req`, `ws.upgradeReq`, `info.req`), whose `.url` is the target. */
  readonly request: Node;
  readonly description: string;
}

/** `x.url` where `x` holds an incoming request: returns `x`. */
function requestOfTarget(node: Node | undefined): Node | undefined {
  if (node === undefined) return undefined;
  let target = unwrap(node);
  // `req.url ?? '/'`, `req.url || ''`
  if (target.type === 'LogicalExpression') {
    const logical = target as Node & { operator: string; left: Node; right: Node };
    const fallback = stringValue(logical.right);
    if ((logical.operator !== '||' && logical.operator !== '??') || (fallback !== '' && fallback !== '/'))
      return undefined;
    target = unwrap(logical.left);
  }
  if (memberName(target) !== 'url' || (target as Node & { computed?: boolean }).computed) return undefined;
  const request = memberObject(target);
  if (isIdentifier(request)) return isRequestName(request.name) ? request : undefined;
  const name = memberName(request);
  return name === 'upgradeReq' || name === 'req' || name === 'request' ? request : undefined;
}

/** `T.split('?')[1]`, optionally `|| ''` / `?? ''`: returns the request of `T`. */
function requestOfSplitQuery(node: Node | undefined): Node | undefined {
  if (node === undefined) return undefined;
  let value = unwrap(node);
  if (value.type === 'LogicalExpression') {
    const logical = value as Node & { operator: string; left: Node; right: Node };
    if ((logical.operator !== '||' && logical.operator !== '??') || stringValue(logical.right) !== '')
      return undefined;
    value = unwrap(logical.left);
  }
  if (value.type !== 'MemberExpression' && value.type !== 'OptionalMemberExpression') return undefined;
  const index = (value as Node & { property: Node; computed: boolean }).property;
  if (!(value as Node & { computed: boolean }).computed || (index as Node & { value?: unknown }).value !== 1)
    return undefined;
  const split = memberObject(value);
  if (!isCall(split) || memberName(split.callee) !== 'split') return undefined;
  const separator = stringValue(split.arguments[0]);
  if (separator === undefined || !isQuerySeparator(separator)) return undefined;
  return requestOfTarget(memberObject(split.callee));
}

/** Whether `callee` is `parse` from one of `modules` (`url.parse`, `require('url').parse`, an imported `parse`). */
function isParseFrom(context: FileContext, path: ASTPath, callee: Node, modules: readonly string[]): boolean {
  if (isIdentifier(callee)) {
    const binding = resolveName(context, path, callee.name);
    return typeof binding !== 'string' && modules.includes(binding.module) && binding.imported === 'parse';
  }
  if (memberName(callee) !== 'parse') return false;
  const object = memberObject(callee);
  if (isCall(object) && isIdentifier(object.callee, 'require')) {
    const module = stringValue(object.arguments[0]);
    return module !== undefined && modules.includes(module);
  }
  if (!isIdentifier(object)) return false;
  const binding = resolveName(context, path, object.name);
  return (
    typeof binding !== 'string' &&
    modules.includes(binding.module) &&
    (binding.imported === 'default' || binding.imported === '*')
  );
}

function isGlobal(context: FileContext, path: ASTPath, node: Node, name: string): boolean {
  return isIdentifier(node, name) && resolveName(context, path, name) === 'global';
}

/** Recognises one of the four shapes at `path`. */
function match(context: FileContext, path: ASTPath): Match | undefined {
  const node = path.node as Node;
  if (node.type === 'MemberExpression' && !(node as Node & { computed: boolean }).computed) {
    const name = memberName(node);
    const object = memberObject(node);
    if (name === 'searchParams' && object.type === 'NewExpression') {
      const created = object as Node & { callee: Node; arguments: Node[] };
      if (!isGlobal(context, path, created.callee, 'URL') || created.arguments.length !== 2) return undefined;
      const request = requestOfTarget(created.arguments[0]);
      return request === undefined
        ? undefined
        : { shape: 'params', request, description: 'new URL(req.url, base).searchParams' };
    }
    if (name === 'query' && isCall(object) && object.arguments.length === 2) {
      if ((object.arguments[1] as Node & { value?: unknown }).value !== true) return undefined;
      if (!isParseFrom(context, path, object.callee, URL_MODULES)) return undefined;
      const request = requestOfTarget(object.arguments[0]);
      return request === undefined
        ? undefined
        : { shape: 'object', request, description: 'url.parse(req.url, true).query' };
    }
    return undefined;
  }
  if (node.type === 'NewExpression') {
    const created = node as Node & { callee: Node; arguments: Node[] };
    if (!isGlobal(context, path, created.callee, 'URLSearchParams') || created.arguments.length !== 1)
      return undefined;
    const request = requestOfSplitQuery(created.arguments[0]);
    return request === undefined
      ? undefined
      : { shape: 'params', request, description: "new URLSearchParams(req.url.split('?')[1])" };
  }
  if (node.type === 'CallExpression') {
    const call = node as Node & { callee: Node; arguments: Node[] };
    if (call.arguments.length !== 1 || !isParseFrom(context, path, call.callee, QUERYSTRING_MODULES))
      return undefined;
    const request = requestOfSplitQuery(call.arguments[0]);
    return request === undefined
      ? undefined
      : { shape: 'object', request, description: "querystring.parse(req.url.split('?')[1])" };
  }
  return undefined;
}

/** How the value of a matched shape is used, decided before anything is rewritten. */
type Plan =
  | { readonly ok: true; readonly fromEntries: ASTPath[] }
  | { readonly ok: false; readonly site: Node; readonly why: string };

const OBJECT_PROTOTYPE_MEMBERS = [
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toString',
  'valueOf',
  'constructor',
];

/** Checks one use (the expression at `path`) of a `params` value. */
function paramsUse(path: ASTPath, plan: { fromEntries: ASTPath[] }): string | undefined {
  const parentPath = path.parent as ASTPath;
  const parent = parentPath.node as Node;
  if (
    (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') &&
    memberObject(parent) === path.node
  ) {
    const name = memberName(parent);
    if (name !== undefined && MUTATING_QUERY_METHODS.includes(name)) {
      return `it calls ${name}(), and QueryParams is read-only: copy it with toURLSearchParams() where you need to change it`;
    }
    if (name !== undefined && READ_ONLY_QUERY_METHODS.includes(name)) return undefined;
    return `it reads ${name ?? 'a computed member'}, which QueryParams does not have`;
  }
  if (parent.type === 'ForOfStatement' && (parent as Node & { right: Node }).right === path.node)
    return undefined;
  if (
    parent.type === 'SpreadElement' &&
    (parentPath.parent?.node as Node | undefined)?.type === 'ArrayExpression'
  )
    return undefined;
  if (
    isCall(parent) &&
    parent.arguments.length === 1 &&
    memberName(parent.callee) === 'fromEntries' &&
    isIdentifier(memberObject(parent.callee), 'Object')
  ) {
    plan.fromEntries.push(parentPath);
    return undefined;
  }
  return (
    'it is passed on or stored where a URLSearchParams may be expected: ' +
    'use parseQuery(req) and pass .toURLSearchParams() where one is needed'
  );
}

/** Checks one use of an `object` value. */
function objectUse(path: ASTPath): string | undefined {
  const parentPath = path.parent as ASTPath;
  const parent = parentPath.node as Node;
  if (
    (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') &&
    memberObject(parent) === path.node
  ) {
    const name = memberName(parent);
    if (name !== undefined && OBJECT_PROTOTYPE_MEMBERS.includes(name)) {
      return `it calls ${name} on the object, and toObject() has no prototype: use Object.hasOwn(query, name)`;
    }
    return undefined;
  }
  if (isCall(parent) && memberName(parent.callee) === 'isArray') {
    return 'it checks for arrays (repeated names): read those with parseQuery(req).getAll(name)';
  }
  return undefined;
}

/** Plans the rewrite of the value at `path` (its direct use, or every use of the variable it initialises). */
function planUses(context: FileContext, path: ASTPath, shape: 'params' | 'object'): Plan {
  const plan = { fromEntries: [] as ASTPath[] };
  const check = (use: ASTPath) => (shape === 'params' ? paramsUse(use, plan) : objectUse(use));
  const parent = path.parent?.node as Node | undefined;
  if (parent?.type === 'VariableDeclarator' && (parent as Node & { init: Node }).init === path.node) {
    const id = (parent as Node & { id: Node }).id;
    if (!isIdentifier(id)) {
      // const { a, b } = url.parse(req.url, true).query
      return shape === 'object' || id.type === 'ArrayPattern'
        ? { ok: true, fromEntries: [] }
        : { ok: false, site: id, why: 'it is destructured' };
    }
    const scope = (path.parent as ASTPath & { scope: Scope | null }).scope;
    const declaring = scope?.lookup(id.name);
    const scopeNode = (declaring as (Scope & { node: Node }) | null | undefined)?.node;
    if (scopeNode === undefined) return { ok: false, site: id, why: 'its scope could not be read' };
    const { paths } = referencesIn(context.j, scopeNode, id.name);
    for (const use of paths) {
      if (use.node === id) continue;
      const parentOfUse = use.parent?.node as Node | undefined;
      if (
        parentOfUse?.type === 'AssignmentExpression' &&
        (parentOfUse as Node & { left: Node }).left === use.node
      ) {
        return { ok: false, site: use.node as Node, why: `${id.name} is reassigned` };
      }
      const why = check(use);
      if (why !== undefined) return { ok: false, site: use.node as Node, why };
    }
    return { ok: true, fromEntries: plan.fromEntries };
  }
  const why = check(path);
  return why === undefined
    ? { ok: true, fromEntries: plan.fromEntries }
    : { ok: false, site: path.node as Node, why };
}

/**
 * Request-target query parsing (`new URL(req.url, base).searchParams` and friends) to `parseQuery(req)`
 * from @ws-compat/query-params, adapting object access to `toObject()`.
 */
export function requestQuery(context: FileContext): void {
  const { j } = context;
  const sites: { path: ASTPath; match: Match }[] = [];
  nodesOf(context, 'MemberExpression', 'NewExpression', 'CallExpression').forEach((path) => {
    const found = match(context, path as ASTPath);
    if (found !== undefined) sites.push({ path: path as ASTPath, match: found });
  });
  for (const { path, match: found } of sites) {
    const plan = planUses(context, path, found.shape);
    if (!plan.ok) {
      note(
        context,
        plan.site,
        `${found.description} was left as is because ${plan.why}. ` +
          'A target starting with // parses as a host there; parseQuery(req) from @ws-compat/query-params reads it as a path.',
      );
      continue;
    }
    if (!ensureImport(context, SHIM_MODULES.queryParams, 'parseQuery')) {
      note(
        context,
        path.node as Node,
        `${found.description}: the name parseQuery is taken in this file, so it was left as is.`,
      );
      continue;
    }
    const parse = j.callExpression(j.identifier('parseQuery'), [found.request as never]);
    if (found.shape === 'params') {
      path.replace(parse);
      for (const entries of plan.fromEntries) {
        const argument = (entries.node as Node & { arguments: Node[] }).arguments[0] as Node;
        entries.replace(toObjectCall(context, argument, 'last'));
      }
    } else {
      const line = (path.node as Node).loc?.start.line ?? 0;
      path.replace(toObjectCall(context, parse as unknown as Node, undefined));
      context.notes.push({
        line,
        message:
          `${found.description} -> parseQuery(req).toObject(): a repeated name used to give an array and now gives its first value; ` +
          'use parseQuery(req).getAll(name) where several values are expected.',
      });
    }
    context.changed = true;
  }
  // A request target parsed as a URL for anything else: the // host trap, flagged only.
  nodesOf(context, 'NewExpression').forEach((path) => {
    const node = path.node as unknown as Node & { callee: Node; arguments: Node[] };
    if (!isGlobal(context, path, node.callee, 'URL') || requestOfTarget(node.arguments[0]) === undefined)
      return;
    const parent = path.parent?.node as Node | undefined;
    if (parent !== undefined && memberName(parent) === 'searchParams') return; // matched above or noted
    note(
      context,
      node,
      'new URL(req.url, base) on a request target: a target starting with // becomes the host (//evil/x -> http://evil/x). ' +
        'Read the query with parseQuery(req) from @ws-compat/query-params and the path from req.url up to the first ? or #.',
    );
  });
}

/** `value.toObject()` or `value.toObject({ duplicates })`. */
function toObjectCall(context: FileContext, value: Node, duplicates: 'last' | undefined) {
  const { j } = context;
  if (duplicates === undefined)
    return j.callExpression(j.memberExpression(value as never, j.identifier('toObject')), []);
  // From text, so the options print on one line as written here.
  const call = fromText(
    j.template.expression([`__value__.toObject({ duplicates: ${quoted(context, duplicates)} })`]) as Node & {
      callee: Node & { object: Node };
    },
  );
  call.callee = fromText(call.callee);
  call.callee.object = value;
  return call;
}
