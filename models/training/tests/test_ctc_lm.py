"""The CTC head's bigram reading (semantic/ctc_lm.py)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from semantic.ctc_lm import BLANK, CtcLmSettings, decode, greedy, load, phone_bigram, save, tune  # noqa: E402
from semantic.vocab import SIL  # noqa: E402

V = 16
A, B, C, D = 10, 11, 12, 13


def posteriors(frames, seed=0, strength=-0.2):
    """CTC log posteriors favouring each frame's symbol (BLANK or a phone)."""
    rng = np.random.default_rng(seed)
    lp = rng.normal(-6.0, 0.3, size=(len(frames), V))
    for t, c in enumerate(frames):
        lp[t, c] = strength
    return lp - np.log(np.exp(lp).sum(1, keepdims=True))


LM = phone_bigram([[A, B, C], [A, C], [B, C, A], [A, A, B]], V)


def test_with_no_bigram_weight_it_reads_what_greedy_reads():
    frames = [0, 0, A, A, 0, B, B, C, 0, 0, C, 0]
    lp = posteriors(frames)
    assert greedy(lp) == [A, B, C, C]
    assert decode(lp, LM, CtcLmSettings()) == greedy(lp)


def test_a_repeat_needs_a_blank_between():
    assert decode(posteriors([0, A, A, A, 0]), LM, CtcLmSettings()) == [A]
    assert decode(posteriors([0, A, 0, A, 0]), LM, CtcLmSettings()) == [A, A]
    assert decode(posteriors([A, A]), LM, CtcLmSettings()) == [A]


def test_phones_the_transcripts_never_contain_cannot_be_read():
    lp = posteriors([0, A, D, D, 0, B, 0])
    assert D in greedy(lp)
    assert D not in decode(lp, LM, CtcLmSettings())


def test_the_bigram_settles_an_ambiguous_frame():
    lp = posteriors([0, A, 0, 0, 0, C, 0])
    lp[3, C] = -0.9   # frame 3 leans to C a little more than to B
    lp[3, B] = -1.0
    lp[3, BLANK] = -3.0
    lp[3] -= np.log(np.exp(lp[3]).sum())
    assert decode(lp, LM, CtcLmSettings()) == [A, C, C]
    # A B C is in the transcripts, C C never is
    assert decode(lp, LM, CtcLmSettings(lm_weight=1.0)) == [A, B, C]


def test_the_blank_bias_and_the_penalty_remove_weak_insertions():
    lp = posteriors([0, A, 0, 0, 0, 0, B, 0])
    lp[3, C] = lp[3, BLANK] + 0.3   # one weak frame of C in the pause
    lp[3] -= np.log(np.exp(lp[3]).sum())
    assert decode(lp, LM, CtcLmSettings()) == [A, C, B]
    assert decode(lp, LM, CtcLmSettings(blank_bias=1.0)) == [A, B]
    assert decode(lp, LM, CtcLmSettings(penalty=-3.0)) == [A, B]


def test_tuning_is_no_worse_than_the_greedy_start_and_the_file_round_trips(tmp_path):
    truths = [[0, A, 0, B, 0, C, 0], [0, B, 0, C, C, 0, A, 0]]
    posts = []
    for i, t in enumerate(truths):
        lp = posteriors(t, seed=i)
        lp[len(t) - 1, D] = lp[len(t) - 1, BLANK] + 0.2
        posts.append(lp - np.log(np.exp(lp).sum(1, keepdims=True)))
    refs = [[A, B, C], [B, C, A]]
    best, best_per, trials = tune(refs, posts, LM)
    assert best_per <= trials[0][1]
    assert best_per == 0.0
    save(tmp_path / "lm.json", best, LM, None, {"note": "x"})
    s2, lm2 = load(tmp_path / "lm.json")
    assert s2 == best
    assert all(decode(p, lm2, s2) == decode(p, LM, best) for p in posts)


def test_it_finds_the_best_path_that_brute_force_finds():
    import itertools
    symbols = [BLANK, A, B, C]
    settings = CtcLmSettings(lm_weight=0.8, penalty=-0.5, blank_bias=0.3)
    for seed in range(6):
        rng = np.random.default_rng(seed)
        lp = rng.normal(-1.5, 1.0, size=(5, V))
        lp[:, [D, 14, 15]] = -30.0
        lp -= np.log(np.exp(lp).sum(1, keepdims=True))
        best, best_score = None, -np.inf
        for path in itertools.product(symbols, repeat=5):
            score, prev, phones = 0.0, SIL, []   # the start context
            for t, s in enumerate(path):
                score += lp[t, s] + (settings.blank_bias if s == BLANK else 0.0)
                if s != BLANK and (t == 0 or path[t - 1] != s):
                    score += settings.lm_weight * LM[prev, s] + settings.penalty
                    prev = s
                    phones.append(s)
            score += settings.lm_weight * LM[prev, SIL]
            if score > best_score:
                best, best_score = phones, score
        assert decode(lp, LM, settings) == best
