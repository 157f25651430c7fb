import type { ASTPath } from 'jscodeshift';
import {
  ensureImport,
  type FileContext,
  fromText,
  isIdentifier,
  memberName,
  memberObject,
  type Node,
  nodesOf,
  note,
  resolveName,
  stringValue,
  unwrap,
} from '../_ast.js';
import {
  CLIENT_OPTION_KEYS,
  isLegacyHeaderOption,
  isWhatwgClientModule,
  isWsModule,
  SHIM_MODULES,
} from '../patterns.js';

type Property = Node & { key: Node; value: Node; computed?: boolean; shorthand?: boolean };

/** Which client a `new X(...)` constructs: ws (options object), a WHATWG one (no options), or neither. */
function clientKind(context: FileContext, path: ASTPath, callee: Node): 'ws' | 'whatwg' | undefined {
  if (isIdentifier(callee)) {
    const binding = resolveName(context, path, callee.name);
    if (binding === 'global') return callee.name === 'WebSocket' ? 'whatwg' : undefined;
    if (binding === 'local') return undefined;
    if (isWsModule(binding.module)) {
      return ['default', '*', 'WebSocket'].includes(binding.imported) ? 'ws' : undefined;
    }
    if (isWhatwgClientModule(binding.module)) return binding.imported === 'WebSocket' ? 'whatwg' : undefined;
    return undefined;
  }
  if (memberName(callee) !== 'WebSocket') return undefined;
  const object = memberObject(callee);
  if (isIdentifier(object, 'globalThis')) return 'whatwg';
  if (!isIdentifier(object)) return undefined;
  const binding = resolveName(context, path, object.name);
  if (typeof binding === 'string') return undefined;
  if (isWsModule(binding.module) && (binding.imported === 'default' || binding.imported === '*')) return 'ws';
  if (isWhatwgClientModule(binding.module) && binding.imported === '*') return 'whatwg';
  return undefined;
}

function keyOf(property: Property): string | undefined {
  if (property.computed) return undefined;
  return isIdentifier(property.key) ? property.key.name : stringValue(property.key);
}

/**
 * Raw client constructor shapes that drop options silently, and legacy header option names, to
 * `createWebSocket(WebSocket, url, { protocols, headers, origin, native })` from @ws-compat/header-options.
 */
