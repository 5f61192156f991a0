"""Vocal-tract length perturbation in the semantic tokenizer's training (semantic.model.vtlp_fbank)."""
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from common.layers import LogMel  # noqa: E402
from semantic.model import SemanticConfig, SemanticEncoder, vtlp_fbank  # noqa: E402


def tone(hz, seconds=0.5, sr=16000):
    t = torch.arange(int(seconds * sr)) / sr
    return (0.3 * torch.sin(2 * math.pi * hz * t))[None, :]


def test_no_warp_is_the_mel_filterbank_and_the_band_edges_stay():
    mel = LogMel()
    assert torch.allclose(vtlp_fbank(mel.fbank, 1.0), mel.fbank)
    for a in (0.9, 1.1):
        fb = vtlp_fbank(mel.fbank, a)
        assert fb.shape == mel.fbank.shape and bool(torch.isfinite(fb).all())
        assert torch.allclose(fb[:, 0], mel.fbank[:, 0]) and torch.allclose(fb[:, -1], mel.fbank[:, -1])


def test_a_factor_above_one_moves_a_tone_up_the_mel_bins_and_below_one_down():
    mel = LogMel()
    audio = tone(1000.0)
    peak = {}
    for a in (0.9, 1.0, 1.1):
        out = mel(audio, vtlp_fbank(mel.fbank, a))
        peak[a] = int(out[0].mean(-1).argmax())
    assert peak[0.9] < peak[1.0] < peak[1.1]
    # per-clip filterbanks in one batch give each clip its own warp
    batch = torch.cat([audio, audio])
    fbs = torch.stack([vtlp_fbank(mel.fbank, 0.9), vtlp_fbank(mel.fbank, 1.1)])
    out = mel(batch, fbs)
    assert int(out[0].mean(-1).argmax()) == peak[0.9] and int(out[1].mean(-1).argmax()) == peak[1.1]


def test_the_encoder_warps_only_in_training():
    torch.manual_seed(0)
    enc = SemanticEncoder(SemanticConfig(vocab_size=20, dim=32, layers=1, heads=2, kernel=5, arch="conv"))
    enc.vtlp = 0.1
    audio = torch.randn(2, 3200) * 0.1
    enc.eval()
    a, b = enc.encode(audio), enc.encode(audio)
    assert torch.equal(a, b)
    enc.train()
    enc.cfg.dropout = 0.0
    for m in enc.modules():
        if isinstance(m, torch.nn.Dropout):
            m.p = 0.0
    c, d = enc.encode(audio), enc.encode(audio)
    assert not torch.allclose(c, d)        # a new warp each call
    enc.vtlp = None
    assert torch.allclose(enc.encode(audio), a, atol=1e-6)


def test_a_reading_warp_applies_in_eval_mode_only_and_one_is_the_plain_reading():
    torch.manual_seed(0)
    enc = SemanticEncoder(SemanticConfig(vocab_size=20, dim=32, layers=1, heads=2, kernel=5, arch="conv")).eval()
    audio = tone(700.0, seconds=0.2).repeat(2, 1) + torch.randn(2, 3200) * 0.01
    plain = enc.encode(audio)
    enc.warp = 1.0
    assert torch.equal(enc.encode(audio), plain)
    enc.warp = 1.12
    warped = enc.encode(audio)
    assert not torch.allclose(warped, plain, atol=1e-4)
    mel = enc.mel(audio, vtlp_fbank(enc.mel.fbank, 1.12))
    mel = (mel - mel.mean(-1, keepdim=True)) / 4.0
    x = enc.subsample(mel).transpose(1, 2)
    for block in list(enc.blocks) + list(enc.attn_blocks):
        x = block(x, None)
    assert torch.allclose(warped, x, atol=1e-6)    # the warped filterbank, nothing else
    enc.train()
    for m in enc.modules():
        if isinstance(m, torch.nn.Dropout):
            m.p = 0.0
    assert torch.allclose(enc.encode(audio), plain, atol=1e-6)   # training ignores it (VTLP off here)
