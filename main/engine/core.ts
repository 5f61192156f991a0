/**
 * The engine as one object: a loaded pack with its sessions, the voice cache, and the three
 * jobs (prepare a voice, render a turn, regenerate a span). It runs inside the inference worker;
 * tests and the benchmark may also drive it in-process.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { prepareVoiceSample } from '../audio/voice-sample.js';
import { EngineError, throwIfAborted } from './errors.js';
import {
  type PromptTokens,
  renderTurn,
  type RunSet,
  type Stage,
  type TurnResult,
} from './generate/pipeline.js';
import { regenerateSpan, type SpanResult } from './generate/span.js';
import { type ProviderName } from './ort/providers.js';
import { createOrtScorer, type OrtScorer } from './ort/scorer.js';
import { openAllSessions, type ProviderReport, type SessionSet } from './ort/sessions.js';
import { loadPack, type LoadedPack } from './pack/load.js';
import type { Role } from './pack/manifest.js';
import { type CachedVoice, VoiceCache, voiceKey } from './prompt/cache.js';
import { encodePrompt } from './prompt/encode.js';
import { normaliseText } from './text/normalise.js';
import { phonemizeText, symbolsToIds } from './text/phonemize.js';
import type { Frames, Seconds } from './units.js';

export interface CoreOptions {
  readonly providers?: readonly ProviderName[];
  readonly cacheDir?: string;
  readonly intraOpThreads?: number;
}

export interface VoiceInfo {
  readonly voiceId: string;
  readonly duration: Seconds;
  readonly sampleRate: number;
  readonly peaks: number[];
  readonly cached: boolean;
}

/** What a turn render needs, as it crosses to the worker. */
export interface RenderArgs {
  readonly text: string;
  readonly voiceId: string;
  readonly seed: number;
  readonly speed?: number;
  readonly targetSeconds?: Seconds;
  readonly temperature?: number;
}

export interface TextRequest extends RenderArgs {
  readonly signal?: AbortSignal;
  readonly onProgress?: (stage: Stage | 'text', fraction: number) => void;
}

export interface TextResult extends TurnResult {
  /** Characters and phonemes that could not be spoken (left out or read as `<unk>`). */
  readonly warnings: string[];
  readonly sampleRate: number;
  readonly promptSeconds: Seconds;
}

export interface SpanJob {
  readonly clip: { frames: Frames; semantic: BigInt64Array; codes: BigInt64Array };
  readonly audio: Float32Array;
  readonly startSeconds: Seconds;
  readonly endSeconds: Seconds;
  readonly seed: number;
  readonly signal?: AbortSignal;
}

const WARM_UP_TEXT = [
  'Ready. The quick brown fox jumps over the lazy dog; she sells seashells by the seashore, and twenty-one thousand people heard it!',
  'How much wood would a woodchuck chuck? Peter Piper picked a peck of pickled peppers, while Mister Jones read the evening news.',
];

export class EngineCore {
  private constructor(
    readonly pack: LoadedPack,
    private readonly sessions: SessionSet,
    private readonly voices: VoiceCache,
    private readonly identity: string,
    private readonly scorer: OrtScorer,
  ) {}

  static async open(packDir: string, options: CoreOptions = {}): Promise<EngineCore> {
    const pack = await loadPack(packDir);
    const sessions = await openAllSessions(pack, {
      ...(options.providers !== undefined ? { providers: options.providers } : {}),
      ...(options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {}),
    });
    const files = pack.manifest.files;
    const identity = [pack.manifest.name, files.codec_encoder.sha256, files.semantic.sha256, `f${pack.manifest.semantic.promptFilter ?? 0}`].join(':');
    return new EngineCore(
      pack,
      sessions,
      new VoiceCache(options.cacheDir),
      identity,
      await createOrtScorer(),
    );
  }

  get runs(): RunSet {
    const s = this.sessions;
    return {
      codec_encoder: s.codec_encoder.run,
      codec_decoder: s.codec_decoder.run,
      semantic: s.semantic.run,
      t2s: s.t2s.run,
      soundstorm: s.soundstorm.run,
    };
  }

  providerReports(): Record<Role, ProviderReport> {
    const s = this.sessions;
    return {
      codec_encoder: s.codec_encoder.report,
      codec_decoder: s.codec_decoder.report,
      semantic: s.semantic.report,
      t2s: s.t2s.report,
      soundstorm: s.soundstorm.report,
    };
  }

