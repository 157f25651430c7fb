// @ts-check
/**
 * Prints the README's behaviour table: what each parser returns for the tricky inputs, measured on this Node.
 *
 *   pnpm --filter @ws-compat/query-params build && node packages/query-params/bench/compare.mjs
 */
import querystring from 'node:querystring';
import fastQuerystring from 'fast-querystring';
import qs from 'qs';
import { parseQuery, tryParseQuery } from '../dist/index.mjs';

/** @param {unknown} value */
function show(value) {
  const text = JSON.stringify(value, (_key, item) => (typeof item === 'string' ? item : item));
  // Make U+FFFD and other invisible results visible in markdown.
  return '`' + String(text).replaceAll('\ufffd', '\\ufffd').replaceAll('|', '\\|') + '`';
}

/** @param {() => unknown} run */
function attempt(run) {
  try {
    return show(run());
  } catch (error) {
    return `throws ${/** @type {Error} */ (error).name}`;
  }
}

/** @param {Record<string, unknown>} object @param {string} name */
function own(object, name) {
  return Object.hasOwn(object, name) ? object[name] : '(missing)';
}

const many = Array.from({ length: 1001 }, (_, i) => `p${i}=1`).join('&');

/** @type {[string, string, (parse: (query: string) => any) => unknown][]} */
const rows = [
  ['invalid escape beside non-ASCII', 'a=中%zz%41', (parse) => parse('a=中%zz%41').a],
  ['invalid UTF-8', 'a=%C3%28', (parse) => parse('a=%C3%28').a],
  ['overlong / surrogate UTF-8', 'a=%C0%AF%ED%A0%80', (parse) => parse('a=%C0%AF%ED%A0%80').a],
  ['truncated escape', 'a=%E4%B8', (parse) => parse('a=%E4%B8').a],
  ['lone surrogate', 'a=\\ud800', (parse) => parse('a=\ud800').a],
  ['plus', 'a=1+2%2B3', (parse) => parse('a=1+2%2B3').a],
  ['duplicates', 'a=1&a=2', (parse) => parse('a=1&a=2').a],
  ['`__proto__`', '__proto__=x', (parse) => own(parse('__proto__=x'), '__proto__')],
  ['brackets', 'b[c]=1', (parse) => parse('b[c]=1')['b[c]'] ?? parse('b[c]=1').b],
  ['1001 parameters', 'p0=1&...&p1000=1', (parse) => Object.keys(parse(many)).length],
];

/** @type {[string, (query: string) => any][]} */
const parsers = [
  [
    '@ws-compat/query-params',
    (query) => {
      const result = tryParseQuery(query);
      return result.ok ? result.value.toObject() : { a: `${result.error.code}` };
    },
  ],
  ['new URL().searchParams', (query) => Object.fromEntries(new URL('http://h/?' + query).searchParams)],
  [
    'new URLSearchParams(str) (Node ' + process.version + ')',
    (query) => Object.fromEntries(new URLSearchParams(query)),
  ],
  ['node:querystring', (query) => querystring.parse(query)],
  ['fast-querystring', (query) => fastQuerystring.parse(query)],
  ['qs', (query) => qs.parse(query)],
];

console.log(`| input | ${parsers.map(([name]) => name).join(' | ')} |`);
console.log(`|${[0, ...parsers].map(() => ' --- ').join('|')}|`);
for (const [name, input, read] of rows) {
  const cells = parsers.map(([parserName, parse]) => {
    if (name === '1001 parameters' && parserName.startsWith('@ws-compat')) {
      const result = tryParseQuery(many);
      return result.ok ? show(result.value.size) : `\`${result.error.code}\` (default maxParams 1000)`;
    }
    return attempt(() => read(parse));
  });
  console.log(`| ${name}: \`${input}\` | ${cells.join(' | ')} |`);
}

// The request-target trap, which no query parser sees: how a base URL turns a path into a host.
const target = '//evil.example/x?a=1';
console.log(`\nrequest target \`${target}\`:`);
console.log(`- new URL(target, 'http://localhost').host = ${new URL(target, 'http://localhost').host}`);
console.log(
  `- parseQuery(target).get('a') = ${parseQuery(target).get('a')} (a path; the host is never read)`,
);
