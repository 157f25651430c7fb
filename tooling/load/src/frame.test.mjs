// @ts-check
import { describe, expect, test } from 'vitest';
import { decodeServerFrame, encodeClientFrame, encodeCloseFrame } from './frame.mjs';

/**
 * Unmask a client frame the way a server does.
 *
 * @param {Buffer} frame
 */
function unmask(frame) {
  const short = frame.readUInt8(1) & 0x7f;
  const offset = short === 126 ? 4 : 2;
  const length = short === 126 ? frame.readUInt16BE(2) : short;
  const mask = frame.subarray(offset, offset + 4);
  const payload = Buffer.from(frame.subarray(offset + 4, offset + 4 + length));
  for (let i = 0; i < payload.length; i++)
    payload.writeUInt8(payload.readUInt8(i) ^ mask.readUInt8(i & 3), i);
  return {
    fin: (frame.readUInt8(0) & 0x80) !== 0,
    opcode: frame.readUInt8(0) & 0x0f,
    masked: (frame.readUInt8(1) & 0x80) !== 0,
    payload,
    total: offset + 4 + length,
  };
}

describe('encodeClientFrame', () => {
  test.each([
    { name: 'empty text', opcode: 0x1, payload: '' },
    { name: 'short text', opcode: 0x1, payload: 'ping' },
    { name: '125 bytes: last 7-bit length', opcode: 0x1, payload: 'x'.repeat(125) },
    { name: '126 bytes: 16-bit length', opcode: 0x1, payload: 'y'.repeat(126) },
    { name: '5000 bytes', opcode: 0x1, payload: 'é'.repeat(2500) },
  ])('$name: final, masked, payload intact after unmasking', ({ opcode, payload }) => {
    const bytes = Buffer.from(payload);
    const frame = encodeClientFrame(opcode, bytes);
    const decoded = unmask(frame);
    expect(decoded).toEqual({ fin: true, opcode, masked: true, payload: bytes, total: frame.length });
  });

  test('a close frame carries status 1000', () => {
    const decoded = unmask(encodeCloseFrame());
    expect(decoded.opcode).toBe(0x8);
    expect(decoded.payload.readUInt16BE(0)).toBe(1000);
  });
});

describe('decodeServerFrame', () => {
  test.each([
    { name: '7-bit length', header: [0x81, 5], payload: 'hello' },
    { name: '16-bit length', header: [0x81, 126, 0, 200], payload: 'z'.repeat(200) },
    { name: '64-bit length', header: [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0], payload: 'w'.repeat(65536) },
  ])('$name', ({ header, payload }) => {
    const frame = Buffer.concat([Buffer.from(header), Buffer.from(payload), Buffer.from('next')]);
    const decoded = decodeServerFrame(frame);
    expect(decoded?.payload.toString()).toBe(payload);
    expect(decoded?.opcode).toBe((header[0] ?? 0) & 0x0f);
    expect(decoded?.length).toBe(frame.length - 4);
  });

  test.each([
    { name: 'nothing', bytes: [] },
    { name: 'one byte', bytes: [0x81] },
    { name: 'half the 16-bit length', bytes: [0x81, 126, 0] },
    { name: 'payload incomplete', bytes: [0x81, 5, 104, 105] },
  ])('needs more bytes: $name', ({ bytes }) => {
    expect(decodeServerFrame(Buffer.from(bytes))).toBeNull();
  });
});
