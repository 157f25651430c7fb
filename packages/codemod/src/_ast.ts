import type { ASTPath, Collection, ImportDeclaration, JSCodeshift, VariableDeclarator } from 'jscodeshift';
import type { Note } from './types.js';

/** A node as the parser hands it over: `type` plus fields read by name after a `check`. */
export interface Node {
  type: string;
  loc?: { start: { line: number } } | null | undefined;
}

/** Everything a transform needs about the file it rewrites. */
export interface FileContext {
  readonly j: JSCodeshift;
  readonly root: Collection;
  readonly filePath: string;
  /** The text the AST was parsed from. */
  readonly source: string;
  readonly typescript: boolean;
  readonly moduleKind: 'esm' | 'cjs';
  readonly quote: 'single' | 'double';
  readonly bindings: ReadonlyMap<string, ModuleBinding>;
  readonly notes: Note[];
  changed: boolean;
  /** Paths by node type from one walk of the tree (see {@link nodesOf}). */
  index?: Map<string, ASTPath[]> | undefined;
}

/**
 * The paths of every node of the given types, from one walk of the tree shared by every transform of
 * a run (each `find` walks it all again, which dominated the run time). Paths a transform replaced
 * stay in the lists, detached, so callers re-check what they read; nodes created by a transform are
 * not listed.
 */
export function nodesOf(context: FileContext, ...types: string[]): ASTPath[] {
  if (context.index === undefined) {
    const index = new Map<string, ASTPath[]>();
    context.root.find(context.j.Node).forEach((path) => {
      const type = (path.node as Node).type;
      let list = index.get(type);
      if (list === undefined) {
        list = [];
        index.set(type, list);
      }
      list.push(path as ASTPath);
    });
    context.index = index;
  }
  const paths =
    types.length === 1
      ? (context.index.get(types[0] as string) ?? [])
      : types.flatMap((type) => context.index?.get(type) ?? []);
  return paths.filter(isAttached);
}

/** Whether `path` still leads from the root to its node (an earlier replace may have cut it off). */
function isAttached(path: ASTPath): boolean {
  let current = path as ASTPath & {
    parentPath?: ASTPath & { value: unknown };
    name: string | number;
    value: unknown;
  };
  while (current.parentPath !== undefined && current.parentPath !== null) {
    const container = current.parentPath.value as Record<string | number, unknown> | unknown[] | null;
    if (container === null || typeof container !== 'object') return false;
    // In an array, an insertion before the node shifts its index: look for the node itself.
    const present = Array.isArray(container)
      ? container[current.name as number] === current.value || container.includes(current.value)
      : container[current.name] === current.value;
    if (!present) return false;
    current = current.parentPath as typeof current;
  }
  return true;
}

/** Where a top-level name comes from: `import`/`require` of `module`, and which export (`default`, `*`, a name). */
export interface ModuleBinding {
  readonly module: string;
  readonly imported: string;
}

/** The 1-based line of `node`, or 0 when the node was built by the codemod. */
export function lineOf(node: Node | null | undefined): number {
  return node?.loc?.start.line ?? 0;
}

/** Records a note for the site `node` starts on. */
export function note(context: FileContext, node: Node | null | undefined, message: string): void {
  context.notes.push({ line: lineOf(node), message });
}

/** The string value of a string literal (or a template literal without expressions), else `undefined`. */
export function stringValue(node: unknown): string | undefined {
  const n = node as {
    type?: string;
    value?: unknown;
    expressions?: unknown[];
    quasis?: { value: { cooked?: string } }[];
  };
  if (n === null || typeof n !== 'object') return undefined;
  if ((n.type === 'StringLiteral' || n.type === 'Literal') && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions?.length === 0) return n.quasis?.[0]?.value.cooked;
  return undefined;
}

/** Whether `node` is a string or template literal (any content). */
export function isStringish(node: unknown): boolean {
  const type = (node as { type?: string } | null)?.type;
  return stringValue(node) !== undefined || type === 'TemplateLiteral';
}

