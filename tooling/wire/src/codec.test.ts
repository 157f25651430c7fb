import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { binaryFrame, closeFrame, fragmentFrames, pingFrame, textFrame } from './builders.js';
import { decodeClosePayload, decodeFrames, FrameDecoder } from './decode.js';
import { encodeClosePayload, encodeFrame } from './encode.js';
import { Opcode } from './opcodes.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('encodeFrame: exact bytes', () => {
  test.each([
    { name: 'text "hi"', bytes: textFrame('hi'), expected: '81026869' },
    { name: 'binary [1,2,3]', bytes: binaryFrame([1, 2, 3]), expected: '8203010203' },
    { name: 'empty close', bytes: closeFrame(), expected: '8800' },
    { name: 'close 1000 "bye"', bytes: closeFrame(1000, 'bye'), expected: '880503e8627965' },
    { name: 'close 1005 in a frame', bytes: closeFrame(1005), expected: '880203ed' },
    { name: 'ping "abc"', bytes: pingFrame('abc'), expected: '8903616263' },
    { name: 'RSV1 text', bytes: textFrame('hi', { rsv1: true }), expected: 'c1026869' },
    { name: 'RSV2+RSV3', bytes: textFrame('', { rsv2: true, rsv3: true }), expected: 'b100' },
    { name: 'no FIN', bytes: textFrame('a', { fin: false }), expected: '010161' },
    { name: 'reserved opcode 3', bytes: encodeFrame({ opcode: Opcode.RESERVED_3 }), expected: '8300' },
    {
      name: 'masked with a given key',
      bytes: textFrame('hi', { mask: new Uint8Array([1, 2, 3, 4]) }),
      expected: '818201020304696b',
    },
    { name: '16-bit length, not minimal', bytes: textFrame('a', { lengthForm: 16 }), expected: '817e000161' },
    {
      name: '64-bit length, not minimal',
      bytes: textFrame('a', { lengthForm: 64 }),
      expected: '817f000000000000000161',
    },
    { name: 'a lying length', bytes: textFrame('a', { length: 5 }), expected: '810561' },
    {
      name: 'invalid UTF-8 as bytes',
      bytes: textFrame(new Uint8Array([0x68, 0x69, 0xff, 0xfe])),
      expected: '81046869fffe',
    },
  ])('$name', ({ bytes, expected }) => {
    expect(hex(bytes)).toBe(expected);
  });

  test.each([
    { length: 125, header: '827d' },
    { length: 126, header: '827e007e' },
    { length: 65535, header: '827effff' },
    { length: 65536, header: '827f0000000000010000' },
  ])('length $length uses the minimal form', ({ length, header }) => {
    const frame = binaryFrame(new Uint8Array(length));
    expect(hex(frame.subarray(0, header.length / 2))).toBe(header);
    expect(frame.length).toBe(header.length / 2 + length);
  });

  test.each([
    { name: 'opcode 16', spec: { opcode: 16 }, message: 'opcode must be an integer 0-15 (got 16)' },
    { name: 'opcode -1', spec: { opcode: -1 }, message: 'opcode must be an integer 0-15 (got -1)' },
    {
      name: '3-byte mask',
      spec: { opcode: 1, mask: new Uint8Array(3) },
      message: 'a mask key is 4 bytes (got 3)',
    },
    {
      name: '7-bit form for 126 bytes',
      spec: { opcode: 2, payload: new Uint8Array(126), lengthForm: 7 as const },
      message: 'lengthForm 7 cannot carry a length of 126',
    },
  ])('refuses $name', ({ spec, message }) => {
    expect(() => encodeFrame(spec)).toThrow(new RangeError(message));
  });
});

