import { describe, expect, test } from 'vitest';
import {
  isForwardingHeader,
  isHopSeparator,
  isLegacyHeaderOption,
  isQuerySeparator,
  isRequestName,
  isStringOnlyMethod,
  isWhatwgClientModule,
  isWsModule,
} from './patterns.js';

describe('patterns', () => {
  test.each([
    [isLegacyHeaderOption, 'extraHeaders', true],
    [isLegacyHeaderOption, 'extra_headers', true],
    [isLegacyHeaderOption, 'additional_headers', true],
    [isLegacyHeaderOption, 'headers', false],
    [isForwardingHeader, 'X-Forwarded-For', true],
    [isForwardingHeader, 'x-real-ip', true],
    [isForwardingHeader, 'forwarded', false],
    [isRequestName, 'req', true],
    [isRequestName, 'upgradeReq', true],
    [isRequestName, 'res', false],
    [isStringOnlyMethod, 'trim', true],
    [isStringOnlyMethod, 'startsWith', true],
    // Buffers have these: calling them on a ws 8 message is not the bug.
    [isStringOnlyMethod, 'includes', false],
    [isStringOnlyMethod, 'toString', false],
    [isStringOnlyMethod, 'slice', false],
    [isWsModule, 'ws', true],
    [isWsModule, 'isomorphic-ws', true],
    [isWsModule, 'undici', false],
    [isWhatwgClientModule, 'undici', true],
    [isHopSeparator, ',', true],
    [isHopSeparator, ', ', true],
    [isHopSeparator, ';', false],
    [isQuerySeparator, '?', true],
    [isQuerySeparator, '#', false],
  ] as const)('%o(%s) is %s', (predicate, input, expected) => {
    expect(predicate(input)).toBe(expected);
  });
});
