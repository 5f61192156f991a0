import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../../main/api/wire.js';

describe('wire codec', () => {
  it('round-trips typed arrays inside nested messages bit for bit', () => {
    const samples = new Float32Array([0, -1, 1, 0.1234567, Number.MIN_VALUE, -0.5]);
    const codes = new Int32Array([0, 1023, -7, 2 ** 31 - 1]);
    const bytes = new Uint8Array([0, 255, 128, 1, 2]);
    const decoded = decodeWire(encodeWire({ a: { samples, list: [codes, bytes] }, text: 'x' })) as {
      a: { samples: Float32Array; list: [Int32Array, Uint8Array] };
      text: string;
    };
    expect(decoded.a.samples).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded.a.samples)).toEqual(Array.from(samples));
    expect(decoded.a.list[0]).toBeInstanceOf(Int32Array);
    expect(Array.from(decoded.a.list[0])).toEqual(Array.from(codes));
    expect(Array.from(decoded.a.list[1])).toEqual(Array.from(bytes));
    expect(decoded.text).toBe('x');
  });

  it('encodes only the viewed part of a shared buffer', () => {
    const whole = new Float32Array([1, 2, 3, 4]);
    const view = whole.subarray(1, 3);
    const decoded = decodeWire(encodeWire(view)) as Float32Array;
    expect(Array.from(decoded)).toEqual([2, 3]);
  });

  it('carries large arrays (a minute of 16 kHz audio)', () => {
    const samples = new Float32Array(16000 * 60).map((_, i) => Math.sin(i / 10));
    const decoded = decodeWire(encodeWire({ samples })) as { samples: Float32Array };
    expect(decoded.samples.length).toBe(samples.length);
    expect(decoded.samples[12345]).toBe(samples[12345]);
  });

  it('leaves look-alike objects that are not typed-array tags alone', () => {
    const value = { $typed: 'Function', data: 'AAAA' };
    expect(decodeWire(encodeWire(value))).toEqual(value);
  });
});