/** Strips TypeScript-only wrappers (`x!`, `x as T`, `<T>x`, `x satisfies T`) and parentheses. */
export function unwrap(node: Node): Node {
  let current = node as Node & { expression?: Node };
  while (
    current.type === 'TSNonNullExpression' ||
    current.type === 'TSAsExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'ParenthesizedExpression'
  ) {
    current = current.expression as Node & { expression?: Node };
  }
  return current;
}

/** The property name of a member expression (`a.b`, `a['b']`, `a?.b`), else `undefined`. */
export function memberName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression') return undefined;
  const member = node as Node & { property: Node; computed: boolean };
  if (!member.computed && member.property.type === 'Identifier')
    return (member.property as Node & { name: string }).name;
  if (member.computed) return stringValue(member.property);
  return undefined;
}

/** The object of a member expression, unwrapped. */
export function memberObject(node: Node): Node {
  return unwrap((node as Node & { object: Node }).object);
}

/** Whether `node` is a call (plain or optional). */
export function isCall(node: Node): node is Node & { callee: Node; arguments: Node[] } {
  return node.type === 'CallExpression' || node.type === 'OptionalCallExpression';
}

/** Whether `node` is `name` as an identifier. */
export function isIdentifier(node: Node | null | undefined, name?: string): node is Node & { name: string } {
  return (
    node?.type === 'Identifier' && (name === undefined || (node as Node & { name?: string }).name === name)
  );
}

/** Whether `node` is a function (arrow, expression or declaration). */
export function isFunction(node: Node | null | undefined): node is Node & { params: Node[]; body: Node } {
  return (
    node?.type === 'ArrowFunctionExpression' ||
    node?.type === 'FunctionExpression' ||
    node?.type === 'FunctionDeclaration'
  );
}

/** `require('m')` → `'m'`, else `undefined`. */
export function requiredModule(node: Node | null | undefined): string | undefined {
  if (node === null || node === undefined) return undefined;
  const call = unwrap(node);
  if (!isCall(call) || !isIdentifier(call.callee, 'require') || call.arguments.length !== 1) return undefined;
  return stringValue(call.arguments[0]);
}

/** Collects every top-level name bound by `import` or `require` (including `require('m').x`). */
export function collectBindings(context: FileContext): Map<string, ModuleBinding> {
  const bindings = new Map<string, ModuleBinding>();
  (nodesOf(context, 'ImportDeclaration') as ASTPath<ImportDeclaration>[]).forEach((path) => {
    const module = stringValue(path.node.source);
    if (module === undefined) return;
    for (const specifier of path.node.specifiers ?? []) {
      const local = specifier.local?.name;
      if (typeof local !== 'string') continue;
      if (specifier.type === 'ImportDefaultSpecifier') bindings.set(local, { module, imported: 'default' });
      else if (specifier.type === 'ImportNamespaceSpecifier') bindings.set(local, { module, imported: '*' });
      else if (specifier.type === 'ImportSpecifier') {
        const imported = specifier.imported as Node;
        const name = isIdentifier(imported) ? imported.name : stringValue(imported);
        if (name !== undefined) bindings.set(local, { module, imported: name });
      }
    }
  });
  (nodesOf(context, 'VariableDeclarator') as ASTPath<VariableDeclarator>[]).forEach((path) => {
    const init = path.node.init as Node | null | undefined;
    if (init === null || init === undefined) return;
    let module = requiredModule(init);
    let property: string | undefined;
    if (module === undefined) {
      const unwrapped = unwrap(init);
      const name = memberName(unwrapped);
      if (name === undefined) return;
      module = requiredModule(memberObject(unwrapped));
      property = name;
    }
    if (module === undefined) return;
    const id = path.node.id as Node;
    if (isIdentifier(id)) {
      bindings.set(id.name, { module, imported: property ?? '*' });
    } else if (id.type === 'ObjectPattern' && property === undefined) {
      for (const prop of (id as Node & { properties: Node[] }).properties) {
        if (prop.type !== 'ObjectProperty' && prop.type !== 'Property') continue;
        const p = prop as Node & { key: Node; value: Node; computed: boolean };
        const key = isIdentifier(p.key) ? p.key.name : stringValue(p.key);
        if (key !== undefined && !p.computed && isIdentifier(p.value))
          bindings.set(p.value.name, { module, imported: key });
      }
    }
  });
  return bindings;
}

