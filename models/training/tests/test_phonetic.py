"""The phonetic loss (codec/phonetic.py): the frozen semantic tokenizer's reading of a rendering
against the recording's, as a decoder training loss."""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from codec.phonetic import PhoneticLoss  # noqa: E402
from codec.train import synthetic_batch  # noqa: E402
from semantic.model import SemanticConfig, SemanticEncoder  # noqa: E402

torch.set_num_threads(1)
# as codec.adapt trains with it: mkldnn's gradients of this encoder's convolutions are wrong on Debian's torch
torch.backends.mkldnn.enabled = False


def tiny_encoder(attn_layers=1):
    torch.manual_seed(0)
    enc = SemanticEncoder(SemanticConfig(vocab_size=12, dim=32, heads=2, layers=2, kernel=5, arch="conv",
                                         attn_layers=attn_layers))
    # grown attention blocks start as identities; give them weights so that they matter here
    for p in enc.attn_blocks.parameters():
        torch.nn.init.normal_(p, std=0.05)
    enc.augment = {"freq_masks": 2, "freq_width": 10, "time_masks": 2, "time_width": 8}
    enc.vtlp = 0.1
    return enc


def audio(b=2, n=16000, seed=0):
    return torch.from_numpy(synthetic_batch(b, n, np.random.default_rng(seed)).astype(np.float32))


def test_zero_on_the_recording_itself_and_larger_the_further_the_rendering_is():
    loss = PhoneticLoss(tiny_encoder())
    x = audio()
    assert float(loss(x, x)) < 1e-6
    near = float(loss(x + 0.01 * audio(seed=1), x))
    far = float(loss(x + 0.2 * audio(seed=1), x))
    assert 0 < near < far


def test_layers_follow_the_encoders_own_path():
    enc = tiny_encoder()
    loss = PhoneticLoss(enc)
    x = audio()
    layers = loss.layers(x)
    assert len(layers) == 1 + 2 + 1 + 1  # subsampling, two conv blocks, one attention block, posteriors
    with torch.no_grad():
        assert torch.allclose(layers[-2], enc.encode(x), atol=1e-5)
        assert torch.allclose(layers[-1].exp().sum(-1), torch.ones(2, 50), atol=1e-4)


def test_gradients_reach_the_rendering_and_never_the_tokenizer():
    enc = tiny_encoder()
    before = {k: v.clone() for k, v in enc.state_dict().items()}
    loss = PhoneticLoss(enc).train()  # a caller's train() leaves the tokenizer in eval mode
    assert not enc.training and not any(p.requires_grad for p in enc.parameters())
    x = audio()
    y = (x + 0.1 * audio(seed=2)).requires_grad_(True)
    loss(y, x).backward()
    assert y.grad is not None and float(y.grad.abs().sum()) > 0
    assert all(p.grad is None for p in enc.parameters())
    # deterministic: eval mode leaves SpecAugment, VTLP and dropout out, and the gradient is the same
    # on every call (the fault mkldnn has on Debian's torch)
    assert float(loss(y, x)) == float(loss(y, x))
    first = y.grad.clone()
    for _ in range(3):
        y.grad = None
        loss(y, x).backward()
        assert torch.equal(y.grad, first)
    assert all(torch.equal(before[k], v) for k, v in enc.state_dict().items())


def test_a_rendering_trained_on_it_moves_towards_the_recording():
    loss = PhoneticLoss(tiny_encoder(), posterior_weight=0.5)
    x = audio()
    y = (0.3 * audio(seed=3)).requires_grad_(True)
    opt = torch.optim.Adam([y], lr=1e-3)
    first = float(loss(y, x))
    for _ in range(30):
        opt.zero_grad()
        loss(y, x).backward()
        opt.step()
    assert float(loss(y, x)) < 0.8 * first
