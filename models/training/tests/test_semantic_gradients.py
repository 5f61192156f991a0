"""The frame tokenizer's gradients under the backend its training uses match float64.

Debian's torch 1.13 computed the subsample convolutions' weight gradients of this encoder wrongly
through mkldnn (2-7x relative error, sometimes 1e4-1e18): semantic.train turns mkldnn off."""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from codec.train import synthetic_batch  # noqa: E402
from semantic.export import load_semantic  # noqa: E402
from common.schedule import time_decay_factor  # noqa: E402
from semantic.train import configure_backend  # noqa: E402

CHECKPOINT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "checkpoints", "semantic-conv.pt")


def subsample_grads(enc, meln, pad, labels, dtype):
    enc.to(dtype).train()
    enc.zero_grad()
    x = enc.subsample(meln.to(dtype)).transpose(1, 2)
    for block in enc.blocks:
        x = block(x, pad)
    logits = enc.frame_head(x)
    torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1)).backward()
    return [p.grad.detach().double().clone() for p in enc.subsample.parameters()]


def test_training_backend_gives_the_float64_gradients_of_the_front_end():
    was = torch.backends.mkldnn.enabled
    try:
        model, _ = load_semantic(CHECKPOINT)
        enc = model.encoder
        for m in enc.modules():
            if isinstance(m, torch.nn.Dropout):
                m.p = 0.0
        audio = torch.from_numpy(synthetic_batch(3, 32000, np.random.default_rng(0)))
        audio[2, 16000:] = 0
        pad = torch.zeros(3, 100, dtype=torch.bool)
        pad[2, 50:] = True
        with torch.no_grad():
            mel = enc.mel(audio)
            meln = (mel - mel.mean(-1, keepdim=True)) / 4.0
            labels = enc(audio, pad)[1].argmax(-1)
        configure_backend()
        ref = subsample_grads(enc, meln, pad, labels, torch.float64)
        got = subsample_grads(enc, meln, pad, labels, torch.float32)
        for g, r in zip(got, ref):
            assert float((g - r).abs().max() / r.abs().max()) < 1e-4
    finally:
        torch.backends.mkldnn.enabled = was


def test_rate_decays_linearly_over_the_last_minutes_only():
    assert time_decay_factor(0, 60, 0, 0.1) == 1.0 and time_decay_factor(3600, 60, 0, 0.1) == 1.0
    assert time_decay_factor(40 * 60, 60, 20, 0.1) == 1.0
    assert abs(time_decay_factor(50 * 60, 60, 20, 0.1) - 0.55) < 1e-9
    assert abs(time_decay_factor(60 * 60, 60, 20, 0.1) - 0.1) < 1e-9
    assert time_decay_factor(90 * 60, 60, 20, 0.1) == 0.1  # a run past its minutes stays at the floor
