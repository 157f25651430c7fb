import type { HeaderShape } from '../child/protocol.js';
import { Checks, customLines, expectOpened } from './_checks.js';
import type { Scenario } from './_types.js';

// Lower-case, sorted names: a Headers object iterates that way, so every shape can give identical bytes.
const SINGLE: [string, string][] = [
  ['x-alpha', 'a1'],
  ['x-beta', 'b 2'],
  ['x-gamma', 'g\u00e93'],
];
const SINGLE_SHAPES: Record<string, HeaderShape> = {
  record: { shape: 'record', value: Object.fromEntries(SINGLE) },
  Headers: { shape: 'headers', entries: SINGLE },
  Map: { shape: 'map', entries: SINGLE },
  pairs: { shape: 'pairs', entries: SINGLE },
};
// Several values of one header: an array value, or Headers.append() twice.
const MULTI_SHAPES: Record<string, HeaderShape> = {
  'record with array value': { shape: 'record', value: { 'x-multi': ['a', 'b'], 'x-one': '1' } },
  'Headers with append': {
    shape: 'headers',
    entries: [
      ['x-multi', ['a', 'b']],
      ['x-one', '1'],
    ],
  },
  'Map with array value': {
    shape: 'map',
    entries: [
      ['x-multi', ['a', 'b']],
      ['x-one', '1'],
    ],
  },
  'pairs with array value': {
    shape: 'pairs',
    entries: [
      ['x-multi', ['a', 'b']],
      ['x-one', '1'],
    ],
  },
};

export const headerShapes: Scenario = {
  id: 'header-shapes',
  title: 'A record, array values, Headers, Map and [name, value] pairs produce identical bytes',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    for (const shapes of [SINGLE_SHAPES, MULTI_SHAPES]) {
      let reference: { label: string; lines: string[] } | null = null;
      for (const [label, headers] of Object.entries(shapes)) {
        const record = await cell.attempt({ path: '/shapes', options: { headers } });
        if (!expectOpened(checks, record, label)) return checks.verdict();
        const lines = customLines(record.request);
        if (reference === null) {
          reference = { label, lines };
          checks.that(lines.length > 0, `${label}: no x- header was sent`);
        } else checks.equal(lines, reference.lines, `${label} vs ${reference.label}`);
      }
    }
    return checks.verdict();
  },
};
