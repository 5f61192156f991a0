"""soundstorm.remap: a SoundStorm carried over to a new codec's codes through their co-occurrence."""
import json
import os
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from soundstorm.model import SoundStorm, SoundStormConfig  # noqa: E402
from soundstorm.remap import cooccurrence, main as remap_main  # noqa: E402

Q, K = 2, 8


def write_store(folder, codes):
    os.makedirs(folder, exist_ok=True)
    codes.astype(np.int16).tofile(os.path.join(folder, "codes.int16"))
    np.zeros(len(codes), np.int16).tofile(os.path.join(folder, "semantic.int16"))
    with open(os.path.join(folder, "index.jsonl"), "w") as f:
        f.write(json.dumps({"path": "a", "speaker": "s", "split": "train", "text": "x",
                            "frame_offset": 0, "frames": len(codes)}) + "\n")
    with open(os.path.join(folder, "meta.json"), "w") as f:
        json.dump({"levels": Q, "codebook_size": K, "semantic_vocab": 4, "frames": len(codes)}, f)


def test_cooccurrence_counts_pairs_per_level():
    old = np.array([[0, 1], [0, 1], [2, 3]])
    new = np.array([[5, 6], [5, 7], [4, 6]])
    c = cooccurrence(old, new, Q, K, chunk=2)
    assert c[0, 5, 0] == 2 and c[0, 4, 2] == 1 and c[1, 6, 1] == 1 and c[1, 6, 3] == 1 and c.sum() == 6


def test_a_relabelled_codec_gets_the_old_rows_back(tmp_path):
    """New codes that are a permutation of the old ones: each new row is its old code's row (same
    length), the mask rows and the Conformer are untouched, and the model predicts the same codes."""
    rng = np.random.default_rng(0)
    old = rng.integers(0, K, size=(400, Q))
    perm = rng.permutation(K)
    new = perm[old]
    write_store(tmp_path / "old", old)
    write_store(tmp_path / "new", new)
    cfg = SoundStormConfig(semantic_vocab=4, levels=Q, codebook_size=K, dim=16, heads=2, layers=1)
    torch.manual_seed(0)
    model = SoundStorm(cfg)
    torch.save({"config": cfg.to_dict(), "model": model.state_dict(), "opt": None, "steps": 7}, tmp_path / "m.pt")
    remap_main(["--checkpoint", str(tmp_path / "m.pt"), "--old-tokens", str(tmp_path / "old"),
                "--new-tokens", str(tmp_path / "new"), "--out", str(tmp_path / "r.pt")])
    ck = torch.load(tmp_path / "r.pt")
    assert ck["steps"] == 7 and ck["opt"] is None and ck["remap_agreement"] == [1.0, 1.0]
    a = model.state_dict()["code_emb.weight"].view(Q, K + 1, -1)
    b = ck["model"]["code_emb.weight"].view(Q, K + 1, -1)
    norm = a[:, :K].norm(dim=-1).mean(-1)
    for q in range(Q):
        for i in range(K):
            # the permuted row, rescaled to the level's mean row length
            assert torch.allclose(b[q, perm[i]], a[q, i] / a[q, i].norm() * norm[q], atol=1e-5)
        assert torch.equal(b[q, K], a[q, K])  # the mask row
    for name, value in model.state_dict().items():  # everything but the code table and the bias is kept
        if name not in ("code_emb.weight", "head_bias"):
            assert torch.equal(ck["model"][name], value), name
    remapped = SoundStorm(SoundStormConfig(**ck["config"]))
    remapped.load_state_dict(ck["model"])


def test_stores_of_different_clips_are_refused(tmp_path):
    rng = np.random.default_rng(0)
    write_store(tmp_path / "old", rng.integers(0, K, size=(400, Q)))
    write_store(tmp_path / "new", rng.integers(0, K, size=(300, Q)))
    cfg = SoundStormConfig(semantic_vocab=4, levels=Q, codebook_size=K, dim=16, heads=2, layers=1)
    torch.save({"config": cfg.to_dict(), "model": SoundStorm(cfg).state_dict()}, tmp_path / "m.pt")
    with pytest.raises(SystemExit, match="same frames"):
        remap_main(["--checkpoint", str(tmp_path / "m.pt"), "--old-tokens", str(tmp_path / "old"),
                    "--new-tokens", str(tmp_path / "new"), "--out", str(tmp_path / "r.pt")])


def test_recode_swaps_the_codes_and_keeps_labels_and_prompt_tokens(tmp_path, monkeypatch):
    """tokens.py --recode: a store's codes from another codec, clip for clip; labels and prompt tokens copied."""
    import tokens
    from codec.model import Codec, CodecConfig
    from codec.train import CONFIGS

    rng = np.random.default_rng(0)
    clips = [{"path": f"c{k}", "speaker": "s", "split": "train", "text": "x"} for k in range(3)]
    audio = {c["path"]: (0.1 * rng.standard_normal(320 * (20 + 7 * k))).astype(np.float32) for k, c in enumerate(clips)}
    monkeypatch.setattr(tokens, "load_index", lambda *a, **k: clips)
    monkeypatch.setattr(tokens, "clip_audio", lambda r, *a, **k: audio[r["path"]])
    paths = []
    for seed in (0, 1):
        torch.manual_seed(seed)
        cfg = CodecConfig.from_dict({**CONFIGS["tiny"].to_dict(), "codebook_size": 32})
        paths.append(str(tmp_path / f"codec{seed}.pt"))
        torch.save({"config": cfg.to_dict(), "model": Codec(cfg).state_dict(), "step": 10 + seed}, paths[-1])
    old, new = str(tmp_path / "old"), str(tmp_path / "new")
    monkeypatch.setattr(sys, "argv", ["tokens.py", "--codec", paths[0], "--out", old])
    tokens.main()
    labels = np.arange(sum(20 + 7 * k for k in range(3))).astype(np.int16) % 11
    labels.tofile(os.path.join(old, "semantic.int16"))
    (labels[::-1].copy()).tofile(os.path.join(old, "prompt_semantic.int16"))
    monkeypatch.setattr(sys, "argv", ["tokens.py", "--recode", old, "--codec", paths[1], "--out", new])
    tokens.main()
    from soundstorm.token_store import TokenStore
    a, b = TokenStore(old), TokenStore(new)
    assert [r["frames"] for r in a.rows] == [r["frames"] for r in b.rows] == [20, 27, 34]
    assert np.array_equal(b.semantic, labels) and np.array_equal(b.prompt_semantic, labels[::-1])
    from codec.train import load_codec
    codec1, _ = load_codec(paths[1])
    for r in b.rows:
        want = codec1.encode(torch.from_numpy(audio[r["path"]])[None])[0].numpy()
        assert np.array_equal(b.clip(r)[1], want)
    assert not np.array_equal(np.asarray(a.codes), np.asarray(b.codes))
    assert b.meta["codec_step"] == 11 and b.meta["recoded_from"] == old
    # a codec with another frame count for a clip is refused, naming the clip
    audio["c1"] = audio["c1"][:320 * 10]
    monkeypatch.setattr(sys, "argv", ["tokens.py", "--recode", old, "--codec", paths[1], "--out", str(tmp_path / "bad")])
    with pytest.raises(SystemExit, match="c1"):
        tokens.main()
