"""Synthetic speaker builder: text normalisation, the seeded speaker list and its held-out voices."""
import os
import shutil
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from data import synthetic  # noqa: E402


def test_normalise_text_spells_numbers_and_symbols():
    t = synthetic.normalise_text("In 1984 I paid $3,500 for 2.5 kg & 10% off (really).")
    assert t == ("In nineteen eighty-four I paid three thousand five hundred dollars for two point five kg "
                 "and ten percent off really.")
    assert synthetic.number_words(101) == "one hundred and one"
    assert synthetic.number_words(2000000) == "two million"


def test_speakers_are_seeded_and_hold_out_voices_of_every_engine():
    a, b = synthetic.speakers(2, 0), synthetic.speakers(2, 0)
    assert a == b and len(a) == 3 * len(synthetic.base_voices())
    held = {s["id"] for s in a if s["split"] == "heldout"}
    assert held == synthetic.HELDOUT_VOICES
    assert {s.split(":")[0] for s in held} == {"espeak", "flite", "festival"}
    assert len({s["speaker"] for s in a}) == len(a)
    assert all(0.88 <= s["formant"] <= 1.14 and -350 <= s["cents"] <= 350 for s in a)


@pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("sox")), reason="espeak-ng or sox missing")
def test_one_perturbed_utterance(tmp_path):
    import numpy as np
    spk = next(s for s in synthetic.speakers(1, 0) if s["engine"] == "espeak" and s["formant"] != 1.0)
    x = synthetic.synthesise(spk, "Hello there.", np.random.default_rng(0), tmp_path)
    assert x.dtype == np.int16 and 0.3 * 16000 < len(x) < 3 * 16000
    assert 0.6 < np.abs(x).max() / 32768 < 0.75  # normalised to -3 dBFS
