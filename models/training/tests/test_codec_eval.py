"""The codec evaluation's cepstral distance: the spectral envelope a recogniser's front end reads."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from codec.train import synthetic_batch  # noqa: E402
from eval.codec_eval import cepstral_frames, lsd_frames  # noqa: E402


@pytest.fixture
def speechlike():
    return synthetic_batch(1, 32000, np.random.default_rng(0))[0]


def test_cepstral_distance_is_zero_for_the_recording_and_ignores_gain(speechlike):
    x = speechlike
    assert cepstral_frames(x, x).mean() == pytest.approx(0.0, abs=1e-4)
    # a gain moves c0 only, which the distance leaves out; the LSD counts it in every bin
    assert cepstral_frames(x, 0.3 * x).mean() < 0.01
    assert lsd_frames(x, 0.3 * x).mean() > 5


def test_cepstral_distance_reads_the_envelope_and_grows_with_the_change(speechlike):
    x = speechlike
    soft = (0.5 * x + 0.5 * np.r_[0.0, x[:-1]]).astype(np.float32)        # a gentle low-pass
    softer = (np.convolve(x, np.ones(4) / 4)[: len(x)]).astype(np.float32)  # a stronger one
    d1, d2 = cepstral_frames(x, soft).mean(), cepstral_frames(x, softer).mean()
    assert 0.5 < d1 < d2


def test_cepstral_distance_counts_only_frames_near_the_loudest(speechlike):
    x = speechlike.copy()
    x[len(x) // 2:] *= 1e-4  # 80 dB down: outside the 50 dB the LSD also keeps
    kept, everything = len(cepstral_frames(x, x)), len(cepstral_frames(speechlike, speechlike))
    assert 0.4 * everything < kept < 0.6 * everything


class _LosslessCodec:
    """Encodes each hop-sized frame as itself: its round trip is the input, so any misplaced cut shows."""
    class cfg:
        hop = 320

    def encode(self, x):
        return x.reshape(x.shape[0], 1, -1, self.cfg.hop)

    def decode(self, codes):
        return codes[:, 0].reshape(codes.shape[0], -1)


@pytest.mark.parametrize("offset", [0, 80, 320, 517])
def test_round_trip_with_an_offset_returns_the_clips_own_span(speechlike, offset):
    from eval.codec_eval import codec_round_trip_torch
    x = speechlike[:16000 + 123].astype(np.float32)
    y = codec_round_trip_torch(_LosslessCodec(), x, None, offset)
    assert y.shape == x.shape
    n = (len(x) + offset) // 320 * 320 - offset  # the samples the codec saw; the tail is padded with zeros
    assert np.array_equal(y[:n], x[:n]) and not y[n:].any()
