"""Majority filter over a frame-token sequence: the tokenizer's prompt tokens are smoothed with it
before the generators read them (the pack's `semantic.promptFilter`, the engine's
main/engine/prompt/smooth.ts).

The frame tokenizer flickers between neighbouring classes for a frame or two, where the labels
T2S and SoundStorm were trained on (forced alignments) change phone every 7-8 frames. T2S reads
that flicker as a fast speaker: against the alignments of training speakers its predicted durations
came out at 0.62 from raw prompt tokens, 0.83 from tokens filtered over 5 frames and 0.85 from the
labels themselves (eval/duration_calibration.py; models/training/README.md, session 9)."""
import numpy as np


def majority(tokens, width=5):
    """Each frame takes the most frequent token among the `width` frames centred on it (cut at the
    ends). Ties keep the frame's own token if it is among the most frequent, else the smallest id.
    The input is never changed in place; width <= 1 returns a copy."""
    t = np.asarray(tokens)
    out = t.copy()
    h = width // 2
    if h <= 0:
        return out.tolist()
    for i in range(len(t)):
        win = t[max(0, i - h): i + h + 1]
        vals, counts = np.unique(win, return_counts=True)  # vals ascending: argmax picks the smallest id
        if counts.max() > int((win == t[i]).sum()):
            out[i] = vals[counts.argmax()]
    return out.tolist()
