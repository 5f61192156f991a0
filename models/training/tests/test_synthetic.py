"""The synthetic speaker builder renders and perturbs speech with Debian's synthesisers."""
import os
import shutil
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from data.synthetic import HELDOUT_VOICES, engine_voices, render  # noqa: E402


@pytest.mark.skipif(shutil.which("espeak-ng") is None or shutil.which("sox") is None, reason="espeak-ng/sox missing")
def test_a_perturbed_espeak_voice_renders_16k_speech():
    plain = render(("espeak:en-us+m1", (0, 1.0, 1.0), "The quick brown fox jumps over the lazy dog."))
    slower = render(("espeak:en-us+m1", (0, 0.8, 1.0), "The quick brown fox jumps over the lazy dog."))
    assert plain is not None and plain.dtype == np.int16 and len(plain) > 16000
    assert len(slower) > 1.15 * len(plain), "tempo 0.8 makes the sentence longer"
    assert np.abs(plain).max() > 10000, "normalised to -3 dBFS peak"


def test_heldout_voices_span_several_engines():
    engines = {v.split(":")[0] for v in HELDOUT_VOICES}
    assert len(HELDOUT_VOICES) >= 4 and len(engines) >= 2
    assert all(v.startswith(("espeak:", "flite:", "festival:")) for v in engine_voices())
