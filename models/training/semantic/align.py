"""CTC forced alignment -> per-frame phone labels and per-phoneme durations.

`ids` is the full phoneme sequence the T2S model sees (with <sil>, word boundaries, punctuation);
the CTC targets are its phones only. Frames between phones that are blank in the Viterbi path
belong to the phone before them, except low-energy frames at a pause token (word boundary,
punctuation, leading/trailing <sil>), which become that pause's duration.
"""
import json
import os

import numpy as np

from semantic.vocab import BOUNDARIES, SIL, phoneme_to_semantic


def ctc_viterbi(log_probs, targets, blank=0):
    """log_probs [T,V] (numpy), targets [L] -> frame index of each target's first emission, or None."""
    T = log_probs.shape[0]
    L = len(targets)
    S = 2 * L + 1
    ext = np.full(S, blank, dtype=np.int64)
    ext[1::2] = targets
    if T < L:
        return None
    neg = -1e30
    dp = np.full((T, S), neg, dtype=np.float64)
    back = np.zeros((T, S), dtype=np.int8)
    lp = log_probs[:, ext]
    dp[0, 0] = lp[0, 0]
    if S > 1:
        dp[0, 1] = lp[0, 1]
    allow_skip = np.zeros(S, dtype=bool)
    allow_skip[3::2] = ext[3::2] != ext[1:-2:2]
    for t in range(1, T):
        prev = dp[t - 1]
        best = prev.copy()
        choice = back[t]
        step = prev[:-1] > best[1:]
        best[1:][step] = prev[:-1][step]
        choice[1:][step] = 1
        skip = allow_skip[2:] & (prev[:-2] > best[2:])
        best[2:][skip] = prev[:-2][skip]
        choice[2:][skip] = 2
        dp[t] = best + lp[t]
    end = S - 1 if dp[T - 1, S - 1] >= dp[T - 1, S - 2] else S - 2
    if dp[T - 1, end] < -1e29:
        return None
    states = backtrace(back, end)
    first = [None] * L
    for t in range(T):
        s = states[t]
        if s % 2 == 1 and first[s // 2] is None:
            first[s // 2] = t
    return first, states


def backtrace(back, end):
    """State per frame from back-pointers [T,S] (how many states each step advanced) and the end state."""
    T = back.shape[0]
    path = np.empty(T, dtype=np.int64)
    s = end
    for t in range(T - 1, -1, -1):
        path[t] = s
        s -= back[t, s]
    return path


def durations_from_alignment(ids, log_probs, frame_db, silence_db=-35.0):
    """-> (durations per id [P], frame labels [T]) or None when alignment fails.

    frame_db [T]: frame energy in dB relative to the loudest frame of the clip.
    """
    T = log_probs.shape[0]
    phone_pos = [i for i, x in enumerate(ids) if x not in BOUNDARIES]
    if not phone_pos:
        return None
    result = ctc_viterbi(log_probs, [ids[i] for i in phone_pos])
    if result is None:
        return None
    first, _ = result
    starts = first + [T]
    dur = np.zeros(len(ids), dtype=np.int64)
    labels = np.full(T, SIL, dtype=np.int64)
    quiet = frame_db < silence_db
    # Leading frames before the first phone: the pause tokens before it (the first is <sil>).
    lead_pause = [i for i in range(phone_pos[0])]
    if lead_pause:
        dur[lead_pause[0]] = starts[0]
    for k, pos in enumerate(phone_pos):
        a, b = starts[k], starts[k + 1]
        # Trailing quiet frames of this segment go to the pause tokens that follow the phone.
        next_pos = phone_pos[k + 1] if k + 1 < len(phone_pos) else len(ids)
        pauses = [i for i in range(pos + 1, next_pos)]
        end = b
        if pauses:
            while end - 1 > a and quiet[end - 1]:
                end -= 1
            # Punctuation takes the pause if present, else the word boundary, else the final <sil>.
            target = next((i for i in pauses if ids[i] not in (3,)), pauses[0])
            dur[target] += b - end
        dur[pos] = end - a
        labels[a:end] = ids[pos]
    return dur, labels


def frame_energy_db(audio, hop=320):
    n = len(audio) // hop
    frames = audio[: n * hop].reshape(n, hop)
    e = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-10)
    return e - e.max()


def flat_start_labels(ids, frame_db, silence_db=-35.0):
    """A first guess at frame labels before any model exists: leading and trailing quiet frames are
    <sil>, the frames between are shared equally by the phones (pauses get none)."""
    T = len(frame_db)
    loud = np.nonzero(frame_db >= silence_db)[0]
    start, end = (int(loud[0]), int(loud[-1]) + 1) if len(loud) else (0, T)
    phones = [i for i in ids if i not in BOUNDARIES]
    labels = np.full(T, SIL, dtype=np.int64)
    if not phones or end - start < len(phones):
        return labels
    edges = np.linspace(start, end, len(phones) + 1).round().astype(int)
    for k, p in enumerate(phones):
        labels[edges[k]:edges[k + 1]] = p
    return labels


def pause_target(ids, positions):
    """The pause token that carries a run of pauses' duration: punctuation, else the first."""
    return next((i for i in positions if ids[i] not in (SIL, 3)), positions[0])


def frame_states(ids):
    """ids -> [(label, positions, optional)]: one state a phone (at least one frame), and one optional
    <sil>-labelled state for each run of pause tokens (<sil>, word boundary, punctuation)."""
    states = []
    for i, x in enumerate(ids):
        if x in BOUNDARIES:
            if states and states[-1][2]:
                states[-1][1].append(i)
            else:
                states.append((SIL, [i], True))
        else:
            states.append((x, [i], False))
    return states


def hmm_align(ids, frame_log_probs):
    """Forced alignment on a frame classifier's log posteriors [T,V] (left to right, each phone at
    least one frame, pauses may take none) -> (durations per id [P], frame labels [T]) or None."""
    states = frame_states(ids)
    T, S = frame_log_probs.shape[0], len(states)
    if S == 0 or T < sum(not o for _, _, o in states):
        return None
    labels = np.array([lab for lab, _, _ in states])
    optional = np.array([o for _, _, o in states])
    lp = frame_log_probs[:, labels].astype(np.float64)
    neg = -1e30
    score = np.full(S, neg)
    score[0] = lp[0, 0]
    if S > 1 and optional[0]:
        score[1] = lp[0, 1]
    back = np.zeros((T, S), dtype=np.int8)
    skip_ok = np.zeros(S, dtype=bool)
    skip_ok[2:] = optional[1:-1]
    for t in range(1, T):
        best = score.copy()
        choice = back[t]
        adv = np.full(S, neg)
        adv[1:] = score[:-1]
        take = adv > best
        best[take] = adv[take]
        choice[take] = 1
        skip = np.full(S, neg)
        skip[2:] = np.where(skip_ok[2:], score[:-2], neg)
        take = skip > best
        best[take] = skip[take]
        choice[take] = 2
        score = best + lp[t]
    end = S - 1
    if S > 1 and optional[-1] and score[S - 2] > score[S - 1]:
        end = S - 2
    if score[end] < -1e29:
        return None
    path = backtrace(back, end)
    dur = np.zeros(len(ids), dtype=np.int64)
    counts = np.bincount(path, minlength=S)
    for k, (lab, positions, opt) in enumerate(states):
        dur[pause_target(ids, positions) if opt else positions[0]] += counts[k]
    return dur, labels[path]


def read_alignments(path):
    """alignments.jsonl (+ the inventory.json beside it) -> (inventory, clip path -> record with `ids`,
    `durations` and `labels`: each phoneme's semantic id, <sil> for pauses, repeated per frame)."""
    with open(os.path.join(os.path.dirname(path), "inventory.json")) as f:
        inventory = json.load(f)
    to_semantic = np.asarray(phoneme_to_semantic(inventory))
    records = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                r["labels"] = np.repeat(to_semantic[r["ids"]], r["durations"])
                records[r["path"]] = r
    return inventory, records
