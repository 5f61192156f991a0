/**
 * Timeline playback with Tone.js, a plain class the store drives: one channel per speaker lane
 * (gain, pan, mute, solo) into a master meter, one player per clip scheduled on the transport at
 * the clip's start with its trims. The position is read through `subscribe`/`position` (for
 * useSyncExternalStore), never kept in React state.
 */
import * as Tone from 'tone';
import type { Project } from '../../main/project/document/index.js';
import { clipLength } from '../../main/project/document/index.js';
import type { Seconds } from '../../main/api/units.js';
import type { LoadedAudio } from './take-audio.js';

type AudioLookup = (file: string) => LoadedAudio | undefined;

export class TimelinePlayer {
  private channels = new Map<string, Tone.Channel>();
  private players: Tone.Player[] = [];
  private meter: Tone.Meter | null = null;
  private listeners = new Set<() => void>();
  private current: Seconds = 0;
  private frame = 0;
  private playingNow = false;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The playhead, in timeline seconds (cached: stable between ticks, as React requires). */
  readonly position = (): Seconds => this.current;
  readonly playing = (): boolean => this.playingNow;

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private tick = (): void => {
    this.current = Tone.getTransport().seconds;
    this.notify();
    if (this.playingNow) this.frame = requestAnimationFrame(this.tick);
  };

  private masterMeter(): Tone.Meter {
    if (this.meter === null) {
      this.meter = new Tone.Meter({ smoothing: 0.6 });
      this.meter.toDestination();
    }
    return this.meter;
  }

  /** Rebuilds lanes and clips from the document; audio not loaded yet is left out until it is. */
  sync(project: Project, audio: AudioLookup): void {
    const transport = Tone.getTransport();
    for (const player of this.players) player.unsync().dispose();
    this.players = [];
    const meter = this.masterMeter();
    for (const [id, channel] of this.channels)
      if (!project.speakers.some((s) => s.id === id)) {
        channel.dispose();
        this.channels.delete(id);
      }
    for (const speaker of project.speakers) {
      let channel = this.channels.get(speaker.id);
      if (channel === undefined) {
        channel = new Tone.Channel().connect(meter);
        this.channels.set(speaker.id, channel);
      }
      channel.set({ volume: speaker.gain, pan: speaker.pan, mute: speaker.mute, solo: speaker.solo });
    }
    for (const clip of project.clips) {
      const take = project.takes.find((t) => t.id === clip.takeId);
      const turn = project.turns.find((t) => t.id === clip.turnId);
      const loaded = take === undefined ? undefined : audio(take.audio);
      const channel = turn === undefined ? undefined : this.channels.get(turn.speakerId);
      if (take === undefined || turn === undefined || loaded === undefined || channel === undefined) continue;
      const buffer = new AudioBuffer({
        length: loaded.samples.length,
        sampleRate: loaded.sampleRate,
        numberOfChannels: 1,
      });
      buffer.copyToChannel(new Float32Array(loaded.samples), 0);
      const player = new Tone.Player(new Tone.ToneAudioBuffer(buffer));
      player.volume.value = clip.gain + turn.options.gain;
      player.connect(channel).sync().start(clip.start, clip.trimIn, clipLength(project, clip));
      this.players.push(player);
    }
    const loop = project.loop;
    transport.loop = loop !== null && loop.enabled;
    if (loop !== null) transport.setLoopPoints(loop.start, loop.end);
  }

  async play(): Promise<void> {
    await Tone.start();
    Tone.getTransport().start();
    this.playingNow = true;
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(this.tick);
  }

  stop(): void {
    Tone.getTransport().pause();
    this.playingNow = false;
    cancelAnimationFrame(this.frame);
    this.tick();
  }

  async toggle(): Promise<void> {
    if (this.playingNow) this.stop();
    else await this.play();
  }

  seek(seconds: Seconds): void {
    Tone.getTransport().seconds = Math.max(0, seconds);
    this.tick();
  }

  /** Master level in dB (-Infinity when silent). */
  level(): number {
    const value: unknown = this.meter?.getValue();
    if (typeof value === 'number') return value;
    return Array.isArray(value) ? Math.max(...value.map(Number)) : -Infinity;
  }
}

/** The app's one player. */
export const player = new TimelinePlayer();
