import fc from 'fast-check';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { oracleEntries, propertyRuns, shapedInput } from './_test/query-arbitraries.js';

// Node 18 has no String.prototype.isWellFormed: load the parser without it, as it would load there.
const stringPrototype = String.prototype as { isWellFormed?: unknown };
const isWellFormed = stringPrototype.isWellFormed;
let parseQuery: typeof import('./parse.js').parseQuery;

beforeAll(async () => {
  delete stringPrototype.isWellFormed;
  vi.resetModules();
  ({ parseQuery } = await import('./parse.js'));
});

afterAll(() => {
  stringPrototype.isWellFormed = isWellFormed;
});

test('without isWellFormed, long queries with lone surrogates still decode to U+FFFD', () => {
  expect('isWellFormed' in String.prototype).toBe(false);
  const long = 'x'.repeat(40);
  expect([...parseQuery(`a=${long}&b=\ud800&c=%41`)]).toEqual([
    ['a', long],
    ['b', '\ufffd'],
    ['c', 'A'],
  ]);
});

test('without isWellFormed, the parser still matches new URL().searchParams', () => {
  fc.assert(
    fc.property(fc.oneof(shapedInput.target, shapedInput.question), (input) => {
      expect([...parseQuery(input, { maxParams: Infinity })]).toEqual(oracleEntries(input));
    }),
    { numRuns: Math.min(propertyRuns, 5000) },
  );
});