describe('decode', () => {
  test('a masked frame is unmasked, with its key and flags', () => {
    const { frames, rest } = decodeFrames(
      textFrame('hi', { mask: new Uint8Array([1, 2, 3, 4]), rsv1: true }),
    );
    expect(rest.length).toBe(0);
    expect(frames).toEqual([
      {
        fin: true,
        rsv1: true,
        rsv2: false,
        rsv3: false,
        opcode: 1,
        masked: true,
        maskKey: new Uint8Array([1, 2, 3, 4]),
        length: 2,
        lengthForm: 7,
        payload: Buffer.from('hi'),
      },
    ]);
  });

  test('an incomplete frame stays in rest; fragments decode one by one', () => {
    const parts = fragmentFrames(Opcode.TEXT, ['hö', 'llo']);
    const joined = Buffer.concat([...parts, Buffer.from([0x81])]);
    const { frames, rest } = decodeFrames(joined);
    expect(frames.map((frame) => [frame.opcode, frame.fin, frame.payload.toString()])).toEqual([
      [1, false, 'hö'],
      [0, true, 'llo'],
    ]);
    expect(hex(rest)).toBe('81');
  });

  test.each([
    { name: 'empty', payload: '', expected: { code: null, reasonText: '' } },
    { name: 'one byte', payload: '03', expected: { code: null, reasonText: '\u0003' } },
    { name: '1000', payload: '03e8', expected: { code: 1000, reasonText: '' } },
    { name: '4001 custom', payload: '0fa1637573746f6d', expected: { code: 4001, reasonText: 'custom' } },
    {
      name: 'invalid UTF-8 reason',
      payload: '03e8fffe',
      expected: { code: 1000, reasonText: '\ufffd\ufffd' },
    },
  ])('close payload: $name', ({ payload, expected }) => {
    expect(decodeClosePayload(Buffer.from(payload, 'hex'))).toMatchObject(expected);
  });

  test('encodeClosePayload: reason without code is raw bytes (a 1-byte payload on purpose)', () => {
    expect(hex(encodeClosePayload(undefined, new Uint8Array([3])))).toBe('03');
  });
});

describe('round trip (property)', () => {
  const frameSpec = fc
    .record({
      opcode: fc.integer({ min: 0, max: 15 }),
      fin: fc.boolean(),
      rsv1: fc.boolean(),
      rsv2: fc.boolean(),
      rsv3: fc.boolean(),
      mask: fc.option(fc.uint8Array({ minLength: 4, maxLength: 4 }), { nil: undefined }),
      payload: fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        // long payloads around the 16/64-bit boundary: a pattern, not 65 536 generated bytes
        fc
          .tuple(fc.integer({ min: 65530, max: 65600 }), fc.integer({ min: 0, max: 255 }))
          .map(([length, seed]) => Uint8Array.from({ length }, (_, index) => (seed + index) & 0xff)),
      ),
      lengthForm: fc.option(fc.constantFrom(16 as const, 64 as const), { nil: undefined }),
    })
    .map((spec) =>
      spec.lengthForm === 16 && spec.payload.length > 65535 ? { ...spec, lengthForm: 64 as const } : spec,
    );

  test('decode(encode(spec)) gives the spec back, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(frameSpec, { minLength: 1, maxLength: 4 }),
        fc.oneof(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1000, max: 70000 })),
        (specs, chunk) => {
          const bytes = Buffer.concat(specs.map((spec) => encodeFrame(spec)));
          const decoder = new FrameDecoder();
          const frames = [];
          for (let offset = 0; offset < bytes.length; offset += chunk) {
            frames.push(...decoder.push(bytes.subarray(offset, offset + chunk)));
          }
          expect(decoder.buffered).toBe(0);
          expect(frames.length).toBe(specs.length);
          for (const [index, spec] of specs.entries()) {
            const frame = frames[index]!;
            expect(frame.opcode).toBe(spec.opcode);
            expect([frame.fin, frame.rsv1, frame.rsv2, frame.rsv3]).toEqual([
              spec.fin,
              spec.rsv1,
              spec.rsv2,
              spec.rsv3,
            ]);
            expect(frame.masked).toBe(spec.mask !== undefined);
            expect(hex(frame.payload)).toBe(hex(spec.payload));
            expect(frame.lengthForm).toBe(
              spec.lengthForm ?? (spec.payload.length < 126 ? 7 : spec.payload.length < 65536 ? 16 : 64),
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
