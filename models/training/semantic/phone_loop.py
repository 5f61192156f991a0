"""Phone-loop decoding of the frame head's posteriors: how a hybrid HMM recogniser reads a frame
classifier, instead of collapsing the per-frame argmax.

Every frame class (the phones and `<sil>`) is a left-to-right chain of `min_frames` states, the last
one looping on itself, so a phone lasts at least that many frames and a one-frame flicker cannot
become a phone. Between two units a phone bigram (counted on the training clips' transcripts, the
G2P's own symbols) adds `lm_weight x log P(next | previous)` plus an insertion `penalty`. Emissions
are the frame head's log posteriors less `prior_scale x log prior` (the class's mean posterior),
the scaled likelihood of hybrid recognisers. The decoding reads out phones only; the semantic
tokens themselves (the frame argmax the pack exports) are not changed by it.

    /usr/bin/python3 -m semantic.phone_loop --checkpoint checkpoints/semantic-conv.pt --out runs/phone-loop.json

tunes the four settings on clips of training speakers (never the held-out ones) and writes them
with the bigram; eval.semantic_eval --phone-loop FILE then reports the held-out phoneme error rate.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass

import numpy as np

from semantic.vocab import BOUNDARIES, SIL, phoneme_to_semantic

NEG = -1e30


@dataclass
class LoopSettings:
    min_frames: int = 3
    lm_weight: float = 1.0
    penalty: float = 0.0
    prior_scale: float = 0.0


def unit_sequence(ids, to_sem) -> list[int]:
    """Phoneme ids of one utterance -> the frame classes it passes through: pauses as one `<sil>`
    (runs of pause tokens merged), framed by `<sil>` at both ends."""
    out = [SIL]
    for i in ids:
        c = int(to_sem[i])
        if c == SIL and out[-1] == SIL:
            continue
        out.append(c)
    if out[-1] != SIL:
        out.append(SIL)
    return out


def bigram(sequences, classes: int, add: float = 0.5) -> np.ndarray:
    """log P(next | previous) [classes, classes] over the unit sequences, add-`add` smoothing among
    the classes that occur; classes that never occur get -inf rows and columns."""
    counts = np.zeros((classes, classes))
    seen = np.zeros(classes, dtype=bool)
    for s in sequences:
        for a, b in zip(s[:-1], s[1:]):
            counts[a, b] += 1
        seen[list(s)] = True
    counts[np.ix_(seen, seen)] += add
    with np.errstate(divide="ignore"):
        logp = np.log(counts / np.maximum(counts.sum(1, keepdims=True), 1e-30))
    logp[~seen] = NEG
    logp[:, ~seen] = NEG
    return np.maximum(logp, NEG)


def decode(log_post: np.ndarray, log_bigram: np.ndarray, settings: LoopSettings,
           log_prior: np.ndarray | None = None) -> list[int]:
    """log_post [T, C] -> the decoded unit classes in order (`<sil>` included; repeats of one
    class are separate units only when the decoder entered the class twice)."""
    T, C = log_post.shape
    D = max(1, int(settings.min_frames))
    allowed = log_bigram.max(0) > NEG / 2
    emit = log_post.astype(np.float64).copy()
    if log_prior is not None and settings.prior_scale:
        emit = emit - settings.prior_scale * log_prior[None, :]
    emit[:, ~allowed] = NEG
    trans = settings.lm_weight * log_bigram + settings.penalty
    trans[log_bigram <= NEG / 2] = NEG
    delta = np.full((C, D), NEG)
    delta[:, 0] = trans[SIL] + emit[0]
    # back pointers: for state 0 of class k at frame t, the class whose last state it left
    # (-1: frame 0); for the last state, whether it looped (1) or came from the state before (0)
    enter = np.full((T, C), -1, dtype=np.int32)
    looped = np.zeros((T, C), dtype=bool)
    for t in range(1, T):
        cand = delta[:, D - 1][:, None] + trans          # [from, to]
        best_from = cand.argmax(0)
        new = np.empty_like(delta)
        new[:, 0] = cand[best_from, np.arange(C)]
        enter[t] = best_from
        if D == 1:
            stay = delta[:, 0] >= new[:, 0]
            new[:, 0] = np.where(stay, delta[:, 0], new[:, 0])
            looped[t] = stay
        else:
            new[:, 1:D - 1] = delta[:, 0:D - 2]
            stay = delta[:, D - 1] >= delta[:, D - 2]
            new[:, D - 1] = np.where(stay, delta[:, D - 1], delta[:, D - 2])
            looped[t] = stay
        delta = new + emit[t][:, None]
    if delta[:, D - 1].max() <= NEG / 2:
        return []  # shorter than one unit's minimum duration
    # trace back from the best last state
    k, d, t = int(delta[:, D - 1].argmax()), D - 1, T - 1
    units = [k]
    while t > 0:
        if d == D - 1 and looped[t, k]:
            t -= 1
            continue
        if d > 0:
            d -= 1
            t -= 1
            continue
        prev = int(enter[t, k])
        k, d, t = prev, D - 1, t - 1
        units.append(k)
    return units[::-1]


def phones(units) -> list[int]:
    """Decoded units -> the phone sequence (pauses dropped), the reference's form."""
    return [u for u in units if u not in BOUNDARIES]


