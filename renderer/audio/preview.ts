/** Plays one sample (a voice, a take) on its own, outside the timeline's transport. */
import type { LoadedAudio } from './take-audio.js';

let context: AudioContext | null = null;
let playing: AudioBufferSourceNode | null = null;

export function stopPreview(): void {
  playing?.stop();
  playing = null;
}

export function playPreview(audio: LoadedAudio, onEnded: () => void): void {
  stopPreview();
  context ??= new AudioContext();
  const buffer = context.createBuffer(1, audio.samples.length, audio.sampleRate);
  buffer.copyToChannel(new Float32Array(audio.samples), 0);
  const source = context.createBufferSource();
  source.buffer = buffer;
  source.connect(context.destination);
  source.onended = () => {
    if (playing === source) playing = null;
    onEnded();
  };
  playing = source;
  void context.resume().then(() => source.start());
}
