import { expect, test } from 'vitest';
import { byteLengthOf, toSendable } from './_send-data.js';

const buffer = new Uint8Array([1, 2, 3, 4, 5, 6]).buffer;

test.each([
  { name: 'a string', input: 'héllo', expected: 'héllo', bytes: 6 },
  { name: 'null', input: null, expected: 'null', bytes: 4 },
  { name: 'undefined', input: undefined, expected: 'undefined', bytes: 9 },
  { name: 'an array', input: [1, 2], expected: '1,2', bytes: 3 },
  { name: 'an object', input: { a: 1 }, expected: '[object Object]', bytes: 15 },
  { name: 'true', input: true, expected: 'true', bytes: 4 },
  { name: '42', input: 42, expected: '42', bytes: 2 },
])('$name is text', ({ input, expected, bytes }) => {
  const sendable = toSendable(input);
  expect(sendable).toBe(expected);
  expect(byteLengthOf(sendable)).toBe(bytes);
});

test.each([
  { name: 'an ArrayBuffer', input: buffer, hex: '010203040506' },
  { name: 'a Uint16Array', input: new Uint16Array([0x0102, 0x0304]), hex: '02010403' },
  { name: 'a DataView over part of a buffer', input: new DataView(buffer, 1, 3), hex: '020304' },
  { name: 'a sub-array', input: new Uint8Array(buffer).subarray(2, 4), hex: '0304' },
  { name: 'a Float64Array', input: new Float64Array([1]), hex: '000000000000f03f' },
])('$name is binary: exactly its bytes, no copy', ({ input, hex }) => {
  const sendable = toSendable(input) as ArrayBuffer | Uint8Array;
  const view = sendable instanceof ArrayBuffer ? new Uint8Array(sendable) : sendable;
  expect(Buffer.from(view).toString('hex')).toBe(hex);
  expect(view.buffer).toBe(input instanceof ArrayBuffer ? input : (input as ArrayBufferView).buffer);
  expect(byteLengthOf(sendable)).toBe(hex.length / 2);
});

test('a Buffer passes through as itself; a Blob too, with its size', () => {
  const nodeBuffer = Buffer.from('ab');
  expect(toSendable(nodeBuffer)).toBe(nodeBuffer);
  const blob = new Blob(['abc']);
  expect(toSendable(blob)).toBe(blob);
  expect(byteLengthOf(blob)).toBe(3);
});
