// @ts-check
/**
 * The five workloads of issue 3, as plain data: the query each parser gets and what "reading it" means.
 * Shared by the benchmark and its sanity check (every peer must read the same values).
 */

const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** @param {number} length @param {number} seed */
function base64urlText(length, seed) {
  let out = '';
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out += base64url[state >>> 26];
  }
  return out;
}

// A JWT shape: header.payload.signature, ~200 characters, base64url only (nothing to decode).
export const jwtToken = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${base64urlText(126, 7)}.${base64urlText(43, 11)}`;

/** 1 and 2: a typical WebSocket upgrade query, 230 characters. */
export const typical = `token=${jwtToken}&room=general&v=2`;

/** 3: the smallest query. */
export const tiny = 'a=1';

const words = ['Zürich', 'São Paulo', '東京', 'Кыїв', '🚀 launch', 'naïve café', 'Ελλάδα', 'שלום'];
/** 4: 50 parameters with percent-encoded UTF-8 values. */
export const encoded = Array.from(
  { length: 50 },
  (_, i) => `p${i}=${encodeURIComponent(`${words[i % words.length]} ${i}`)}`,
).join('&');

/** 5: 16 KB of `aN=%C3%28` pairs: every value is invalid UTF-8. */
export const invalid = (() => {
  let out = '';
  for (let n = 0; ; n++) {
    const pair = `${n === 0 ? '' : '&'}a${n}=%C3%28`;
    if (out.length + pair.length > 16384) return out;
    out += pair;
  }
})();

/** Parameters in workload 5 (it needs maxParams above the default 1000). */
export const invalidCount = invalid.split('&').length;

/**
 * A flat string, as an HTTP parser hands over `req.url`: the workloads above are built by concatenation, and a
 * V8 cons string would make every parser pay for flattening it.
 * @param {string} text
 */
function flat(text) {
  return new TextDecoder().decode(new TextEncoder().encode(text));
}

export const workloads = [
  {
    id: 'typical-get',
    title: '1. typical 230-char query, get token + room',
    query: flat(typical),
    read: 'get',
  },
  {
    id: 'typical-object',
    title: '2. typical 230-char query, toObject()',
    query: flat(typical),
    read: 'object',
  },
  { id: 'tiny', title: '3. a=1, get a', query: flat(tiny), read: 'get' },
  {
    id: 'utf8-object',
    title: '4. 50 percent-encoded UTF-8 params, toObject()',
    query: flat(encoded),
    read: 'object',
  },
  { id: 'invalid-object', title: '5. 16 KB of aN=%C3%28, toObject()', query: flat(invalid), read: 'object' },
];
