"""`semantic.deep_head`: the CTC head grown by self-attention blocks and trained on the frozen encoder's
cached states. The grown head starts as the old one, learns, and never touches a token."""
import argparse
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import semantic.deep_head as deep_head  # noqa: E402
from semantic.export import load_semantic  # noqa: E402
from semantic.model import SemanticConfig, SemanticEncoder, SemanticTokens  # noqa: E402

HZ = {10: 300, 11: 900, 12: 2400, 13: 600, 14: 1500}  # phone id -> the tone that says it


def tones(ids, frames=48):
    """Audio of [frames] frames: one tone segment for each phone id (word boundaries, 3, are silent gaps)."""
    phones = [i for i in ids if i in HZ]
    t = torch.arange(320 * frames // len(phones)) / 16000
    a = torch.cat([0.3 * torch.sin(2 * torch.pi * HZ[i] * t) for i in phones])
    return torch.nn.functional.pad(a, (0, 320 * frames - len(a)))


ROWS = [{"path": f"clip{k}", "ids": ids, "length": 320 * 48} for k, ids in
        enumerate([[10, 3, 11, 12], [13, 3, 14], [12, 11], [14, 10, 13], [11, 3, 13, 14]])]


def fake_collate(batch):
    """semantic.train.collate for the tone clips above (no corpus cache on disk here)."""
    audio = torch.stack([tones(r["ids"]) for r in batch])
    frames = torch.full((len(batch),), 48)
    return audio, frames, torch.zeros(len(batch), 48, dtype=torch.bool)


def checkpoint(tmp_path):
    torch.manual_seed(0)
    cfg = SemanticConfig(vocab_size=16, dim=32, heads=2, layers=2, kernel=5, dropout=0.1, arch="conv", attn_layers=1)
    enc = SemanticEncoder(cfg)
    ck = {"model": enc.state_dict(), "config": cfg.to_dict(), "inventory": [str(i) for i in range(16)], "opt": None}
    path = tmp_path / "base.pt"
    torch.save(ck, path)
    return path, ck


def test_grown_head_starts_as_the_linear_head_and_the_tokens_do_not_move(tmp_path):
    _, ck = checkpoint(tmp_path)
    flat, grown = deep_head.load_encoder(ck, 0), deep_head.load_encoder(ck, 2)
    assert len(grown.ctc_blocks) == 2 and grown.cfg.ctc_head_layers == 2
    audio = fake_collate(ROWS[:2])[0]
    with torch.no_grad():
        assert torch.allclose(grown(audio)[0], flat(audio)[0], atol=1e-6)
        assert torch.equal(SemanticTokens(grown)(audio), SemanticTokens(flat)(audio))
    ck2 = {**ck, "model": grown.state_dict(), "config": grown.cfg.to_dict()}
    with pytest.raises(SystemExit, match="already has 2 blocks"):
        deep_head.load_encoder(ck2, 1)
    broken = {**ck, "model": {k: v for k, v in ck["model"].items() if not k.startswith("frame_head.")}}
    with pytest.raises(SystemExit, match="does not fit"):
        deep_head.load_encoder(broken, 2)


def test_cache_holds_each_clips_states_and_targets_and_the_warp_is_reset(tmp_path, monkeypatch):
    monkeypatch.setattr(deep_head, "collate", fake_collate)
    _, ck = checkpoint(tmp_path)
    model = deep_head.load_encoder(ck, 0)
    plain = deep_head.cache_states(model, ROWS, log=lambda m: None)
    warped = deep_head.cache_states(model, ROWS, warp=0.1, log=lambda m: None)
    assert model.warp is None
    assert sorted(plain["paths"]) == sorted(r["path"] for r in ROWS)
    for path, s, t in zip(plain["paths"], plain["states"], plain["targets"]):
        row = next(r for r in ROWS if r["path"] == path)
        assert s.dtype == torch.float16 and s.shape == (48, 32)
        assert t == [i for i in row["ids"] if i != 3]
        with torch.no_grad():
            want = model.encode(fake_collate([row])[0])[0]
        assert torch.allclose(s.float(), want, atol=1e-2)
    assert all(0.9 <= w <= 1.1 for w in warped["warps"]) and any(w != 1.0 for w in warped["warps"])
    i = warped["paths"].index(plain["paths"][0])
    assert not torch.allclose(warped["states"][i].float(), plain["states"][0].float(), atol=1e-3)


def test_train_lowers_the_loss_keeps_the_encoder_and_resumes(tmp_path, monkeypatch):
    monkeypatch.setattr(deep_head, "collate", fake_collate)
    monkeypatch.setattr(deep_head, "CACHE_DIR", tmp_path / ".cache")
    base, ck = checkpoint(tmp_path)
    feats = tmp_path / "feats"
    feats.mkdir()
    cached = deep_head.cache_states(deep_head.load_encoder(ck, 0), ROWS, log=lambda m: None)
    torch.save(cached, feats / "shard-0-of-1.pt")
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    idx = list(range(len(ROWS)))
    before = deep_head.head_loss(deep_head.load_encoder(ck, 2), ctc, cached["states"], cached["targets"], idx).item()

    def train(steps):
        deep_head.cmd_train(argparse.Namespace(
            checkpoint=str(base), features=[str(feats)], run="head", blocks=2, norm=False, layer=None, dropout=0.0,
            lr=3e-3, minutes=10, decay_minutes=0, batch_seconds=10, max_steps=steps, threads=1))
        return torch.load(tmp_path / "runs" / "head" / "last.pt")

    out = train(150)
    assert out["deep_head"]["steps"] == 150 and out["config"]["ctc_head_layers"] == 2
    model, _ = load_semantic(tmp_path / "runs" / "head" / "last.pt")  # loads strictly with the grown config
    enc = model.encoder
    after = deep_head.head_loss(enc, ctc, cached["states"], cached["targets"], idx).item()
    assert after < 0.3 * before
    for k, v in ck["model"].items():
        if not k.startswith(("ctc_head.", "ctc_blocks.")):
            assert torch.equal(enc.state_dict()[k], v), k
    audio = fake_collate(ROWS)[0]
    with torch.no_grad():
        assert torch.equal(model(audio), SemanticTokens(deep_head.load_encoder(ck, 0))(audio))
    assert train(170)["deep_head"]["steps"] == 170  # resumed from last.pt, not restarted


def test_utterance_norm_counts_only_the_clips_own_frames():
    from semantic.model import utterance_norm

    torch.manual_seed(1)
    x = torch.randn(2, 10, 4) * 3 + 5
    pad = torch.zeros(2, 10, dtype=torch.bool)
    pad[1, 6:] = True
    x[1, 6:] = 1e3  # padding: must not move the statistics
    y = utterance_norm(x, pad)
    assert torch.allclose(y[1, :6], utterance_norm(x[1:2, :6])[0], atol=1e-5)
    assert torch.allclose(y[0].mean(0), torch.zeros(4), atol=1e-5)
    assert torch.allclose(y[0].var(0, unbiased=False), torch.ones(4), atol=1e-3)


def test_a_normalised_head_reads_the_states_without_their_clip_mean(tmp_path):
    _, ck = checkpoint(tmp_path)
    model = deep_head.load_encoder(ck, 0, norm=True)
    assert model.cfg.ctc_head_norm
    h = torch.randn(1, 20, 32)
    with torch.no_grad():  # a constant offset over the whole clip (a voice, a channel) changes nothing
        assert torch.allclose(model.ctc_logits(h), model.ctc_logits(h + torch.randn(1, 1, 32)), atol=1e-4)
    assert not deep_head.load_encoder(ck, 0).cfg.ctc_head_norm


def test_a_head_on_an_earlier_layer_reads_that_layer_and_its_cache_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(deep_head, "collate", fake_collate)
    _, ck = checkpoint(tmp_path)
    last, early = deep_head.load_encoder(ck, 0), deep_head.load_encoder(ck, 0, layer=1)
    audio = fake_collate(ROWS[:2])[0]
    with torch.no_grad():
        states = early.states(audio)
        ctc, frame = early(audio)
        assert torch.allclose(ctc, early.ctc_head(states[1]), atol=1e-6)
        assert torch.equal(frame, last(audio)[1])  # the frame head (so the tokens) reads the last layer still
        assert not torch.allclose(ctc, last(audio)[0], atol=1e-3)
    cached = deep_head.cache_states(early, ROWS, log=lambda m: None)
    assert cached["layer"] == 1
    i = cached["paths"].index(ROWS[0]["path"])
    assert torch.allclose(cached["states"][i].float(), states[1][0], atol=1e-2)
    feats = tmp_path / "feats"
    feats.mkdir()
    torch.save(cached, feats / "shard-0-of-1.pt")
    mine = deep_head.encoder_fingerprint(early)
    assert mine == deep_head.encoder_fingerprint(last)  # the CTC head is not the encoder
    assert len(deep_head.load_features([str(feats)], 1, mine)[0]) == len(ROWS)
    with pytest.raises(SystemExit, match="states of layer 1, but the head reads layer -1"):
        deep_head.load_features([str(feats)], -1, mine)
    other = SemanticEncoder(SemanticConfig(**ck["config"]))  # fresh weights: another encoder
    with pytest.raises(SystemExit, match="written by another encoder"):
        deep_head.load_features([str(feats)], 1, deep_head.encoder_fingerprint(other))


def test_a_bad_batch_never_reaches_the_weights():
    from semantic.train import guarded_step

    w = torch.nn.Parameter(torch.ones(3))
    opt = torch.optim.SGD([w], lr=0.1)
    assert not guarded_step(opt, (w * float("nan")).sum(), [w], 0)  # a non-finite loss
    assert not guarded_step(opt, (w - 1).sqrt().sum(), [w], 0)  # a finite loss (0) with an infinite gradient
    assert torch.equal(w.detach(), torch.ones(3)) and (w.grad is None or not w.grad.any())
    assert guarded_step(opt, (w * 2).sum(), [w], 0)
    assert torch.all(w.detach() < 1.0)
