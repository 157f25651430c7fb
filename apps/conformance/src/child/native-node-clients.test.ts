import { describe, expect, test } from 'vitest';
import { withCallShape } from './native-node-clients.js';
import type { AttemptSpec } from './protocol.js';

const spec = (options: AttemptSpec['options']): AttemptSpec => ({
  url: 'ws://127.0.0.1:1/x',
  options,
  timeoutMs: 5_000,
  exchange: true,
});

describe('withCallShape', () => {
  test.each([
    { selector: 'websocket-node', options: { protocols: ['chat'] }, implementation: 'ws' },
    { selector: 'faye-websocket', options: {}, implementation: 'ws' },
    // the scenario forces the browser path: kept
    {
      selector: 'faye-websocket',
      options: { implementation: 'browser' as const },
      implementation: 'browser',
    },
    // header-options recognises these itself
    { selector: 'partysocket', options: {}, implementation: undefined },
    { selector: 'ws@8', options: {}, implementation: undefined },
  ])('$selector, $options.implementation -> $implementation', ({ selector, options, implementation }) => {
    const given = spec(options);
    const shaped = withCallShape(selector, given);
    expect(shaped.options.implementation).toBe(implementation);
    expect({ ...shaped, options: { ...shaped.options, implementation: undefined } }).toEqual({
      ...given,
      options: { ...given.options, implementation: undefined },
    });
    // the scenario's spec is never changed in place
    expect(given.options.implementation).toBe(options.implementation);
  });
});
