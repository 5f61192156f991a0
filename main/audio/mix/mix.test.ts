import { describe, expect, it } from 'vitest';
import { EDGE_FADE, edgeFade } from './clip-span.js';
import { panGains } from './gain.js';
import { mixOffline, renderStems, timelineDuration } from './render.js';
import type { MixLane } from './types.js';

const RATE = 1000;
const ones = (n: number, v = 1): Float32Array => new Float32Array(n).fill(v);
const lane = (id: string, clips: MixLane['clips'], extra: Partial<MixLane> = {}): MixLane => ({
  id,
  name: id,
  clips,
  ...extra,
});
const C = Math.SQRT1_2;

describe('offline mixer', () => {
  it('places a clip at its start with constant-power centre pan and edge fades', () => {
    const out = mixOffline(
      { lanes: [lane('a', [{ audio: ones(100), sampleRate: RATE, start: 0.05 }])] },
      { sampleRate: RATE },
    );
    // 5 ms fade at 1 kHz = 5 samples; clip occupies samples 50..149.
    expect(out.left.length).toBe(150);
    expect(out.left[49]).toBe(0);
    expect(out.left[50]).toBe(0); // the first faded sample is silent
    expect(out.left[52]).toBeCloseTo(C * (0.5 - 0.5 * Math.cos((Math.PI * 2) / 5)), 6);
    expect(out.left[55]).toBeCloseTo(C, 6);
    expect(out.right[100]).toBeCloseTo(C, 6);
    expect(out.left[149]).toBe(0);
    expect(out.left[147]).toBeCloseTo(C * (0.5 - 0.5 * Math.cos((Math.PI * 2) / 5)), 6);
  });

  it('applies trims, clip gain, lane gain and pan', () => {
    const audio = Float32Array.from({ length: 100 }, (_, i) => i / 100);
    const out = mixOffline(
      {
        lanes: [
          lane('a', [{ audio, sampleRate: RATE, start: 0, trimIn: 0.02, trimOut: 0.03, gain: -6 }], {
            gain: 6,
            pan: 1,
          }),
        ],
      },
      { sampleRate: RATE },
    );
    expect(out.left.length).toBe(50); // 100 - 20 trimmed in - 30 trimmed out
    const g = 10 ** (-6 / 20) * 10 ** (6 / 20);
    // sample 10 of the output is source sample 30 (trimIn 20), far from the edges
    expect(out.right[10]).toBeCloseTo(g * 0.3, 6);
    expect(Math.abs(out.left[10] as number)).toBeLessThan(1e-7);
  });

  it('sums overlapping clips and honours mute and solo', () => {
    const a = lane('a', [{ audio: ones(100, 0.25), sampleRate: RATE, start: 0 }], { pan: -1 });
    const b = lane('b', [{ audio: ones(100, 0.5), sampleRate: RATE, start: 0.05 }], { pan: -1 });
    const both = mixOffline({ lanes: [a, b] }, { sampleRate: RATE });
    expect(both.left.length).toBe(150);
    expect(both.left[30]).toBeCloseTo(0.25, 6);
    expect(both.left[70]).toBeCloseTo(0.75, 6);
    expect(both.left[120]).toBeCloseTo(0.5, 6);
    const soloB = mixOffline({ lanes: [a, { ...b, solo: true }] }, { sampleRate: RATE });
    expect(soloB.left[30]).toBe(0);
    expect(soloB.left[70]).toBeCloseTo(0.5, 6);
    const muteB = mixOffline({ lanes: [a, { ...b, mute: true }] }, { sampleRate: RATE });
    expect(muteB.left[70]).toBeCloseTo(0.25, 6);
    expect(muteB.left.length).toBe(150); // muted clips still set the timeline length
    const mutedSolo = mixOffline({ lanes: [a, { ...b, mute: true, solo: true }] }, { sampleRate: RATE });
    expect(mutedSolo.left[70]).toBe(0);
  });

  it('resamples clips at other rates to the output rate', () => {
    const rate = 8000;
    const tone = Float32Array.from(
      { length: 8000 },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 200 * i) / rate),
    );
    const out = mixOffline(
      { lanes: [lane('a', [{ audio: tone, sampleRate: rate, start: 0 }], { pan: -1 })] },
      { sampleRate: 16000 },
    );
    expect(out.left.length).toBe(16000);
    for (const i of [4000, 8001, 12345])
      expect(out.left[i]).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * 200 * i) / 16000), 3);
  });

  it('fades remove the click of a cut through a loud waveform', () => {
    const audio = ones(1000, 0.9);
    const out = mixOffline(
      { lanes: [lane('a', [{ audio, sampleRate: 48000, start: 0, trimIn: 0.001 }], { pan: -1 })] },
      { sampleRate: 48000 },
    );
    let maxStep = 0;
    for (let i = 1; i < out.left.length; i++)
      maxStep = Math.max(maxStep, Math.abs((out.left[i] as number) - (out.left[i - 1] as number)));
    expect(maxStep).toBeLessThan(0.9 * (Math.PI / (EDGE_FADE * 48000)) * 0.51 + 1e-6);
    expect(edgeFade(0, 10, 3)).toBe(0);
    expect(edgeFade(9, 10, 3)).toBe(0);
    expect(edgeFade(5, 10, 3)).toBe(1);
  });

  it('renders one full-length stem per lane, ignoring mute and solo', () => {
    const a = lane('a', [{ audio: ones(50), sampleRate: RATE, start: 0 }], { mute: true, pan: -1 });
    const b = lane('b', [{ audio: ones(50), sampleRate: RATE, start: 0.1 }], { solo: true, pan: 1 });
    const stems = renderStems({ lanes: [a, b] }, { sampleRate: RATE });
    expect([...stems.keys()]).toEqual(['a', 'b']);
    expect(stems.get('a')?.left.length).toBe(150);
    expect(stems.get('a')?.left[20]).toBeCloseTo(1, 6);
    expect(stems.get('b')?.right[120]).toBeCloseTo(1, 6);
    expect(stems.get('b')?.right[20]).toBe(0);
  });

  it('renders a range of the timeline, fading its edges when asked', () => {
    const input = { lanes: [lane('a', [{ audio: ones(100), sampleRate: RATE, start: 0.05 }], { pan: -1 })] };
    const cut = mixOffline(input, { sampleRate: RATE, start: 0.08, duration: 0.05 });
    expect(cut.left.length).toBe(50);
    expect(cut.left[0]).toBeCloseTo(1, 6); // timeline sample 80 = clip sample 30
    expect(cut.left[49]).toBeCloseTo(1, 6);
    const faded = mixOffline(input, { sampleRate: RATE, start: 0.08, duration: 0.05, fadeEdges: true });
    expect(faded.left[0]).toBe(0);
    expect(faded.left[49]).toBe(0);
    expect(faded.left[25]).toBeCloseTo(1, 6);
    const tail = mixOffline(input, { sampleRate: RATE, start: 0.12 });
    expect(tail.left.length).toBe(30); // to the end of the timeline
    expect(tail.left[0]).toBeCloseTo(1, 6);
  });

  it('reports progress, cancels, refuses negative starts and measures the timeline', () => {
    const input = {
      lanes: [
        lane('a', [
          { audio: ones(10), sampleRate: RATE, start: 0 },
          { audio: ones(10), sampleRate: RATE, start: 0.5, trimOut: 0.004 },
        ]),
      ],
    };
    expect(timelineDuration(input)).toBeCloseTo(0.506, 9);
    const seen: number[] = [];
    mixOffline(input, { sampleRate: RATE, onProgress: (p) => seen.push(p.fraction) });
    expect(seen).toEqual([0.5, 1]);
    const controller = new AbortController();
    controller.abort();
    expect(() => mixOffline(input, { sampleRate: RATE, signal: controller.signal })).toThrow(/Cancelled/);
    expect(() =>
      mixOffline(
        { lanes: [lane('x', [{ audio: ones(5), sampleRate: RATE, start: -1 }])] },
        { sampleRate: RATE },
      ),
    ).toThrow(/before the timeline/);
    expect(panGains(0).left).toBeCloseTo(C, 9);
  });
});
