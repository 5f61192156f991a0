/**
 * Deterministic test signals for the mixer and exporter: a speech-like voice (glottal pulse train
 * through a few formant-ish harmonics, syllable envelope, pauses), whose crest factor is near real
 * speech so loudness targets and the true-peak limiter both have work to do.
 */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export function speechLike(rate: number, seconds: number, pitch = 140, seed = 1): Float32Array {
  const random = lcg(seed);
  const out = new Float32Array(Math.round(rate * seconds));
  let syllableEnd = 0;
  let syllableStart = 0;
  let amplitude = 0;
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    if (i >= syllableEnd) {
      // A syllable of 120-300 ms, sometimes after a pause of up to 400 ms.
      const pause = random() < 0.25 ? Math.round(random() * 0.4 * rate) : 0;
      syllableStart = i + pause;
      syllableEnd = syllableStart + Math.round((0.12 + random() * 0.18) * rate);
      amplitude = 0.2 + random() * 0.6;
    }
    if (i < syllableStart) continue;
    const t = (i - syllableStart) / (syllableEnd - syllableStart);
    const envelope = Math.sin(Math.PI * t) ** 2;
    const f0 = pitch * (1 + 0.1 * Math.sin((2 * Math.PI * i) / rate));
    phase += (2 * Math.PI * f0) / rate;
    let v = 0;
    for (let h = 1; h <= 12; h++) v += (Math.sin(h * phase) / h ** 0.9) * (h === 3 || h === 4 ? 2.2 : 1);
    out[i] = amplitude * envelope * v * 0.25 + (random() - 0.5) * 0.002;
  }
  return out;
}