def per(refs, posts, log_bigram, settings, log_prior=None) -> float:
    from eval.asr import edit_distance
    edits = sum(edit_distance(r, phones(decode(p, log_bigram, settings, log_prior))) for r, p in zip(refs, posts))
    return edits / max(1, sum(len(r) for r in refs))


def coordinate_search(start, grid, score):
    """Two rounds of coordinate search over a settings dataclass: each field in turn takes each of
    its grid values, and a value is kept when `score` (lower is better) improves;
    -> (best settings, its score, trials [(settings dict, score)])."""
    best, best_score = start, score(start)
    trials = [(asdict(best), best_score)]
    for _ in range(2):
        for name, values in grid.items():
            for v in values:
                s = type(start)(**{**asdict(best), name: v})
                if s == best:
                    continue
                p = score(s)
                trials.append((asdict(s), p))
                if p < best_score - 1e-9:
                    best, best_score = s, p
    return best, best_score, trials


def tune(refs, posts, log_bigram, log_prior, grid=None):
    """Coordinate search over the settings on (refs, posts); -> (best LoopSettings, its PER, trials)."""
    grid = grid or {"min_frames": [1, 2, 3, 4], "lm_weight": [0.0, 0.5, 1.0, 2.0],
                    "penalty": [4.0, 2.0, 0.0, -2.0, -4.0, -6.0, -9.0], "prior_scale": [0.0, 0.5, 1.0]}
    return coordinate_search(LoopSettings(), grid, lambda s: per(refs, posts, log_bigram, s, log_prior))


def tuning_clips(checkpoint, clips, seed, head):
    """Clips of training speakers to tune a decoding on (never the held-out ones).
    -> (inventory, phoneme ids of every training clip, refs: the picked clips' phones without
    pauses, posts: their log posteriors of `head`, "ctc" or "frame")."""
    import torch

    from common.corpus_io import load_phonemes
    from data.corpus import clip_audio, load_index
    from semantic.export import frame_input, load_semantic
    from semantic.vocab import encode

    torch.set_num_threads(1)
    model, ck = load_semantic(checkpoint)
    inventory = ck["inventory"]
    phon = load_phonemes()
    train = [r for r in load_index(split="train") if r["path"] in phon]
    rng = np.random.default_rng(seed)
    pick = [train[i] for i in rng.choice(len(train), size=min(clips, len(train)), replace=False)]
    refs, posts = [], []
    with torch.no_grad():
        for r in pick:
            ctc_logits, frame_logits = model.encoder(frame_input(clip_audio(r)))
            posts.append((ctc_logits if head == "ctc" else frame_logits)[0].log_softmax(-1).numpy())
            refs.append([i for i in encode(phon[r["path"]], inventory) if i not in BOUNDARIES])
    return inventory, [encode(phon[r["path"]], inventory) for r in train], refs, posts


def tuning_args(description, argv):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--clips", type=int, default=60, help="training-speaker clips the settings are tuned on")
    ap.add_argument("--seed", type=int, default=0)
    return ap.parse_args(argv)


def main(argv=None):
    args = tuning_args("tune the frame head's phone-loop decoding on training speakers", argv)
    inventory, train_ids, refs, posts = tuning_clips(args.checkpoint, args.clips, args.seed, "frame")
    to_sem = np.asarray(phoneme_to_semantic(inventory))
    lm = bigram([unit_sequence(ids, to_sem) for ids in train_ids], len(inventory))
    prior = np.log(np.mean(np.concatenate([np.exp(p) for p in posts]), 0) + 1e-8)
    best, best_per, trials = tune(refs, posts, lm, prior)
    out = save(args.out, best, lm, prior, {"checkpoint": str(args.checkpoint), "tuning_per": round(best_per, 4),
                                         "tuning_clips": len(refs), "bigram_clips": len(train_ids),
                                         "trials": [{**s, "per": round(p, 4)} for s, p in trials]})
    print(json.dumps({k: out[k] for k in ("settings", "tuning_per", "tuning_clips", "bigram_clips")}))


def save(path, settings, log_bigram, log_prior=None, extra=None) -> dict:
    """Write tuned decoding settings with their bigram (and prior) as JSON (impossible transitions
    as null); -> what was written."""
    out = {**(extra or {}), "settings": asdict(settings),
           **({"log_prior": np.round(log_prior, 4).tolist()} if log_prior is not None else {}),
           "log_bigram": [[None if v <= NEG / 2 else round(float(v), 4) for v in row] for row in log_bigram]}
    with open(path, "w") as f:
        json.dump(out, f)
    return out


def read(path):
    """A file `save` wrote: (its JSON object, log_bigram [C,C])."""
    with open(path) as f:
        d = json.load(f)
    return d, np.array([[NEG if v is None else v for v in row] for row in d["log_bigram"]])


def load(path):
    """A tuned phone loop: (LoopSettings, log_bigram [C,C], log_prior [C])."""
    d, lm = read(path)
    return LoopSettings(**d["settings"]), lm, np.asarray(d["log_prior"])


if __name__ == "__main__":
    main()