/** Whether the file is an ES module (by syntax first, then by extension). */
export function detectModuleKind(context: FileContext): 'esm' | 'cjs' {
  const { filePath, source } = context;
  if (
    nodesOf(
      context,
      'ImportDeclaration',
      'ExportNamedDeclaration',
      'ExportDefaultDeclaration',
      'ExportAllDeclaration',
    ).length > 0
  ) {
    return 'esm';
  }
  if (filePath.endsWith('.mjs') || filePath.endsWith('.mts')) return 'esm';
  if (filePath.endsWith('.cjs') || filePath.endsWith('.cts')) return 'cjs';
  return source.includes('require(') || source.includes('module.exports') || source.includes('exports.')
    ? 'cjs'
    : 'esm';
}

/**
 * The binding `name` resolves to at `path`: the module it was imported from when the name is not
 * shadowed in between, `'global'` when nothing declares it, `'local'` for any other declaration.
 */
export function resolveName(
  context: FileContext,
  path: ASTPath,
  name: string,
): ModuleBinding | 'global' | 'local' {
  const scope = (path as ASTPath & { scope: Scope | null }).scope?.lookup(name) ?? null;
  if (scope === null) return 'global';
  const binding = context.bindings.get(name);
  if (binding !== undefined && scope.isGlobal) return binding;
  return 'local';
}

/** The part of ast-types' Scope the helpers use. */
export interface Scope {
  readonly isGlobal: boolean;
  lookup(name: string): Scope | null;
  declares(name: string): boolean;
  getBindings(): Record<string, ASTPath[]>;
}

/** Whether a scope from `path` outwards declares `name`. */
export function declaredAt(path: ASTPath, name: string): boolean {
  return ((path as ASTPath & { scope: Scope | null }).scope?.lookup(name) ?? null) !== null;
}

/**
 * Makes `name` importable from `module` in the file's module style, once: an existing import or
 * require of the module gains the name; otherwise a new statement goes after the last import/require
 * (or at the top). Returns `false` when `name` is already taken by something else.
 */
export function ensureImport(context: FileContext, module: string, name: string): boolean {
  const existing = context.bindings.get(name);
  if (existing !== undefined) return existing.module === module && existing.imported === name;
  const { j } = context;
  if (nodesOf(context, 'Identifier').some((path) => (path.node as Node & { name: string }).name === name))
    return false;
  const program = (nodesOf(context, 'Program')[0] as ASTPath).node as Node & { body: Node[] };
  if (context.moduleKind === 'esm') {
    const declaration = nodesOf(context, 'ImportDeclaration').find((path) => {
      const node = path.node as Node & { source: Node; importKind?: string; specifiers?: Node[] };
      return (
        stringValue(node.source) === module &&
        node.importKind !== 'type' &&
        (node.specifiers ?? []).every((specifier) => specifier.type !== 'ImportNamespaceSpecifier')
      );
    });
    if (declaration !== undefined) {
      (declaration.node as Node & { specifiers: Node[] }).specifiers.push(
        j.importSpecifier(j.identifier(name)) as never,
      );
    } else {
      const statement = fromText(
        j.template.statement([`import { ${name} } from ${quoted(context, module)};`]),
      );
      insertAfterImports(program, statement as Node, 'esm');
    }
  } else {
    // Printed from source text: recast lays out a built object pattern over several lines.
    const statement = fromText(
      j.template.statement([`const { ${name} } = require(${quoted(context, module)});`]),
    );
    insertAfterImports(program, statement as Node, 'cjs');
  }
  (context.bindings as Map<string, ModuleBinding>).set(name, { module, imported: name });
  return true;
}

/** `{ name }` as an object pattern property. */
export function shorthandProperty(j: JSCodeshift, name: string): Node {
  const property = j.objectProperty(j.identifier(name), j.identifier(name));
  property.shorthand = true;
  return property as Node;
}

