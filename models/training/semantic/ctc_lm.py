"""Reading the CTC head with a phone bigram: Viterbi decoding of the CTC posteriors through a graph
in which every phone is entered with `lm_weight x log P(phone | previous phone) + penalty`, instead
of the greedy reading (per-frame argmax, repeats merged, blanks dropped).

The graph is CTC's own: each phone c has a state that emits c and loops, and a blank state after
it that emits the blank and loops; from either, the next phone d is entered (from the phone state
only when d != c, since CTC merges a repeat that no blank separates). The clip starts in the blank
state after `<sil>` (the bigram's start context) and ends with the bigram's move to `<sil>`.
Phones the training transcripts never contain (pauses and punctuation are not CTC targets) cannot
be entered. `blank_bias` is added to the blank's log posterior: CTC heads tend to over- or
under-delete, and the bias trades deletions against insertions as the penalty does.

    /usr/bin/python3 -m semantic.ctc_lm --checkpoint checkpoints/semantic-conv-s23.pt --out runs/ctc-lm-s23.json

tunes the three settings on clips of training speakers (never the held-out ones) and writes them
with the bigram; `eval.semantic_eval --ctc-lm FILE` then reports the held-out phoneme error rate of
the CTC head read this way beside its greedy reading. The model and its tokens are not changed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from semantic.phone_loop import NEG, bigram, coordinate_search, read, save, tuning_args, tuning_clips
from semantic.vocab import BOUNDARIES, PAD, SIL

BLANK = PAD  # the CTC loss of semantic.train uses blank=0


@dataclass
class CtcLmSettings:
    lm_weight: float = 0.0
    penalty: float = 0.0
    blank_bias: float = 0.0


def phone_bigram(phone_sequences, classes: int) -> np.ndarray:
    """log P(next | previous) over phone sequences (boundaries already dropped), each framed by
    `<sil>` as its start and end context."""
    return bigram([[SIL, *s, SIL] for s in phone_sequences], classes)


def greedy(log_post: np.ndarray) -> list[int]:
    """The plain CTC reading: per-frame argmax, repeats merged, blanks dropped."""
    best = log_post.argmax(-1).tolist()
    return [t for i, t in enumerate(best) if t != BLANK and (i == 0 or t != best[i - 1])]


def decode(log_post: np.ndarray, log_bigram: np.ndarray, settings: CtcLmSettings) -> list[int]:
    """log_post [T, V] (CTC log posteriors, blank at 0) -> the decoded phone ids in order."""
    T, V = log_post.shape
    lp = log_post.astype(np.float64)
    enterable = (log_bigram.max(0) > NEG / 2)
    enterable[[BLANK, SIL, *BOUNDARIES]] = False
    emit = np.where(enterable[None, :], lp, NEG)
    blank = lp[:, BLANK] + settings.blank_bias
    trans = settings.lm_weight * log_bigram + settings.penalty
    trans[log_bigram <= NEG / 2] = NEG
    trans[:, ~enterable] = NEG
    no_repeat = trans.copy()
    np.fill_diagonal(no_repeat, NEG)  # a phone state cannot enter its own phone again
    P = trans[SIL] + emit[0]
    B = np.full(V, NEG)
    B[SIL] = blank[0]
    # back pointers: P_from[t, d] = -1 stayed, c (< V) entered from P[c], V + c entered from B[c];
    # B_from[t, c] = True when B[c] was entered from P[c] at t (else it stayed)
    P_from = np.full((T, V), -1, dtype=np.int32)
    B_from = np.zeros((T, V), dtype=bool)
    cols = np.arange(V)
    for t in range(1, T):
        from_p = P[:, None] + no_repeat
        from_b = B[:, None] + trans
        bp, bb = from_p.argmax(0), from_b.argmax(0)
        vp, vb = from_p[bp, cols], from_b[bb, cols]
        entry = np.maximum(vp, vb)
        src = np.where(vp >= vb, bp, V + bb)
        stay = P >= entry
        P_from[t] = np.where(stay, -1, src)
        newP = np.maximum(P, entry) + emit[t]
        B_from[t] = P > B
        B = np.maximum(np.maximum(B, P) + blank[t], NEG)
        P = np.maximum(newP, NEG)
    end = settings.lm_weight * log_bigram[:, SIL]
    end = np.where(log_bigram[:, SIL] <= NEG / 2, NEG, end)
    final_p, final_b = P + end, B + end
    if max(final_p.max(), final_b.max()) <= NEG / 2:
        return []
    in_blank = final_b.max() > final_p.max()
    k = int(final_b.argmax() if in_blank else final_p.argmax())
    out = []
    for t in range(T - 1, 0, -1):
        if in_blank:
            in_blank = not B_from[t, k]  # else B[k] at t came from P[k] at t - 1
            continue
        src = int(P_from[t, k])
        if src == -1:
            continue  # P[k] stayed
        out.append(k)  # k was entered at t, from P[src] or B[src - V] at t - 1
        k, in_blank = (src - V, True) if src >= V else (src, False)
    if not in_blank:
        out.append(k)  # entered at frame 0 (a blank there is the start state, B[<sil>])
    return out[::-1]


def per(refs, posts, log_bigram, settings) -> float:
    from eval.asr import edit_distance
    edits = sum(edit_distance(r, decode(p, log_bigram, settings)) for r, p in zip(refs, posts))
    return edits / max(1, sum(len(r) for r in refs))


GRID = {"lm_weight": [0.0, 0.3, 0.6, 1.0, 1.5, 2.0], "penalty": [3.0, 2.0, 1.0, 0.0, -1.0, -2.0, -4.0],
        "blank_bias": [2.0, 1.0, 0.5, 0.0, -0.5, -1.0, -2.0, -3.0, -4.0, -6.0]}


def tune(refs, posts, log_bigram, grid=None):
    """Coordinate search over the settings on (refs, posts), from the plain reading (all zero);
    -> (best CtcLmSettings, its PER, trials)."""
    return coordinate_search(CtcLmSettings(), grid or GRID, lambda s: per(refs, posts, log_bigram, s))


def load(path):
    """A tuned reading (`semantic.ctc_lm` wrote it): (CtcLmSettings, log_bigram [V, V])."""
    d, lm = read(path)
    return CtcLmSettings(**d["settings"]), lm


def main(argv=None):
    args = tuning_args("tune the CTC head's bigram reading on training speakers", argv)
    inventory, train_ids, refs, posts = tuning_clips(args.checkpoint, args.clips, args.seed, "ctc")
    lm = phone_bigram([[i for i in ids if i not in BOUNDARIES] for ids in train_ids], len(inventory))
    best, best_per, trials = tune(refs, posts, lm)
    out = save(args.out, best, lm, None, {"checkpoint": str(args.checkpoint), "tuning_per": round(best_per, 4),
                                    "greedy_tuning_per": round(trials[0][1], 4), "tuning_clips": len(refs),
                                    "bigram_clips": len(train_ids),
                                    "trials": [{**s, "per": round(p, 4)} for s, p in trials]})
    print(json.dumps({k: out[k] for k in ("settings", "tuning_per", "greedy_tuning_per", "tuning_clips", "bigram_clips")}))


if __name__ == "__main__":
    main()
