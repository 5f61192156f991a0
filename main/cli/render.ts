/**
 * `soundstorm render`: a script and voice samples in, one mixed WAV out. Turns are queued on
 * the engine service (the same worker the app uses), earlier turns first; the turns are placed
 * one after another with pauses and written by the app's exporter (WAV, FLAC or MP3 by extension).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExportLane, exportMix } from '../audio/export/export-mix.js';
import { createEngineService, type ExtendedEngineService } from '../engine/service.js';
import type { RenderOutput } from '../engine/worker/protocol.js';
import { type RenderCommand, UsageError } from './args.js';
import { sequenceTurns } from './mix.js';
import { ProgressBar } from './progress.js';
import { parseScript, type Script } from './script.js';

export const EXPORT_LOUDNESS = -16;
const DEMO_DIR = fileURLToPath(new URL('../../assets/demo/', import.meta.url));
const DEMO_VOICES = ['alice.wav', 'bob.wav'];

/** Which file voices each speaker: --voice first, then the script's voices, then the demo voices. */
export function assignVoices(script: Script, scriptDir: string, flags: Record<string, string>): Map<string, string> {
  const speakers = [...new Set(script.turns.map((t) => t.speaker))];
  const unknownFlag = Object.keys(flags).find((name) => !speakers.includes(name));
  if (unknownFlag !== undefined) throw new UsageError(`--voice ${unknownFlag}=…: no turn in the script is spoken by "${unknownFlag}" (speakers: ${speakers.join(', ')})`);
  const assigned = new Map<string, string>();
  let demo = 0;
  for (const speaker of speakers) {
    const flag = flags[speaker];
    const fromScript = script.voices[speaker];
    if (flag !== undefined) assigned.set(speaker, resolve(flag));
    else if (fromScript !== undefined) assigned.set(speaker, isAbsolute(fromScript) ? fromScript : join(scriptDir, fromScript));
    else {
      const named = DEMO_VOICES.find((f) => f.replace('.wav', '') === speaker.toLowerCase());
      assigned.set(speaker, join(DEMO_DIR, named ?? (DEMO_VOICES[demo++ % DEMO_VOICES.length] as string)));
    }
  }
  for (const [speaker, path] of assigned) if (!existsSync(path)) throw new UsageError(`voice file for ${speaker} not found: ${path}`);
  return assigned;
}

export async function runRender(command: RenderCommand, bar = new ProgressBar()): Promise<void> {
  let text: string;
  try {
    text = await readFile(command.script, 'utf8');
  } catch {
    throw new UsageError(`cannot read script ${command.script}`);
  }
  const script = parseScript(text, command.script);
  const voices = assignVoices(script, dirname(resolve(command.script)), command.voices);
  const service = createEngineService({
    ...(command.pack !== undefined ? { packDir: command.pack } : {}),
    ...(command.providers !== undefined ? { providers: command.providers } : {}),
  });
  try {
    await renderWith(service, command, script, voices, bar);
  } finally {
    await service.dispose();
  }
}

async function renderWith(service: ExtendedEngineService, command: RenderCommand, script: Script, voices: Map<string, string>, bar: ProgressBar): Promise<void> {
  const voiceIds = new Map<string, string>();
  for (const [speaker, path] of voices) {
    const voice = await service.prepareVoice({ source: { kind: 'path', path } });
    voiceIds.set(speaker, voice.voiceId);
    bar.log(`voice ${speaker}: ${path} (${voice.duration.toFixed(1)} s${voice.cached ? ', cached' : ''})`);
  }
  const status = await service.status();
  bar.log(`pack ${status.pack?.name ?? '?'} on ${status.provider.active ?? '?'}`);
  const baseSeed = command.seed ?? script.seed ?? 0;
  const temperature = command.temperature;
  const results = new Map<string, RenderOutput>();
  const failures = new Map<string, string>();
  const progress = new Map<string, number>();
  const offResult = service.onJobResult((jobId, result) => {
    if ('windows' in result) results.set(jobId, result);
  });
  const offFailed = service.on('job.failed', (p) => failures.set(p.jobId, `${p.error.code}: ${p.error.message}`));
  const jobIds: string[] = [];
  const finished = new Promise<void>((resolveAll) => {
    const check = (): void => {
      if (jobIds.length === script.turns.length && jobIds.every((id) => results.has(id) || failures.has(id))) resolveAll();
    };
    service.on('job.done', check);
    service.on('job.failed', check);
    service.on('job.progress', (p) => {
      progress.set(p.jobId, p.fraction);
      const done = jobIds.reduce((sum, id) => sum + (results.has(id) || failures.has(id) ? 1 : (progress.get(id) ?? 0)), 0);
      bar.update(`rendering ${script.turns.length} turns`, done / script.turns.length);
    });
    queueMicrotask(check);
  });
  for (const [index, turn] of script.turns.entries()) {
    const { jobId } = await service.renderTurn({
      text: turn.text,
      voiceId: voiceIds.get(turn.speaker) as string,
      seed: turn.seed ?? (baseSeed + index) % 2 ** 32,
      speed: turn.speed ?? 1,
      ...(turn.duration !== undefined ? { targetDuration: turn.duration } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      priority: script.turns.length - index,
    });
    jobIds.push(jobId);
  }
  await finished;
  offResult();
  offFailed();
  bar.done();
  const failed = jobIds.findIndex((id) => failures.has(id));
  if (failed >= 0) throw new Error(`turn ${failed + 1} (${script.turns[failed]?.speaker}) failed: ${failures.get(jobIds[failed] as string)}`);
  const rendered = jobIds.map((id) => results.get(id) as RenderOutput);
  for (const [i, r] of rendered.entries()) for (const w of r.warnings) bar.log(`turn ${i + 1}: ${w}`);
  const rate = rendered[0]?.sampleRate ?? 16000;
  const pause = command.pause ?? script.pause ?? 0.4;
  const { starts } = sequenceTurns(
    rendered.map((r, i) => ({ audio: r.audio, pauseAfter: script.turns[i]?.pauseAfter ?? pause })),
    rate,
  );
  // One lane per speaker, clips at their script times: the app's exporter mixes and normalises.
  const speakers = [...new Set(script.turns.map((t) => t.speaker))];
  const lanes: ExportLane[] = speakers.map((speaker) => ({
    id: speaker,
    name: speaker,
    clips: rendered.flatMap((r, i) => (script.turns[i]?.speaker === speaker ? [{ audio: r.audio, sampleRate: rate, start: starts[i] ?? 0, text: script.turns[i]?.text ?? '' }] : [])),
  }));
  await mkdir(dirname(resolve(command.out)), { recursive: true });
  const exported = await exportMix({ lanes }, { path: command.out, loudness: { lufs: EXPORT_LOUDNESS, truePeak: -1 } });
  for (const warning of exported.warnings) bar.log(`export: ${warning}`);
  const compute = rendered.reduce((s, r) => s + r.stageSeconds.t2s + r.stageSeconds.soundstorm + r.stageSeconds.decode, 0);
  bar.log(`wrote ${command.out}: ${exported.duration.toFixed(2)} s at ${exported.loudness.toFixed(1)} LUFS, ${rendered.length} turns, ${compute.toFixed(2)} s of inference`);
}
