import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { speechLike } from '../../../test/unit/helpers/signals.js';
import { decodeAudio } from '../decode.js';
import { integratedLoudness } from '../loudness.js';
import { type ExportInput, exportMix } from './export-mix.js';
import { truePeakDb } from './true-peak.js';
import { useTempDir } from '../../../test/unit/helpers/temp-dir.js';

const RATE = 24000;
const alice = speechLike(RATE, 3, 190, 7).map((v) => v * 0.3);
const bob = speechLike(RATE, 2.5, 110, 8).map((v) => v * 0.5);
const input: ExportInput = {
  lanes: [
    {
      id: 'spk-a',
      name: 'Alice',
      pan: -0.3,
      clips: [{ audio: alice, sampleRate: RATE, start: 0, text: 'Good morning! Did you sleep well?' }],
    },
    {
      id: 'spk-b',
      name: 'Bob',
      gain: -2,
      pan: 0.3,
      clips: [{ audio: bob, sampleRate: RATE, start: 3.3, trimOut: 0.2, text: 'Not really.' }],
    },
  ],
};
const hasSox = ((): boolean => {
  try {
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const tempDir = useTempDir('export-');

describe('exportMix', () => {
  it('writes a 24-bit 48 kHz WAV at -16 LUFS under -1 dBTP, with stems and subtitles', async () => {
    const fractions: number[] = [];
    const result = await exportMix(input, {
      path: join(tempDir(), 'talk.wav'),
      stems: true,
      subtitles: ['srt', 'vtt'],
      onProgress: (p) => fractions.push(p.fraction),
    });
    expect(result.files.map((f) => f.path.slice(tempDir().length + 1))).toEqual([
      'talk.wav',
      'talk.alice.wav',
      'talk.bob.wav',
      'talk.srt',
      'talk.vtt',
    ]);
    expect(result.duration).toBeCloseTo(3.3 + 2.5 - 0.2, 6);
    expect(result.warnings).toEqual([]);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= (fractions[i - 1] as number))).toBe(true);
    const mix = await decodeAudio(await readFile(join(tempDir(), 'talk.wav')), 'talk.wav');
    expect(mix.sampleRate).toBe(48000);
    expect(mix.channels.length).toBe(2);
    expect(mix.channels[0]?.length).toBe(Math.ceil(result.duration * 48000 - 1e-6));
    expect(Math.abs(integratedLoudness(mix.channels, 48000) + 16)).toBeLessThan(1);
    expect(Math.abs(result.loudness + 16)).toBeLessThan(0.2);
    expect(truePeakDb(mix.channels)).toBeLessThan(-0.95);
    // Stems carry the mix's gain, so they add up to it (to within 24-bit rounding and dither).
    const a = await decodeAudio(await readFile(join(tempDir(), 'talk.alice.wav')), 'a');
    const b = await decodeAudio(await readFile(join(tempDir(), 'talk.bob.wav')), 'b');
    let worst = 0;
    for (let i = 0; i < (mix.channels[0]?.length ?? 0); i += 7) {
      worst = Math.max(
        worst,
        Math.abs((a.channels[0]?.[i] ?? 0) + (b.channels[0]?.[i] ?? 0) - (mix.channels[0]?.[i] ?? 0)),
      );
    }
    expect(worst).toBeLessThan(1e-5);
    // Bob's lane is silent before his clip, Alice's after hers.
    expect(Math.abs(b.channels[1]?.[48000] ?? 1)).toBeLessThan(1e-5);
    const srt = await readFile(join(tempDir(), 'talk.srt'), 'utf8');
    expect(srt).toBe(
      '1\n00:00:00,000 --> 00:00:03,000\nAlice: Good morning! Did you sleep well?\n\n2\n00:00:03,300 --> 00:00:05,600\nBob: Not really.\n',
    );
    const vtt = await readFile(join(tempDir(), 'talk.vtt'), 'utf8');
    expect(
      vtt.startsWith(
        'WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n<v Alice>Good morning! Did you sleep well?</v>\n',
      ),
    ).toBe(true);
  });

  it.runIf(hasSox)('writes files sox reads: 16-bit 44.1 kHz WAV', async () => {
    const path = join(tempDir(), 'sox.wav');
    await exportMix(input, { path, bitDepth: 16, sampleRate: 44100, loudness: { lufs: -18, truePeak: -1 } });
    const info = execFileSync('sox', ['--i', path], { encoding: 'utf8' });
    expect(info).toMatch(/Channels\s*:\s*2/);
    expect(info).toMatch(/Sample Rate\s*:\s*44100/);
    expect(info).toMatch(/Precision\s*:\s*16-bit/);
    const stat = spawnSync('sox', [path, '-n', 'stat'], { encoding: 'utf8' }).stderr;
    expect(Number(/Samples read:\s+(\d+)/.exec(stat)?.[1])).toBe(2 * Math.ceil(5.6 * 44100 - 1e-6));
    const max = /Maximum amplitude:\s+([\d.]+)/.exec(stat);
    expect(Number(max?.[1])).toBeLessThan(0.9);
    expect(Number(max?.[1])).toBeGreaterThan(0.3);
  });

  it('writes FLAC that decodes to the same samples as the WAV, and an MP3 on target loudness', async () => {
    await exportMix(input, { path: join(tempDir(), 'ref.wav'), bitDepth: 16 });
    const flacResult = await exportMix(input, { path: join(tempDir(), 'same.flac'), bitDepth: 16 });
    expect(flacResult.format).toBe('flac');
    const wav = await decodeAudio(await readFile(join(tempDir(), 'ref.wav')), 'ref.wav');
    const flac = await decodeAudio(await readFile(join(tempDir(), 'same.flac')), 'same.flac');
    // audio-decode's FLAC decoder drops a final partial block (up to 4096 samples); sox reads them all.
    expect(flac.channels[0]?.length ?? 0).toBeGreaterThan((wav.channels[0]?.length ?? 0) - 4096);
    if (hasSox)
      expect(
        execFileSync('sox', ['--i', '-s', join(tempDir(), 'same.flac')], { encoding: 'utf8' }).trim(),
      ).toBe(String(wav.channels[0]?.length));
    for (const i of [1000, 50000, 150000, 250000])
      expect(flac.channels[1]?.[i]).toBeCloseTo(wav.channels[1]?.[i] ?? NaN, 6);
    if (hasSox)
      expect(execFileSync('sox', ['--i', join(tempDir(), 'same.flac')], { encoding: 'utf8' })).toMatch(
        /Sample Encoding: 16-bit FLAC/,
      );
    await exportMix(input, { path: join(tempDir(), 'talk.mp3'), mp3Bitrate: 128 });
    const mp3 = await decodeAudio(await readFile(join(tempDir(), 'talk.mp3')), 'talk.mp3');
    expect(mp3.sampleRate).toBe(48000);
    expect(mp3.channels[0]?.length ?? 0).toBeGreaterThan(5.5 * 48000);
    expect(Math.abs(integratedLoudness(mp3.channels, 48000) + 16)).toBeLessThan(1);
  });

  it('cancels without leaving files, refuses mismatched names and empty timelines', async () => {
    const controller = new AbortController();
    const path = join(tempDir(), 'cancelled.wav');
    await expect(
      exportMix(input, {
        path,
        stems: true,
        signal: controller.signal,
        onProgress: (p) => p.stage === 'encode' && controller.abort(),
      }),
    ).rejects.toThrow(/Cancelled/);
    expect((await readdir(tempDir())).filter((f) => f.startsWith('cancelled'))).toEqual([]);
    // Cancelled inside the MP3 encoder, which reports progress chunk by chunk.
    const during = new AbortController();
    const seen: string[] = [];
    await expect(
      exportMix(input, {
        path: join(tempDir(), 'cancelled.mp3'),
        signal: during.signal,
        onProgress: (p) => (seen.push(p.stage), p.stage === 'encode' && p.fraction > 0.55 && during.abort()),
      }),
    ).rejects.toThrow(/Cancelled/);
    expect(seen.filter((s) => s === 'encode').length).toBeGreaterThan(1);
    expect((await readdir(tempDir())).filter((f) => f.startsWith('cancelled'))).toEqual([]);
    await expect(exportMix(input, { path: join(tempDir(), 'x.wav'), format: 'mp3' })).rejects.toThrow(
      /x\.wav ends in \.wav but the export format is MP3/,
    );
    await expect(exportMix({ lanes: [] }, { path: join(tempDir(), 'none.wav') })).rejects.toThrow(
      /no audio clips/,
    );
    expect(existsSync(join(tempDir(), 'none.wav'))).toBe(false);
  });

  it('exports a range of the timeline with subtitles timed from its start', async () => {
    const path = join(tempDir(), 'range.wav');
    const result = await exportMix(input, {
      path,
      range: { start: 1, end: 4 },
      subtitles: ['srt'],
      loudness: null,
    });
    expect(result.duration).toBe(3);
    const audio = await decodeAudio(await readFile(path), 'range.wav');
    expect(audio.channels[0]?.length).toBe(3 * 48000);
    expect(await readFile(join(tempDir(), 'range.srt'), 'utf8')).toBe(
      '1\n00:00:00,000 --> 00:00:02,000\nAlice: Good morning! Did you sleep well?\n\n2\n00:00:02,300 --> 00:00:03,000\nBob: Not really.\n',
    );
    await expect(exportMix(input, { path, range: { start: 2, end: 1 } })).rejects.toThrow(
      /must end after it starts/,
    );
  });

  it('warns when the mix clips and no loudness target is set', async () => {
    const loud: ExportInput = {
      lanes: [
        { id: 'a', name: 'A', clips: [{ audio: alice.map((v) => v * 40), sampleRate: RATE, start: 0 }] },
      ],
    };
    const result = await exportMix(loud, { path: join(tempDir(), 'loud.wav'), loudness: null });
    expect(result.warnings[0]).toMatch(/will clip/);
  });
});
