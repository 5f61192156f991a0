"""Self-attention blocks on top of the semantic tokenizer's conv stack (semantic.model.AttentionBlock):
they start as identities, so `semantic.train --grow-attn N` extends a trained encoder without changing
its tokens, and the grown graph exports to ONNX like the plain one."""
import os
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from semantic.model import AttentionBlock, SemanticConfig, SemanticEncoder, SemanticTokens, load_grown  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")


def trained_conv(seed=0, **extra):
    torch.manual_seed(seed)
    cfg = SemanticConfig(vocab_size=12, dim=32, heads=2, layers=2, kernel=5, dropout=0.0, arch="conv", **extra)
    enc = SemanticEncoder(cfg)
    with torch.no_grad():  # stand-in for training: move every weight off its initial value
        for p in enc.parameters():
            p.add_(0.05 * torch.randn_like(p))
    return enc.eval()


def test_a_new_block_is_the_identity_and_learns_from_there():
    block = AttentionBlock(16, 2, ff_mult=2)
    x = torch.randn(2, 30, 16)
    assert torch.equal(block(x), x)
    pad = torch.zeros(2, 30, dtype=torch.bool)
    pad[1, 20:] = True
    assert torch.equal(block(x, pad), x)
    opt = torch.optim.SGD(block.parameters(), lr=0.1)
    for _ in range(3):  # the zeroed projections get gradients, then the rest of the block does
        opt.zero_grad()
        (block(x) - x.flip(1)).pow(2).mean().backward()
        opt.step()
    assert not torch.allclose(block(x), x)
    assert block.attn.qkv.weight.grad.abs().sum() > 0


def test_grown_encoder_gives_the_trained_encoders_tokens_until_it_trains():
    small = trained_conv()
    grown = SemanticEncoder(SemanticConfig(**{**small.cfg.to_dict(), "attn_layers": 2})).eval()
    assert load_grown(grown, small.state_dict()) == 2
    audio = torch.randn(2, 320 * 40) * 0.1
    with torch.no_grad():
        for a, b in zip(small(audio), grown(audio)):
            assert torch.equal(a, b)
    assert load_grown(grown, grown.state_dict()) == 0  # its own weights: nothing to add
    with pytest.raises(ValueError, match="do not fit"):  # another width is not a growth
        load_grown(grown, SemanticEncoder(SemanticConfig(vocab_size=12, dim=48, heads=2, layers=2, kernel=5,
                                                         arch="conv")).state_dict())
    partial = {k: v for k, v in grown.state_dict().items() if not k.startswith("attn_blocks.1.ff.")}
    with pytest.raises(ValueError, match="part of an attention block"):
        load_grown(SemanticEncoder(grown.cfg), partial)


def test_old_checkpoints_without_the_field_load_as_plain_encoders():
    cfg = trained_conv().cfg.to_dict()
    cfg.pop("attn_layers"), cfg.pop("attn_ff")  # a checkpoint written before the blocks existed
    enc = SemanticEncoder(SemanticConfig(**cfg))
    assert len(enc.attn_blocks) == 0 and not any(k.startswith("attn_blocks") for k in enc.state_dict())


@pytest.mark.skipif(not os.path.isdir(os.path.join(ROOT, "node_modules", "onnxruntime-node")),
                    reason="onnxruntime-node is not installed")
def test_grown_encoder_exports_and_onnx_runtime_agrees(tmp_path):
    from codec.ort import run as ort_run
    from semantic.export import export_semantic
    enc = trained_conv(attn_layers=2)
    with torch.no_grad():  # trained attention blocks, not identities
        for p in enc.attn_blocks.parameters():
            p.add_(0.05 * torch.randn_like(p))
    model = SemanticTokens(enc).eval()
    path = tmp_path / "semantic.onnx"
    export_semantic(model, str(path), seconds=1.0)
    audio = (np.random.default_rng(0).standard_normal((1, 320 * 83)) * 0.1).astype(np.float32)  # another length
    got = ort_run(path, {"audio": audio}, ["tokens"])[0]["tokens"]
    with torch.no_grad():
        logits = enc.frame_head(enc.encode(torch.from_numpy(audio)))
    want = logits.argmax(-1).numpy()
    top2 = logits.topk(2, -1).values
    clear = (top2[..., 0] - top2[..., 1] > 1e-3).numpy()  # frames whose argmax a rounding cannot flip
    assert got.shape == want.shape == (1, 83) and clear.mean() > 0.9
    assert np.array_equal(got[clear], want[clear])