function insertAfterImports(program: Node & { body: Node[] }, statement: Node, kind: 'esm' | 'cjs'): void {
  // recast prints Babel's directives with a second `;` once the body changes: keep them as statements.
  const withDirectives = program as Node & { directives?: (Node & { value: { value: string } })[] };
  if (withDirectives.directives !== undefined && withDirectives.directives.length > 0) {
    const directives = withDirectives.directives.map((directive) => {
      const literal = { type: 'StringLiteral', value: directive.value.value } as Node;
      return { type: 'ExpressionStatement', expression: literal, directive: directive.value.value } as Node;
    });
    withDirectives.directives = [];
    program.body.unshift(...directives);
  }
  let index = 0;
  for (let i = 0; i < program.body.length; i++) {
    const node = program.body[i] as Node;
    if (node.type === 'ImportDeclaration') index = i + 1;
    else if (kind === 'cjs' && isRequireStatement(node)) index = i + 1;
    else if (
      i === index &&
      node.type === 'ExpressionStatement' &&
      typeof (node as { directive?: unknown }).directive === 'string'
    ) {
      index = i + 1;
    }
  }
  program.body.splice(index, 0, statement);
}

function isRequireStatement(node: Node): boolean {
  if (node.type !== 'VariableDeclaration') return false;
  return (node as Node & { declarations: { init?: Node | null }[] }).declarations.some((declarator) => {
    let init = declarator.init ?? null;
    if (init === null) return false;
    init = unwrap(init);
    if (memberName(init) !== undefined) init = memberObject(init);
    return requiredModule(init) !== undefined;
  });
}

/** The identifiers in `body` that read the variable `name` (not property keys, not shadowed copies). */
export function referencesIn(
  j: JSCodeshift,
  body: Node,
  name: string,
): { paths: ASTPath[]; shadowed: boolean } {
  const paths: ASTPath[] = [];
  let shadowed = false;
  j(body as never)
    .find(j.Identifier, { name })
    .forEach((path) => {
      const parent = path.parent?.node as Node | undefined;
      if (parent === undefined) return;
      if (
        (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') &&
        (parent as Node & { property: Node; computed: boolean }).property === path.node &&
        !(parent as Node & { computed: boolean }).computed
      ) {
        return;
      }
      if (
        (parent.type === 'ObjectProperty' || parent.type === 'Property') &&
        (parent as Node & { key: Node }).key === path.node &&
        !(parent as { shorthand?: boolean }).shorthand
      ) {
        return;
      }
      if (parent.type === 'TSPropertySignature' || parent.type === 'TSQualifiedName') return;
      if (isDeclaration(path)) {
        shadowed = true;
        return;
      }
      paths.push(path);
    });
  return { paths, shadowed };
}

function isDeclaration(path: ASTPath): boolean {
  const parent = path.parent?.node as Node | undefined;
  if (parent === undefined) return false;
  if (parent.type === 'VariableDeclarator' && (parent as Node & { id: Node }).id === path.node) return true;
  if (isFunction(parent) && parent.params.includes(path.node as Node)) return true;
  if (
    (parent.type === 'FunctionDeclaration' || parent.type === 'ClassDeclaration') &&
    (parent as Node & { id: Node }).id === path.node
  ) {
    return true;
  }
  if (parent.type === 'CatchClause') return true;
  // A name inside a destructuring pattern of a declaration.
  let current: ASTPath | null | undefined = path.parent;
  while (current) {
    const type = (current.node as Node).type;
    if (
      type === 'ObjectPattern' ||
      type === 'ArrayPattern' ||
      type === 'ObjectProperty' ||
      type === 'RestElement'
    ) {
      current = current.parent;
      continue;
    }
    if (type === 'VariableDeclarator') return true;
    if (isFunction(current.node as Node)) return true;
    return false;
  }
  return false;
}

/** `text` as a string literal in the file's quote style. */
export function quoted(context: FileContext, text: string): string {
  const json = JSON.stringify(text);
  if (context.quote === 'double') return json;
  return `'${json.slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

/**
 * A node parsed from a snippet, detached from the snippet's positions: recast still prints its parts
 * as written (one-line `{ a }`), but no longer mixes the snippet's line numbers into the file's layout.
 */
export function fromText<T>(node: T): T {
  // `original` is not configurable on some nodes; Reflect reports that instead of throwing.
  for (const key of ['loc', 'original', 'start', 'end']) Reflect.deleteProperty(node as object, key);
  return node;
}