export function clientOptions(context: FileContext): void {
  const { j } = context;
  nodesOf(context, 'NewExpression').forEach((path) => {
    const node = path.node as unknown as Node & { callee: Node; arguments: Node[] };
    const kind = clientKind(context, path, unwrap(node.callee));
    if (kind === undefined) return;
    const [url, second, third] = node.arguments;
    if (url === undefined || node.arguments.length > 3 || url.type === 'SpreadElement') return;
    const calleeText = isIdentifier(node.callee) ? node.callee.name : 'WebSocket';
    let protocols: Node | undefined;
    let options: Node | undefined;
    let reason: string;
    if (node.arguments.length === 3) {
      protocols = second;
      options = third;
      reason =
        kind === 'whatwg'
          ? `the WHATWG ${calleeText} (undici, Node's global, browsers) ignores a third argument, so these options were never sent`
          : 'legacy header option names are ignored by ws';
    } else if (node.arguments.length === 2 && second !== undefined && second.type === 'ObjectExpression') {
      options = second;
      reason =
        kind === 'ws'
          ? 'ws before 8.22.0 ignores protocols in the options object'
          : `the WHATWG ${calleeText} reads headers only under that name`;
    } else {
      return;
    }
    if (options === undefined) return;
    if (options.type !== 'ObjectExpression') {
      if (kind === 'whatwg' && node.arguments.length === 3) {
        note(
          context,
          options,
          `new ${calleeText}(url, protocols, options): ${reason}. ` +
            'Use createWebSocket(WebSocket, url, { protocols, headers }) from @ws-compat/header-options.',
        );
      }
      return;
    }
    const properties = (options as Node & { properties: Property[] }).properties;
    const keys = properties.map((property) =>
      property.type === 'ObjectProperty' || property.type === 'Property' ? keyOf(property) : undefined,
    );
    const legacy = keys.filter((key) => key !== undefined && isLegacyHeaderOption(key));
    const hasProtocols = keys.includes('protocols');
    const applies =
      legacy.length > 0 ||
      (kind === 'ws' && node.arguments.length === 2 && hasProtocols) ||
      (kind === 'whatwg' && node.arguments.length === 3);
    if (!applies) return;
    const where = `new ${calleeText}(...)`;
    if (keys.includes(undefined)) {
      note(
        context,
        options,
        `${where}: ${reason}, but the options have a spread, a computed key or a method, so they cannot be moved safely. ` +
          'Use createWebSocket(WebSocket, url, { protocols, headers }) from @ws-compat/header-options.',
      );
      return;
    }
    const headerSources = keys.filter(
      (key) => key === 'headers' || (key !== undefined && isLegacyHeaderOption(key)),
    );
    if (headerSources.length > 1 || (hasProtocols && protocols !== undefined)) {
      note(
        context,
        options,
        `${where} gives ${hasProtocols && protocols !== undefined ? 'protocols' : 'headers'} twice ` +
          `(${hasProtocols && protocols !== undefined ? 'argument and option' : headerSources.join(', ')}): ` +
          'merge them into one, then run the codemod again.',
      );
      return;
    }
    const unknown = keys.filter(
      (key) => key !== undefined && !CLIENT_OPTION_KEYS.includes(key) && !isLegacyHeaderOption(key),
    );
    if (kind === 'whatwg' && unknown.length > 0) {
      note(
        context,
        options,
        `${where}: ${reason}, and ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a header, protocol ` +
          "or origin: decide whether they belong in createWebSocket(...)'s native option, then run the codemod again.",
      );
      return;
    }
    if (!ensureImport(context, SHIM_MODULES.headerOptions, 'createWebSocket')) {
      note(
        context,
        options,
        `${where}: ${reason}; the name createWebSocket is taken in this file, so it was left as is.`,
      );
      return;
    }
    // The options object is edited in place, so its layout and comments stay.
    const kept: Node[] = [];
    const native: Node[] = [];
    if (protocols !== undefined && !isIdentifier(protocols, 'undefined')) {
      const property = j.objectProperty(j.identifier('protocols'), protocols as never) as unknown as Property;
      if (isIdentifier(protocols, 'protocols')) property.shorthand = true;
      kept.push(property);
    }
    properties.forEach((property, index) => {
      const key = keys[index] as string;
      if (isLegacyHeaderOption(key)) {
        property.key = j.identifier('headers') as unknown as Node;
        if (property.shorthand === true) property.value = j.identifier(key) as unknown as Node;
        property.shorthand = false;
        kept.push(property);
      } else if (CLIENT_OPTION_KEYS.includes(key)) {
        kept.push(property);
      } else {
        native.push(property);
      }
    });
    if (native.length > 0) kept.push(nativeProperty(context, native));
    const loc = (options as Node & { loc?: { start: { line: number }; end: { line: number } } | null }).loc;
    let finalOptions: Node = options;
    if (loc !== null && loc !== undefined && loc.start.line !== loc.end.line) {
      // A multi-line object is edited in place: its layout, trailing comma and comments stay.
      (options as Node & { properties: Node[] }).properties = kept;
    } else {
      // A one-line object grows: printed afresh, one property a line.
      finalOptions = j.objectExpression(kept as never[]) as unknown as Node;
    }
    const args = [node.callee, url, finalOptions];
    path.replace(j.callExpression(j.identifier('createWebSocket'), args as never[]));
    context.notes.push({
      line: (options.loc?.start.line ?? 0) || (url.loc?.start.line ?? 0),
      message: `${where} -> createWebSocket(...): ${reason}; the shim sends them the way this client reads them.`,
    });
    context.changed = true;
  });
}

/**
 * `native: { ...the ws options }`: on one line, as written, when they were one-line properties without
 * comments (recast would print a built object one property a line); otherwise the nodes themselves.
 */
function nativeProperty(context: FileContext, properties: readonly Node[]): Node {
  const { j } = context;
  const texts = properties.map((property) => {
    const { start, end, comments } = property as Node & {
      start?: number;
      end?: number;
      comments?: unknown[];
    };
    if (typeof start !== 'number' || typeof end !== 'number' || (comments?.length ?? 0) > 0) return undefined;
    const text = context.source.slice(start, end);
    return text.includes('\n') ? undefined : text;
  });
  if (texts.every((text) => text !== undefined)) {
    const wrapper = j.template.expression([`{ native: { ${texts.join(', ')} } }`]) as unknown as Node & {
      properties: Node[];
    };
    return fromText(wrapper.properties[0] as Node);
  }
  return j.objectProperty(
    j.identifier('native'),
    j.objectExpression(properties as never[]),
  ) as unknown as Node;
}
