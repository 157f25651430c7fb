import { describe, expect, test } from 'vitest';
import { scriptBytes, scriptText, sendValue, thrownInfo } from './connection.js';
import type { BinaryView, ScriptData } from './protocol.js';

const BYTES = Uint8Array.of(0, 1, 0xfe, 0xff);
const BASE64 = Buffer.from(BYTES).toString('base64');

async function bytesOf(value: unknown): Promise<number[]> {
  if (value instanceof Blob) return [...new Uint8Array(await value.arrayBuffer())];
  if (value instanceof ArrayBuffer) return [...new Uint8Array(value)];
  if (ArrayBuffer.isView(value)) return [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)];
  throw new TypeError(`not bytes: ${String(value)}`);
}

describe('sendValue: each view carries exactly the bytes', () => {
  test.each<[BinaryView, string]>([
    ['arraybuffer', 'ArrayBuffer'],
    ['uint8array', 'Uint8Array'],
    ['uint16array', 'Uint16Array'],
    ['dataview', 'DataView'],
    ['buffer', 'Buffer'],
    ['blob', 'Blob'],
  ])('%s -> %s', async (view, className) => {
    const value = sendValue({ kind: 'binary', base64: BASE64, view, repeat: 2 });
    expect((value as object).constructor.name).toBe(className);
    expect(await bytesOf(value)).toEqual([...BYTES, ...BYTES]);
  });

  test('text stays a string, repeated', () => {
    expect(sendValue({ kind: 'text', text: 'é✓', repeat: 3 })).toBe('é✓é✓é✓');
  });
});

test.each<[ScriptData, number]>([
  [{ kind: 'text', text: 'é', repeat: 512 * 1024 }, 512 * 1024],
  [{ kind: 'text', text: 'abc' }, 3],
])('scriptText %#', (data, length) => {
  expect(scriptText(data as Extract<ScriptData, { kind: 'text' }>)).toHaveLength(length);
});

test('scriptBytes repeats the decoded unit', () => {
  expect([...scriptBytes({ kind: 'binary', base64: BASE64, view: 'uint8array', repeat: 3 })]).toEqual([
    ...BYTES,
    ...BYTES,
    ...BYTES,
  ]);
});

test.each([
  [
    new DOMException('bad code', 'InvalidAccessError'),
    { name: 'InvalidAccessError', code: null, message: 'bad code' },
  ],
  [
    Object.assign(new Error('timed out'), { code: 'CLOSE_TIMEOUT' }),
    { name: 'Error', code: 'CLOSE_TIMEOUT', message: 'timed out' },
  ],
  ['plain', { name: 'string', code: null, message: 'plain' }],
])('thrownInfo(%s)', (error, info) => {
  expect(thrownInfo(error)).toEqual(info);
});
