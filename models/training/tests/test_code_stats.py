"""eval.code_stats: entropy and mutual information of a token store's codes."""
import json
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from eval.code_stats import code_stats, mutual_information  # noqa: E402

K = 16


def write_store(folder, codes, labels, paths=("a", "b")):
    os.makedirs(folder, exist_ok=True)
    codes.astype(np.int16).tofile(os.path.join(folder, "codes.int16"))
    labels.astype(np.int16).tofile(os.path.join(folder, "semantic.int16"))
    half = len(codes) // 2
    with open(os.path.join(folder, "index.jsonl"), "w") as f:
        for k, p in enumerate(paths):
            f.write(json.dumps({"path": p, "speaker": "s", "split": "train", "text": "x",
                                "frame_offset": k * half, "frames": half}) + "\n")
    with open(os.path.join(folder, "meta.json"), "w") as f:
        json.dump({"levels": codes.shape[1], "codebook_size": K, "semantic_vocab": K, "frames": len(codes)}, f)


def test_mutual_information_of_a_copy_is_its_entropy_and_of_independent_draws_near_zero():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 8, 200_000)
    mi, h = mutual_information(x, x, 8, 8)
    assert h == pytest.approx(np.log(8), abs=1e-3) and mi == pytest.approx(h, abs=1e-9)
    mi, _ = mutual_information(x, rng.integers(0, 8, 200_000), 8, 8)
    assert 0 <= mi < 1e-3


def test_stores_compared_over_the_first_stores_labels(tmp_path):
    rng = np.random.default_rng(1)
    n = 40_000
    labels = np.repeat(rng.integers(0, K, n // 8), 8)          # runs of 8 frames
    held = np.stack([labels, rng.integers(0, K, n)], 1)        # level 0 = the label, level 1 noise
    jumpy = np.stack([rng.integers(0, K, n), rng.integers(0, K, n)], 1)
    write_store(tmp_path / "held", held, labels)
    write_store(tmp_path / "jumpy", jumpy, np.zeros(n))        # a recoded store: no labels of its own
    stats = code_stats([str(tmp_path / "held"), str(tmp_path / "jumpy")], levels=2)
    h0, j0 = stats[str(tmp_path / "held")][0], stats[str(tmp_path / "jumpy")][0]
    assert h0["I_label"] == pytest.approx(h0["H"], abs=1e-3)
    assert h0["I_prev"] > 0.7 * h0["H"]                         # codes that persist over their runs
    assert j0["I_label"] < 0.01 and j0["I_prev"] < 0.01
    assert stats[str(tmp_path / "held")][1]["I_label"] < 0.01


def test_a_store_of_other_clips_is_refused(tmp_path):
    codes = np.zeros((100, 1), np.int64)
    write_store(tmp_path / "a", codes, codes[:, 0])
    write_store(tmp_path / "b", codes, codes[:, 0], paths=("a", "c"))
    with pytest.raises(SystemExit, match="not the same clips"):
        code_stats([str(tmp_path / "a"), str(tmp_path / "b")])