  async prepareVoiceFile(path: string): Promise<VoiceInfo> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new EngineError(
        'AUDIO_INPUT',
        `${path}: cannot read the voice sample (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    return this.prepareVoice(bytes, basename(path));
  }

  /** `fresh` skips the cache lookup (the benchmark times prompt encoding). */
  async prepareVoice(
    bytes: Uint8Array,
    label: string,
    fresh = false,
  ): Promise<VoiceInfo & { promptSeconds: Seconds }> {
    const { manifest } = this.pack;
    const voiceId = voiceKey(bytes, this.identity);
    const hit = fresh ? undefined : await this.voices.get(voiceId);
    if (hit !== undefined) return { ...info(hit, manifest.sampleRate, true), promptSeconds: 0 };
    const started = performance.now();
    const voice = await prepareVoiceSample(bytes, label, manifest.sampleRate, manifest.hopLength);
    const tokens = await encodePrompt(
      this.sessions.codec_encoder.run,
      this.sessions.semantic.run,
      manifest,
      voice.audio,
    );
    const entry: CachedVoice = { voiceId, tokens, duration: voice.duration, peaks: voice.peaks };
    await this.voices.put(entry);
    return {
      ...info(entry, manifest.sampleRate, false),
      promptSeconds: (performance.now() - started) / 1000,
    };
  }

  async voiceTokens(voiceId: string): Promise<PromptTokens> {
    const voice = await this.voices.get(voiceId);
    if (voice === undefined)
      throw new EngineError('BAD_REQUEST', `voice ${voiceId} is not prepared in this engine`);
    return voice.tokens;
  }

  async renderText(request: TextRequest): Promise<TextResult> {
    const { manifest } = this.pack;
    const prompt = await this.voiceTokens(request.voiceId);
    request.onProgress?.('text', 0);
    const normalised = normaliseText(request.text);
    const warnings =
      normalised.unknown.length > 0
        ? [`left out characters that cannot be spoken: ${normalised.unknown.join(' ')}`]
        : [];
    if (normalised.text === '')
      throw new EngineError('TEXT_INPUT', `nothing to say in "${request.text.slice(0, 60)}"`);
    const symbols = await this.phonemes(normalised.text);
    const ids = symbolsToIds(symbols, manifest.phonemes.inventory);
    if (ids.unknown.length > 0)
      warnings.push(`phonemes the pack does not know, read as <unk>: ${ids.unknown.join(' ')}`);
    throwIfAborted(request.signal);
    const result = await renderTurn(this.runs, manifest, {
      phonemes: ids.ids,
      prompt,
      seed: request.seed,
      ...(request.speed !== undefined ? { speed: request.speed } : {}),
      ...(request.targetSeconds !== undefined ? { targetSeconds: request.targetSeconds } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.signal !== undefined ? { signal: request.signal } : {}),
      onProgress: (p) => request.onProgress?.(p.stage, p.fraction),
      scorer: this.scorer,
    });
    return { ...result, warnings, sampleRate: manifest.sampleRate, promptSeconds: 0 };
  }

  async regenerateSpan(job: SpanJob): Promise<SpanResult> {
    const { manifest } = this.pack;
    return regenerateSpan(this.runs, manifest, {
      clip: job.clip,
      audio: job.audio,
      start: Math.floor(job.startSeconds * manifest.frameRate),
      end: Math.min(job.clip.frames, Math.ceil(job.endSeconds * manifest.frameRate)),
      seed: job.seed,
      ...(job.signal !== undefined ? { signal: job.signal } : {}),
      scorer: this.scorer,
    });
  }

  /** G2P is the slowest CPU step of a short turn; a new take of the same text reuses it. */
  private readonly phonemeCache = new Map<string, string[]>();

  private async phonemes(text: string): Promise<string[]> {
    const hit = this.phonemeCache.get(text);
    if (hit !== undefined) return hit;
    const symbols = await phonemizeText(text);
    this.phonemeCache.set(text, symbols);
    if (this.phonemeCache.size > 256)
      this.phonemeCache.delete(this.phonemeCache.keys().next().value as string);
    return symbols;
  }

  /**
   * Loads the G2P (espeak-ng WebAssembly) ahead of the first turn and lets V8 compile its hot paths:
   * measured here, the first turn after a one-word warm-up took 0.7 s in G2P, after these two
   * varied sentences 0.13 s (steady state 0.03-0.1 s).
   */
  async warmUp(): Promise<void> {
    for (const sentence of WARM_UP_TEXT) await phonemizeText(sentence);
  }

  async dispose(): Promise<void> {
    await Promise.all([...Object.values(this.sessions).map((s) => s.release()), this.scorer.release()]);
  }
}

function info(voice: CachedVoice, sampleRate: number, cached: boolean): VoiceInfo {
  return { voiceId: voice.voiceId, duration: voice.duration, sampleRate, peaks: voice.peaks, cached };
}
