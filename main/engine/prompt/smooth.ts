/**
 * Majority filter over the voice prompt's semantic tokens (the pack's `semantic.promptFilter`).
 * A frame tokenizer flickers between neighbouring classes for a frame or two, where the labels the
 * generators were trained on change phone every 7-8 frames; T2S reads the flicker as a fast
 * speaker. The twin of models/training/semantic/smooth.py, token for token.
 */

/**
 * Each token becomes the most frequent one among the `width` tokens centred on it (the window is
 * cut at the ends). Ties keep the token's own id when it is among the most frequent, else the
 * smallest id. `width` <= 1 returns a copy.
 */
export function majorityFilter(tokens: BigInt64Array, width: number): BigInt64Array {
  const out = BigInt64Array.from(tokens);
  const h = Math.floor(width / 2);
  if (h <= 0) return out;
  const counts = new Map<bigint, number>();
  for (let i = 0; i < tokens.length; i++) {
    counts.clear();
    const lo = Math.max(0, i - h);
    const hi = Math.min(tokens.length - 1, i + h);
    for (let j = lo; j <= hi; j++) {
      const t = tokens[j] as bigint;
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const own = tokens[i] as bigint;
    let most = 0;
    for (const c of counts.values()) most = Math.max(most, c);
    if ((counts.get(own) ?? 0) === most) continue;
    let best: bigint | undefined;
    for (const [t, c] of counts) if (c === most && (best === undefined || t < best)) best = t;
    out[i] = best as bigint;
  }
  return out;
}
