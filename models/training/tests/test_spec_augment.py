"""SpecAugment in the semantic tokenizer's training: masks where asked, nothing in eval mode."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from semantic.model import SemanticConfig, SemanticEncoder, spec_augment  # noqa: E402


def test_masks_zero_whole_bands_and_spans_and_leave_the_input_alone():
    mel = torch.randn(3, 80, 200) + 5.0  # nothing is 0 before masking
    g = torch.Generator().manual_seed(1)
    out = spec_augment(mel, freq_masks=2, freq_width=10, time_masks=2, time_width=8, generator=g)
    assert bool((mel != 0).all())  # the input is not modified
    for i in range(3):
        zero = out[i] == 0
        rows = zero.all(dim=1)  # masked bins are zero over every frame
        cols = zero.all(dim=0)  # masked frames are zero in every bin
        assert bool((zero == (rows[:, None] | cols[None, :])).all())  # nothing else is zeroed
        assert int(rows.sum()) <= 2 * 10 and int(cols.sum()) <= 2 * 8
        assert bool(torch.equal(out[i][~zero], mel[i][~zero]))
    # over many draws the masks do occur, and never exceed their widths
    widths = [int((spec_augment(mel[:1], 1, 10, 0, 0, generator=g)[0] == 0).all(dim=1).sum()) for _ in range(50)]
    assert max(widths) <= 10 and sum(widths) > 0


def test_encoder_is_unchanged_in_eval_mode_and_augmented_in_training():
    torch.manual_seed(0)
    enc = SemanticEncoder(SemanticConfig(vocab_size=12, dim=32, heads=2, layers=1, dropout=0.0, arch="conv", kernel=5))
    audio = torch.randn(2, 16000) * 0.1
    enc.eval()
    plain = enc.encode(audio)
    enc.augment = dict(freq_masks=2, freq_width=20, time_masks=2, time_width=20)
    assert torch.equal(enc.encode(audio), plain)  # eval (and export) never masks
    enc.train()
    torch.manual_seed(3)
    assert not torch.allclose(enc.encode(audio), plain)
    enc.augment = None
    assert torch.allclose(enc.encode(audio), plain)  # dropout is 0: training without masks is the same


def test_frame_head_realignment_labels_every_frame_with_the_clips_own_phones(monkeypatch):
    """semantic.train --align-head frame: embedded re-estimation on the frame head."""
    import numpy as np

    import semantic.train as st
    from semantic.vocab import BOUNDARIES, SIL as sil
    monkeypatch.setattr(st, "clip_audio", lambda r: r["audio"])
    torch.manual_seed(0)
    enc = SemanticEncoder(SemanticConfig(vocab_size=12, dim=32, heads=2, layers=1, dropout=0.0, arch="conv", kernel=5))
    rng = np.random.default_rng(0)
    rows = [{"path": f"c{i}", "length": n, "audio": (rng.standard_normal(n) * 0.1).astype(np.float32),
             "ids": [sil] + [int(x) for x in rng.integers(4, 12, size=6)] + [sil]}
            for i, n in enumerate((16000, 24000, 12800))]
    enc.train()
    out = st.align_rows(enc, rows, "cpu", head="frame")
    assert enc.training  # back to training mode for the steps that follow
    assert len(out) == 3
    for r in out:
        frames = (r["length"] + st.HOP - 1) // st.HOP
        assert len(r["labels"]) == frames and int(np.sum(r["durations"])) == frames
        phones = [x for x in r["ids"] if x not in BOUNDARIES]
        assert all(int(d) >= 1 for x, d in zip(r["ids"], r["durations"]) if x not in BOUNDARIES)
        assert set(int(x) for x in r["labels"]) <= set(phones) | {sil}
