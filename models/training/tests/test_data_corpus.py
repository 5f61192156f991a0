"""Speech corpus: the deterministic split, and the cache loaders when the cache has been built."""
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from data import corpus  # noqa: E402


def test_split_rules():
    genders = sorted(corpus.HELDOUT_SPEAKERS.values())
    assert genders.count("F") >= 3 and genders.count("M") >= 3
    assert sum(s.startswith("ls-") for s in corpus.HELDOUT_SPEAKERS) >= 4
    assert corpus.split_of({"speaker": "ls-669", "text": "A"}) == ("heldout", "speaker")
    # sentence hold-out ignores case and punctuation, and holds out about 1/25 of sentences
    assert corpus.is_heldout_sentence("Hello, there!") == corpus.is_heldout_sentence("HELLO THERE")
    held = [corpus.is_heldout_sentence(f"SENTENCE NUMBER {i}") for i in range(5000)]
    assert 0.02 < np.mean(held) < 0.06
    assert not corpus.is_heldout_sentence(None)


@pytest.mark.skipif(not corpus.is_ready(), reason="speech cache not built (data/corpus.py build)")
def test_cache_index_and_crops():
    train = corpus.load_index("train")
    held = corpus.load_index("heldout")
    assert train and held
    assert not {e["speaker"] for e in train} & set(corpus.HELDOUT_SPEAKERS)
    assert set(corpus.HELDOUT_SPEAKERS) <= {e["speaker"] for e in held}
    assert not {e["text"] for e in train if e["text"]} & {e["text"] for e in held if e["heldout"] == "sentence"}
    x = corpus.clip_audio(held[0])
    assert x.dtype == np.float32 and len(x) == held[0]["length"] and np.abs(x).max() <= 1.0
    b = corpus.RandomCrops(train[:50], 16000, seed=1).batch(3)
    assert b.shape == (3, 16000)
    assert np.array_equal(b, corpus.RandomCrops(train[:50], 16000, seed=1).batch(3))
