/**
 * `npm run bench`: real-time factor per stage (prompt encoding, T2S, SoundStorm passes, codec
 * decode) for turns of 5, 10 and 30 s through the inference worker, passes per window against
 * the T x Q passes of an autoregressive decoder, the worker's peak RSS, and the Python reference
 * on the same turns where it can run.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defaultPackDir } from '../engine/packs.js';
import { WorkerClient } from '../engine/worker/client.js';
import { type BenchCommand, UsageError } from './args.js';
import { pythonReference } from './bench-python.js';

export interface BenchRecord {
  case: string;
  audio_s: number;
  wall_s: number;
  rtf: number;
  passes: number;
  windows: number;
  ar_passes: number;
  peak_rss_mb: number;
  provider: string;
  stages: Record<string, number>;
}

const PASSAGE =
  'The storm came in from the sea just after noon. Rain drummed on the roof, the garden gate banged in the wind, ' +
  'and the old dog curled up by the stove. We sat at the kitchen table with our coffee, counting the seconds between ' +
  'the lightning and the thunder, and talking about the trip we had planned for the spring. ';

/** About two and a half words a second: enough text that a target of `seconds` sounds natural. */
export function benchText(seconds: number): string {
  const words = PASSAGE.trim().split(/\s+/);
  const want = Math.max(4, Math.round(seconds * 2.5));
  return Array.from({ length: want }, (_, i) => words[i % words.length]).join(' ');
}

export async function runBench(command: BenchCommand): Promise<BenchRecord[]> {
  const packDir = command.pack ?? defaultPackDir();
  if (packDir === undefined) throw new UsageError('no model pack found: pass --pack DIR or set SOUNDSTORM_PACK');
  const client = new WorkerClient();
  const records: BenchRecord[] = [];
  let packInfo = { name: '', path: '', frameRate: 50, levels: 1 };
  let passesEach = 0;
  try {
    const pack = await client.call('open', { packDir, ...(command.providers !== undefined ? { providers: command.providers } : {}) });
    packInfo = { name: pack.name, path: pack.path, frameRate: pack.frameRate, levels: pack.levels };
    const provider = pack.providers.find((p) => p.role === 'soundstorm')?.provider ?? '?';
    const bytes = await readFile(fileURLToPath(new URL('../../assets/demo/alice.wav', import.meta.url)));
    await client.call('prepareVoice', { bytes, label: 'alice.wav', fresh: true });
    // Warm-up: the first runs of a session pay for allocation and kernel selection.
    const voice = await client.call('prepareVoice', { bytes, label: 'alice.wav', fresh: true });
    await client.call('render', { text: benchText(2), voiceId: voice.voiceId, seed: 0, targetSeconds: 2 });
    process.stderr.write(`pack ${pack.name} (${pack.path}) on ${provider}\n`);
    for (const seconds of command.cases) {
      const started = performance.now();
      const result = await client.call('render', { text: benchText(seconds), voiceId: voice.voiceId, seed: 1, targetSeconds: seconds });
      passesEach = Math.round(result.passes / result.windows);
      const wall = (performance.now() - started) / 1000;
      const memory = await client.call('memory', {});
      const audio = result.frames / pack.frameRate;
      const model = result.stageSeconds.t2s + result.stageSeconds.soundstorm + result.stageSeconds.decode;
      records.push({
        case: `${seconds}s`,
        audio_s: round(audio),
        wall_s: round(wall),
        rtf: round(wall / audio),
        passes: result.passes,
        windows: result.windows,
        ar_passes: result.frames * pack.levels,
        peak_rss_mb: Math.round(memory.peakRssMb),
        provider,
        stages: {
          prompt_encode: round(voice.promptSeconds),
          text: round(Math.max(0, wall - model)),
          t2s: round(result.stageSeconds.t2s),
          soundstorm: round(result.stageSeconds.soundstorm),
          decode: round(result.stageSeconds.decode),
        },
      });
    }
  } finally {
    await client.dispose();
  }
  const reference = command.python ? pythonReference(packInfo, command.cases, benchText, passesEach) : 'python reference: skipped (--no-python)';
  if (typeof reference !== 'string') records.push(...reference);
  process.stdout.write(`${formatTable(records)}\n${typeof reference === 'string' ? `${reference}\n` : ''}`);
  if (command.json !== undefined) await writeFile(command.json, `${JSON.stringify(records, null, 2)}\n`);
  return records;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function formatTable(records: readonly BenchRecord[]): string {
  const header = ['case', 'audio s', 'wall s', 'RTF', 'passes', 'windows', 'AR passes', 'prompt s', 'text s', 't2s s', 'storm s', 'decode s', 'peak MB', 'provider'];
  const rows = records.map((r) => [
    r.case,
    r.audio_s.toFixed(2),
    r.wall_s.toFixed(3),
    r.rtf.toFixed(3),
    String(r.passes),
    String(r.windows),
    String(r.ar_passes),
    (r.stages.prompt_encode ?? 0).toFixed(3),
    (r.stages.text ?? 0).toFixed(3),
    (r.stages.t2s ?? 0).toFixed(3),
    (r.stages.soundstorm ?? 0).toFixed(3),
    (r.stages.decode ?? 0).toFixed(3),
    String(r.peak_rss_mb),
    r.provider,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] as number)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
