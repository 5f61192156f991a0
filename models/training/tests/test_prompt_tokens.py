"""SoundStorm trained and validated with tokenizer prompts: the token store's prompt_semantic, the
training examples that use it before the prompt boundary, and the held-out validation."""
import json
import os
import random
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from soundstorm.model import SoundStorm, SoundStormConfig  # noqa: E402
from soundstorm.token_store import TokenStore  # noqa: E402
from soundstorm.train import make_example  # noqa: E402
from soundstorm.validate import PROMPT_FRAMES, validate, validation_items  # noqa: E402

LABEL, TOKEN = 5, 9  # every label frame carries 5, every tokenizer frame 9: where each came from shows


def write_store(folder, with_prompt=True):
    rows, offset = [], 0
    for k in range(8):
        frames = 160 + 10 * k
        split = "heldout" if k >= 6 else "train"
        rows.append({"path": f"c{k}.opus", "speaker": "s0" if k < 6 else "s1", "split": split, "text": "x",
                     "frame_offset": offset, "frames": frames})
        offset += frames
    codes = (np.arange(offset * 3) % 16).astype(np.int16)
    codes.tofile(os.path.join(folder, "codes.int16"))
    np.full(offset, LABEL, np.int16).tofile(os.path.join(folder, "semantic.int16"))
    if with_prompt:
        np.full(offset, TOKEN, np.int16).tofile(os.path.join(folder, "prompt_semantic.int16"))
    with open(os.path.join(folder, "index.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    with open(os.path.join(folder, "meta.json"), "w") as f:
        json.dump({"levels": 3, "codebook_size": 16, "semantic_vocab": 12, "frames": offset}, f)
    return rows


def test_prompt_tokens_come_from_the_tokenizer_before_the_boundary_and_labels_after(tmp_path):
    write_store(tmp_path)
    store = TokenStore(str(tmp_path))
    rng = random.Random(0)
    boundaries = []
    for _ in range(40):
        sem, codes, p = make_example(store, rng, 200, prompt_tokens=True)
        assert sem.shape == (200,) and codes.shape == (3, 200)
        assert (sem[:p] == TOKEN).all() and (sem[p:] == LABEL).all()
        boundaries.append(p)
    assert max(boundaries) > 0
    sem, _, _ = make_example(store, rng, 200, prompt_tokens=False)
    assert (sem == LABEL).all()


def test_a_store_without_prompt_tokens_refuses_them(tmp_path):
    write_store(tmp_path, with_prompt=False)
    store = TokenStore(str(tmp_path))
    with pytest.raises(ValueError, match="prompt_semantic"):
        store.slice(store.rows[0], 0, 10, prompt=True)


def test_validation_prompts_with_another_clip_and_is_repeatable(tmp_path):
    rows = write_store(tmp_path)
    store = TokenStore(str(tmp_path))
    labels = {r["path"]: np.full(r["frames"] - 4, 7) for r in rows if r["split"] == "heldout"}
    items = validation_items(store, labels, "tokenizer")
    assert len(items) == 2  # the two held-out clips of s1, each prompted by the other
    for sem, codes, p in items:
        assert p == PROMPT_FRAMES
        assert (sem[:p] == TOKEN).all() and (sem[p:-4] == 7).all() and sem.shape[0] == codes.shape[1]
    label_items = validation_items(store, labels, "labels")
    assert len(label_items) == 2 and all((sem[:p] == 7).all() for sem, _, p in label_items)
    torch.manual_seed(0)
    model = SoundStorm(SoundStormConfig(semantic_vocab=12, levels=3, codebook_size=16, dim=32, heads=2, layers=1,
                                        dropout=0.0)).eval()
    first, again = validate(model, items, 2), validate(model, items, 2)
    assert first == again and set(first) == {0, 1}
    assert all(0 <= v["acc"] <= 1 and v["loss"] > 0 for v in first.values())


def test_t2s_total_loss_is_zero_at_the_truth_and_grows_with_the_length_error():
    from t2s.train import total_loss
    frames = torch.tensor([[3.0, 8.0, 1.0, 0.0], [5.0, 5.0, 0.0, 0.0]])
    pad = torch.tensor([[False, False, False, True], [False, False, True, True]])
    target = torch.log1p(frames)
    assert total_loss(target, target, pad).item() == pytest.approx(0.0, abs=1e-7)
    short = total_loss(torch.log1p(frames * 0.85), target, pad).item()
    shorter = total_loss(torch.log1p(frames * 0.6), target, pad).item()
    assert 0 < short < shorter
    # padded positions never count, whatever is predicted there
    noisy = target.clone()
    noisy[pad] = 9.0
    assert total_loss(noisy, target, pad).item() == pytest.approx(0.0, abs=1e-7)


def test_t2s_prompts_come_from_the_store_at_the_given_share(tmp_path):
    from t2s.train import prompt_frames
    write_store(tmp_path)
    prompt_store = TokenStore(str(tmp_path))
    other = {"path": "c1.opus", "ids": [3, 4], "durations": [2, 3]}
    to_semantic = list(range(12))
    rng = random.Random(0)
    got = [prompt_frames(other, to_semantic, rng, prompt_store, 0.5) for _ in range(200)]
    from_store = [g for g in got if (g == TOKEN).all()]
    assert all(len(g) == 170 for g in from_store)  # c1's 170 frames
    assert 60 < len(from_store) < 140
    assert all(list(g) == [3, 3, 4, 4, 4] for g in got if not (g == TOKEN).all())
    assert list(prompt_frames(other, to_semantic, rng)) == [3, 3, 4, 4, 4]
