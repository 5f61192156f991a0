"""semantic.pseudo_label: training clips without text become an extra cache that semantic.train reads
(recognised words as text, the corpus audio linked), with held-out clips and near-empty readings left out."""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from semantic.pseudo_label import build  # noqa: E402
from semantic.train import training_rows  # noqa: E402


def corpus(tmp_path):
    sr, index, offset = 16000, [], 0
    clips = [np.full(sr // 2, 0.1 * (k + 1), dtype=np.float32) for k in range(4)]
    with open(tmp_path / "speech16k.int16", "wb") as f:
        for k, c in enumerate(clips):
            f.write((c * 32767).astype("<i2").tobytes())
            index.append({"path": f"c/{k}", "offset": offset, "length": len(c), "corpus": "c" if k else "other",
                          "speaker": f"s{k}", "gender": "F", "age": None, "text": None,
                          "split": "heldout" if k == 3 else "train", "heldout": None})
            offset += len(c)
    (tmp_path / "index.jsonl").write_text("".join(json.dumps(r) + "\n" for r in index))
    return clips


def test_untranscribed_training_clips_become_a_cache_that_training_reads(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    clips = corpus(src)
    heard = []

    def transcribe(audio):  # a stand-in recogniser: what it "hears" depends on the clip's level
        heard.append(round(float(audio[0]), 2))
        return ["a", "cat"] if heard[-1] < 0.25 else ["the", "cat", "sat"]

    kept = build("c", out, transcribe, cache_dir=src, log=lambda m: None)
    assert heard == [0.2, 0.3]  # the other corpus and the held-out clip are never read
    assert [r["path"] for r in kept] == ["c/2"]  # "a cat": under three words
    assert json.loads((out / "g2p_in.jsonl").read_text()) == {"id": "c/2", "text": "the cat sat"}
    assert len((out / "transcripts.jsonl").read_text().splitlines()) == 2
    again = build("c", out, lambda a: heard.append("again"), cache_dir=src, log=lambda m: None)
    assert "again" not in heard and again == kept  # resumes from transcripts.jsonl
    (out / "g2p_out.jsonl").write_text(json.dumps({"id": "c/2", "symbols": ["<sil>", "ð", "ə", "<sil>"]}) + "\n")
    rows = training_rows(max_seconds=20, cache_dir=out)
    assert [r["path"] for r in rows] == ["c/2"] and rows[0]["cache"] == str(out)
    from data.corpus import clip_audio
    assert np.allclose(clip_audio(rows[0], out), clips[2], atol=1e-4)
