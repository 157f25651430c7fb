import { bearerSubprotocol } from '@ws-compat/header-options';
import { describe, expect, test } from 'vitest';
import { selectSubprotocol, splitOfferedProtocols } from './subprotocol.js';

const TOKEN = bearerSubprotocol.encode('secret');

describe('selectSubprotocol', () => {
  test.each([
    ['client order wins', ['b', 'a'], ['a', 'b'], 'b'],
    ['first supported offer', ['x', 'a'], ['a', 'b'], 'a'],
    ['nothing supported', ['x', 'y'], ['a'], false],
    ['nothing offered', [], ['a'], false],
    ['the token subprotocol is never picked', [TOKEN, 'a'], [TOKEN, 'a'], 'a'],
    ['only the token offered', [TOKEN], [TOKEN], false],
    [
      'token prefix in another case is still a token',
      [TOKEN.toUpperCase(), 'a'],
      [TOKEN.toUpperCase(), 'a'],
      'a',
    ],
    ['offers are trimmed (ws 2-4 do not trim)', [' a ', 'b'], ['a'], 'a'],
    ['an empty offer (ws 2-4 pass [""]) is skipped', [''], [''], false],
    ['an invalid token is never echoed', ['bad proto', 'chät', 'a'], ['bad proto', 'chät', 'a'], 'a'],
    ['case-sensitive match', ['Chat'], ['chat'], false],
  ] as [string, string[], string[], string | false][])('%s', (_name, offered, supported, expected) => {
    expect(selectSubprotocol(offered, supported)).toBe(expected);
    expect(selectSubprotocol(new Set(offered), supported)).toBe(expected);
  });

  test('a custom prefix', () => {
    const token = bearerSubprotocol.encode('secret', 'token.');
    expect(selectSubprotocol([token, 'a'], [token, 'a'], { subprotocolPrefix: 'token.' })).toBe('a');
    expect(selectSubprotocol([token], [token])).toBe(token);
  });
});

describe('splitOfferedProtocols', () => {
  test.each([
    [null, [], []],
    ['chat', ['chat'], []],
    ['chat, superchat', ['chat', 'superchat'], []],
    [' a ,b ', ['a', 'b'], []],
    ['a,,b', ['a', 'b'], []],
    ['', [], []],
    [`chat, ${TOKEN}`, ['chat'], [TOKEN]],
    [`${TOKEN},chat`, ['chat'], [TOKEN]],
  ] as [string | null, string[], string[]][])('%j', (value, offered, tokens) => {
    expect(splitOfferedProtocols(value, bearerSubprotocol.prefix)).toEqual({ offered, tokens });
  });
});
