"""The semantic tokenizer's training augmentations beyond VTLP: speed perturbation of a batch
(semantic.train.speed_perturb) and the clips of a second cache (semantic.train.training_rows with
cache_dir, as --extra-cache reads data/synthetic.py's)."""
import json
import math
import os
import random
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from semantic.train import HOP, collate, length_batches, repeat_corpus, speed_perturb, training_rows  # noqa: E402


def tone(hz, samples, sr=16000):
    t = torch.arange(samples) / sr
    return 0.3 * torch.sin(2 * math.pi * hz * t)


def peak_hz(x, sr=16000):
    spec = torch.fft.rfft(x * torch.hann_window(len(x)))
    return float(spec.abs().argmax()) * sr / len(x)


def test_factor_one_changes_nothing():
    audio = torch.randn(2, 10 * HOP)
    frames = torch.tensor([10, 7])
    labels = torch.arange(20).reshape(2, 10)
    a, f, pad, lab = speed_perturb(audio, frames, labels, 1.0)
    assert torch.equal(a, audio) and torch.equal(f, frames) and torch.equal(lab, labels)
    assert pad[1].tolist() == [False] * 7 + [True] * 3


def test_faster_raises_pitch_and_shortens_and_slower_does_the_opposite():
    n = 50 * HOP  # one second
    audio = tone(500.0, n)[None, :]
    frames = torch.tensor([50])
    for factor in (0.9, 1.1):
        a, f, pad, _ = speed_perturb(audio, frames, None, factor)
        assert a.shape[1] % HOP == 0
        assert abs(int(f[0]) - 50 / factor) <= 1
        assert abs(peak_hz(a[0, : int(n / factor)]) - 500.0 * factor) < 8.0
        assert int((~pad[0]).sum()) == int(f[0])


def test_labels_follow_the_audio_and_padding_is_ignored():
    # two clips; the first's label changes from 1 to 2 at frame 20 of 40, the second is 30 frames long
    audio = torch.zeros(2, 40 * HOP)
    frames = torch.tensor([40, 30])
    labels = torch.full((2, 40), -100, dtype=torch.long)
    labels[0, :20], labels[0, 20:] = 1, 2
    labels[1, :30] = 3
    for factor in (0.8, 1.2):
        a, f, pad, lab = speed_perturb(audio, frames, labels, factor)
        assert lab.shape == pad.shape == (2, a.shape[1] // HOP)
        first_two = int((lab[0] == 2).nonzero()[0])
        assert abs(first_two - 20 / factor) <= 1  # the boundary moves with the time axis
        assert bool((lab[pad] == -100).all())
        assert bool((lab[1][~pad[1]] == 3).all()) and int(f[1]) == math.ceil(30 / factor)


def test_a_second_cache_supplies_rows_that_read_their_own_audio(tmp_path):
    sr = 16000
    clips = [tone(300.0, sr).numpy(), tone(700.0, sr // 2).numpy(), tone(900.0, sr).numpy()]
    index, g2p, offset = [], [], 0
    with open(tmp_path / "speech16k.int16", "wb") as f:
        for k, c in enumerate(clips):
            f.write((c * 32767).astype("<i2").tobytes())
            index.append({"path": f"synthetic/v{k}/000", "offset": offset, "length": len(c), "corpus": "synthetic",
                          "speaker": f"v{k}", "gender": "F", "age": None, "text": "a cat.",
                          "split": "heldout" if k == 2 else "train", "heldout": None})
            offset += len(c)
            if k != 1:  # the second clip has no phonemes: it is left out
                g2p.append({"id": f"synthetic/v{k}/000", "symbols": ["<sil>", "ɐ", " ", "k", "æ", "t", ".", "<sil>"]})
    (tmp_path / "index.jsonl").write_text("".join(json.dumps(r) + "\n" for r in index))
    (tmp_path / "g2p_out.jsonl").write_text("".join(json.dumps(r) + "\n" for r in g2p))
    rows = training_rows(max_seconds=20, cache_dir=tmp_path)
    assert [r["path"] for r in rows] == ["synthetic/v0/000"]  # train split, with phonemes
    assert rows[0]["cache"] == str(tmp_path) and rows[0]["symbols"][1] == "ɐ"
    audio, frames, pad = collate(rows)
    assert int(frames[0]) == sr // HOP and abs(peak_hz(audio[0]) - 300.0) < 4.0
    assert np.allclose(audio[0].numpy()[:sr], clips[0], atol=1e-4)


def test_repeat_corpus_counts_a_corpus_k_times_and_names_bad_specs():
    rows = [{"path": f"{c}/{k}", "corpus": c, "labels": np.array([k])} for c in ("a", "b") for k in range(2)]
    out = repeat_corpus(rows, ["b=3"])
    assert [r["path"] for r in out] == ["a/0", "a/1", "b/0", "b/0", "b/0", "b/1", "b/1", "b/1"]
    assert out[2] is rows[2] and out[3] is not rows[2] and out[3]["labels"] is rows[2]["labels"]
    assert repeat_corpus(rows, ["a=1"]) == rows
    for bad, said in (("b", "CORPUS=K"), ("b=0", "CORPUS=K"), ("b=x", "CORPUS=K"), ("c=2", "no training clips of c")):
        with pytest.raises(ValueError, match=said):
            repeat_corpus(rows, [bad])


def test_a_seed_orders_the_same_batches_differently_and_the_same_seed_repeats():
    """--seed: length_batches keeps each batch within its budget whatever the rng; only the order of the
    batches depends on it, so runs with different seeds see the same data on different paths."""
    draw = random.Random(7)
    lengths = [draw.randint(8000, 160000) for _ in range(300)]
    a = length_batches(lengths, 20 * 16000, random.Random(0))
    b = length_batches(lengths, 20 * 16000, random.Random(1))
    assert a == length_batches(lengths, 20 * 16000, random.Random(0))
    assert a != b
    assert sorted(map(tuple, a)) == sorted(map(tuple, b))
    assert sorted(i for batch in a for i in batch) == list(range(300))
    for batch in a:
        assert len(batch) == 1 or max(lengths[i] for i in batch) * len(batch) <= 20 * 16000
