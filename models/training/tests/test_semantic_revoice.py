"""semantic.revoice: training transcripts spoken in other readers' voices become an extra cache that
semantic.train reads, labelled with the source clip's phonemes; held-out readers and clips never take
part, a silent generation is left out, and a second start appends to the first."""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from data.corpus import clip_audio  # noqa: E402
from semantic.revoice import build, prompt_pool, transcript_pool  # noqa: E402
from semantic.train import training_rows  # noqa: E402

SR = 16000


def corpus(tmp_path):
    """Two voices without text (one held out), three transcribed clips (one held out)."""
    clips = [("v/0", "voices", "a", None, "train", 0.2), ("v/1", "voices", "b", None, "heldout", 0.4),
             ("t/0", "text", "c", "THE CAT", "train", 0.1), ("t/1", "text", "d", "A DOG SAT", "train", 0.1),
             ("t/2", "text", "e", "HELD OUT", "heldout", 0.1)]
    index, offset = [], 0
    with open(tmp_path / "speech16k.int16", "wb") as f:
        for path, corp, spk, text, split, level in clips:
            a = np.full(3 * SR, level, dtype=np.float32)
            f.write((a * 32767).astype("<i2").tobytes())
            index.append({"path": path, "offset": offset, "length": len(a), "corpus": corp, "speaker": spk,
                          "gender": "F", "age": None, "text": text, "split": split,
                          "heldout": "speaker" if split == "heldout" else None})
            offset += len(a)
    (tmp_path / "index.jsonl").write_text("".join(json.dumps(r) + "\n" for r in index))
    g2p = {"t/0": ["<sil>", "ð", "ə", "k", "æ", "t", "<sil>"], "t/1": ["ə", "d", "ɑ", "ɡ", "s", "æ", "t"],
           "t/2": ["h", "ɛ", "l", "d"]}
    (tmp_path / "g2p_out.jsonl").write_text("".join(json.dumps({"id": k, "symbols": v}) + "\n" for k, v in g2p.items()))
    return g2p


def test_transcripts_spoken_in_training_voices_become_a_cache_that_training_reads(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    g2p = corpus(src)
    prompts = prompt_pool(["voices"], cache_dir=src)
    transcripts = transcript_pool(20, cache_dir=src)
    assert [p["path"] for p in prompts] == ["v/0"] and sorted(t["path"] for t in transcripts) == ["t/0", "t/1"]
    heard = []

    def speak(symbols, voice, seed):  # a stand-in generator: the voice's level, one 0.1 s per phoneme
        heard.append((tuple(symbols), len(voice), round(float(voice[0]), 2)))
        return np.full(int(0.1 * SR) * len(symbols), 2 * float(voice[0]), dtype=np.float32)

    rows = build(out, speak, transcripts, prompts, seconds_budget=60, prompt_seconds=1.0, cache_dir=src,
                 log=lambda m: None, max_clips=4, judge=lambda a, s: 0.25)
    assert len(rows) == 4 and all(n == SR and level == 0.2 for _, n, level in heard)
    assert {r["source"] for r in rows} <= {"t/0", "t/1"} and all(r["speaker"] == "rv-a" for r in rows)
    assert all(r["judge_per"] == 0.25 for r in rows)
    read = {r["path"]: r for r in training_rows(max_seconds=20, cache_dir=out)}
    assert sorted(read) == sorted(r["path"] for r in rows)
    for r in rows:
        assert read[r["path"]]["symbols"] == g2p[r["source"]] and read[r["path"]]["cache"] == str(out)
        assert np.allclose(clip_audio(r, out), 0.4, atol=1e-3) and r["length"] == int(0.1 * SR) * len(g2p[r["source"]])
    assert json.loads((out / "manifest.json").read_text())["clips"] == 4 and (out / "READY").exists()


def test_a_second_start_appends_repairs_a_cut_row_and_skips_silence(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    corpus(src)
    prompts, transcripts = prompt_pool(["voices"], cache_dir=src), transcript_pool(20, cache_dir=src)
    loud = lambda symbols, voice, seed: np.full(SR, 0.5, dtype=np.float32)  # noqa: E731
    first = build(out, loud, transcripts, prompts, 60, cache_dir=src, log=lambda m: None, max_clips=2)
    with open(out / "index.jsonl", "a") as f:  # a stop mid-write: half a row, audio past the last row
        f.write('{"path": "revoice/a/0000')
    with open(out / "speech16k.int16", "ab") as f:
        f.write(b"\0" * 1000)
    said = []
    silent = lambda symbols, voice, seed: np.zeros(SR, dtype=np.float32)  # noqa: E731
    again = build(out, silent, transcripts, prompts, 0.5, cache_dir=src, log=said.append)
    assert again == first and any("skipped" in m for m in said)
    both = build(out, loud, transcripts, prompts, 60, cache_dir=src, log=lambda m: None, max_clips=1)
    assert len(both) == 3 and both[:2] == first and both[2]["offset"] == 2 * SR
    assert os.path.getsize(out / "speech16k.int16") == 2 * 3 * SR
    assert len({r["path"] for r in both}) == 3
    assert len(training_rows(max_seconds=20, cache_dir=out)) == 3
