"""Phone-loop decoding of frame posteriors (semantic/phone_loop.py)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from semantic.phone_loop import LoopSettings, bigram, decode, phones, tune, unit_sequence  # noqa: E402
from semantic.vocab import SIL  # noqa: E402

C = 14


def posteriors(frames, flickers=(), seed=0):
    """Log posteriors that favour each frame's class, with one-frame flickers to another class."""
    rng = np.random.default_rng(seed)
    lp = rng.normal(-5.0, 0.3, size=(len(frames), C))
    for t, c in enumerate(frames):
        lp[t, c] = -0.2
    for t, c in flickers:
        lp[t, c] = 0.0
    return lp - np.log(np.exp(lp).sum(1, keepdims=True))


TRUTH = [SIL] * 3 + [10] * 5 + [11] * 4 + [12] * 6 + [SIL] * 3
LM = bigram([[SIL, 10, 11, 12, SIL], [SIL, 10, 12, SIL], [SIL, 11, 12, 10, SIL]], C)


def test_unit_sequence_merges_pauses_and_frames_with_silence():
    to_sem = np.array([SIL if i in range(2, 10) else i for i in range(C)])
    assert unit_sequence([3, 10, 3, 4, 11], to_sem) == [SIL, 10, SIL, 11, SIL]
    assert unit_sequence([10, 11], to_sem) == [SIL, 10, 11, SIL]


def test_bigram_rows_are_distributions_over_seen_classes_only():
    p = np.exp(LM)
    for c in (SIL, 10, 11, 12):
        assert abs(p[c].sum() - 1.0) < 1e-9
    assert p[0].sum() < 1e-20 and p[:, 13].sum() < 1e-20
    assert LM[10, 11] > LM[10, 10]   # seen beats smoothed


def test_minimum_duration_removes_a_one_frame_flicker_that_argmax_keeps():
    lp = posteriors(TRUTH, flickers=[(9, 12)])
    argmax = [int(c) for i, c in enumerate(lp.argmax(1)) if i == 0 or c != lp.argmax(1)[i - 1]]
    assert argmax == [SIL, 10, 11, 12, 11, 12, SIL]
    assert decode(lp, LM, LoopSettings(min_frames=1, lm_weight=0.0)) == argmax
    assert decode(lp, LM, LoopSettings(min_frames=2, lm_weight=0.0)) == [SIL, 10, 11, 12, SIL]
    assert phones(decode(lp, LM, LoopSettings(min_frames=3))) == [10, 11, 12]


def test_the_bigram_forbids_classes_never_seen_and_an_insertion_penalty_drops_weak_units():
    lp = posteriors(TRUTH, flickers=[(9, 13), (10, 13)])
    assert 13 not in decode(lp, LM, LoopSettings(min_frames=1, lm_weight=1.0))
    weak = posteriors(TRUTH)
    weak[14:16, 10] = weak[14:16, 12] + 0.5   # two frames that lean to 10 inside 12
    loose = decode(weak, LM, LoopSettings(min_frames=2, lm_weight=0.0, penalty=0.0))
    strict = decode(weak, LM, LoopSettings(min_frames=2, lm_weight=0.0, penalty=-10.0))
    assert len(loose) > len(strict) == 5


def test_too_short_for_one_unit_decodes_to_nothing():
    assert decode(posteriors([SIL, SIL]), LM, LoopSettings(min_frames=3)) == []


def test_tuning_finds_settings_no_worse_than_the_default_start():
    truths = [TRUTH, [SIL] * 2 + [11] * 5 + [12] * 5 + [10] * 4 + [SIL] * 2]
    posts = [posteriors(t, flickers=[(len(t) // 2, 13)], seed=i) for i, t in enumerate(truths)]
    refs = [[10, 11, 12], [11, 12, 10]]
    best, best_per, trials = tune(refs, posts, LM, np.zeros(C))
    assert best_per <= trials[0][1]
    assert best_per == 0.0


def test_a_saved_loop_loads_back_and_decodes_the_same(tmp_path):
    from semantic.phone_loop import load, save
    settings = LoopSettings(min_frames=2, lm_weight=0.7, penalty=-1.0, prior_scale=0.5)
    prior = np.log(np.full(C, 1.0 / C))
    save(tmp_path / "loop.json", settings, LM, prior, {"note": "x"})
    s2, lm2, prior2 = load(tmp_path / "loop.json")
    assert s2 == settings and np.allclose(prior2, prior, atol=1e-4)
    assert np.allclose(np.exp(lm2), np.exp(LM), atol=1e-4)
    lp = posteriors(TRUTH, flickers=[(9, 12)])
    assert decode(lp, lm2, s2, prior2) == decode(lp, LM, settings, prior)
