"""The provided speech corpus (../shared/data/speech), decoded once into a 16 kHz int16 cache.

Build (from the repository root; about 4 minutes on 2 cores):

    /usr/bin/python3 models/training/data/corpus.py build [--procs 2]

writes, in ``models/training/.cache/`` (git-ignored; override with $SOUNDSTORM_CACHE):

- ``speech16k.int16``: every clip, raw int16 little-endian, 16 kHz mono, concatenated in manifest order;
- ``index.jsonl``: one line per clip: path, offset (samples), length (samples), corpus, speaker,
  gender, age, text, split ("train" | "heldout") and heldout ("speaker" | "sentence" | null);
- ``READY``: touched when both are complete.

The split is deterministic (no randomness, no dependence on decode order):
- held-out speakers: HELDOUT_SPEAKERS (4 LibriSpeech-mini speakers, 2 F + 2 M, and 2 adult
  speechocean762 speakers, 1 F + 1 M); every clip of theirs is held out;
- held-out sentences: a transcript whose normalised text hashes (sha1) to 0 mod 25 (about 4%) is held
  out for every speaker, so that the generators can be tested on sentences they never saw.

Loaders (``from data.corpus import ...`` when running from models/training):
``load_index``, ``open_audio``, ``clip_audio``, ``RandomCrops``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable, Optional

import numpy as np

SAMPLE_RATE = 16000
DATA_ROOT = Path(os.environ.get("SOUNDSTORM_SPEECH", "/work/shared/data/speech"))
CACHE_DIR = Path(os.environ.get("SOUNDSTORM_CACHE", Path(__file__).resolve().parents[1] / ".cache"))
AUDIO_FILE = "speech16k.int16"
INDEX_FILE = "index.jsonl"

# Speakers no model ever trains on (every figure is measured on them).
HELDOUT_SPEAKERS = {
    "ls-669": "F", "ls-5789": "F",      # librispeech-mini, female
    "ls-2136": "M", "ls-3242": "M",     # librispeech-mini, male
    "so-3060": "F", "so-9600": "M",     # speechocean762, adults (21 F, 28 M)
}
HELDOUT_SENTENCE_MOD = 25


def normalise_text(text: str) -> str:
    """Upper case, letters/digits/apostrophes only, single spaces: the key for sentence hold-out."""
    text = re.sub(r"[^A-Z0-9' ]+", " ", text.upper())
    return " ".join(text.split())


def is_heldout_sentence(text: Optional[str]) -> bool:
    if not text:
        return False
    h = hashlib.sha1(normalise_text(text).encode("utf-8")).digest()
    return int.from_bytes(h[:8], "big") % HELDOUT_SENTENCE_MOD == 0


def split_of(row: dict) -> tuple[str, Optional[str]]:
    """(split, reason) for a manifest row."""
    if row["speaker"] in HELDOUT_SPEAKERS:
        return "heldout", "speaker"
    if is_heldout_sentence(row.get("text")):
        return "heldout", "sentence"
    return "train", None


def read_manifest(root: Path = DATA_ROOT) -> list[dict]:
    with open(root / "manifest.jsonl") as f:
        return [json.loads(line) for line in f if line.strip()]


def decode_opus(path: Path) -> np.ndarray:
    """Decode one Ogg Opus file to int16 [N] at 16 kHz with opusdec (soundfile as a fallback)."""
    with tempfile.NamedTemporaryFile(suffix=".wav", dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as tmp:
        r = subprocess.run(["opusdec", "--quiet", "--rate", str(SAMPLE_RATE), str(path), tmp.name],
                           capture_output=True)
        import soundfile as sf
        if r.returncode == 0:
            x, sr = sf.read(tmp.name, dtype="int16")
        else:  # libsndfile >= 1.0.29 reads Ogg Opus itself (always at 48 kHz -> resample)
            x, sr = sf.read(str(path), dtype="int16")
    if x.ndim == 2:
        x = x.mean(axis=1).astype(np.int16)
    if sr != SAMPLE_RATE:
        import torch
        import torchaudio.functional as AF
        x = AF.resample(torch.from_numpy(x.astype(np.float32)), sr, SAMPLE_RATE).round().clamp(-32768, 32767)
        x = x.numpy().astype(np.int16)
    return x


def _decode_job(rel: str) -> np.ndarray:
    return decode_opus(DATA_ROOT / rel)


def build(cache_dir: Path = CACHE_DIR, procs: int = 2, limit: Optional[int] = None) -> dict:
    """Decode every clip of the manifest into the cache; returns summary figures."""
    from multiprocessing import Pool

    cache_dir.mkdir(parents=True, exist_ok=True)
    ready = cache_dir / "READY"
    if ready.exists():
        ready.unlink()
    rows = read_manifest()
    if limit:
        rows = rows[:limit]
    t0 = time.time()
    audio_tmp = cache_dir / (AUDIO_FILE + ".tmp")
    index_tmp = cache_dir / (INDEX_FILE + ".tmp")
    offset = 0
    summary = {"clips": 0, "samples": 0, "train_samples": 0, "heldout_samples": 0,
               "heldout_speaker_clips": 0, "heldout_sentence_clips": 0}
    with open(audio_tmp, "wb") as fa, open(index_tmp, "w") as fi, Pool(procs) as pool:
        for i, (row, x) in enumerate(zip(rows, pool.imap(_decode_job, [r["path"] for r in rows], chunksize=8))):
            x = np.ascontiguousarray(x, dtype="<i2")
            fa.write(x.tobytes())
            split, reason = split_of(row)
            entry = {"path": row["path"], "offset": offset, "length": int(len(x)),
                     "corpus": row["corpus"], "speaker": row["speaker"], "gender": row.get("gender"),
                     "age": row.get("age"), "text": row.get("text"), "split": split, "heldout": reason}
            fi.write(json.dumps(entry) + "\n")
            offset += len(x)
            summary["clips"] += 1
            summary["samples"] += len(x)
            summary[f"{split}_samples"] += len(x)
            if reason:
                summary[f"heldout_{reason}_clips"] += 1
            if (i + 1) % 500 == 0:
                print(f"{i + 1}/{len(rows)} clips, {offset / SAMPLE_RATE / 3600:.2f} h, "
                      f"{time.time() - t0:.0f} s", flush=True)
    os.replace(audio_tmp, cache_dir / AUDIO_FILE)
    os.replace(index_tmp, cache_dir / INDEX_FILE)
    summary["hours"] = summary["samples"] / SAMPLE_RATE / 3600
    summary["seconds_taken"] = round(time.time() - t0, 1)
    with open(cache_dir / "summary.json", "w") as f:
        json.dump(summary, f, indent=1)
    ready.touch()
    return summary


# ----------------------------------------------------------------------------------------- loaders

def is_ready(cache_dir: Path = CACHE_DIR) -> bool:
    return (Path(cache_dir) / "READY").exists()


def load_index(split: Optional[str] = None, corpus: Optional[Iterable[str] | str] = None,
               with_text: bool = False, min_seconds: float = 0.0,
               cache_dir: Path = CACHE_DIR) -> list[dict]:
    """Index entries, filtered by split ("train" | "heldout"), corpus name(s), text presence, length."""
    if isinstance(corpus, str):
        corpus = {corpus}
    out = []
    with open(Path(cache_dir) / INDEX_FILE) as f:
        for line in f:
            e = json.loads(line)
            if split and e["split"] != split:
                continue
            if corpus and e["corpus"] not in corpus:
                continue
            if with_text and not e["text"]:
                continue
            if e["length"] < min_seconds * SAMPLE_RATE:
                continue
            out.append(e)
    return out


_AUDIO: dict = {}


def open_audio(cache_dir: Path = CACHE_DIR) -> np.memmap:
    """The whole cache as a read-only int16 memmap [total_samples] (one per process)."""
    key = (str(cache_dir), os.getpid())
    if key not in _AUDIO:
        _AUDIO[key] = np.memmap(Path(cache_dir) / AUDIO_FILE, dtype="<i2", mode="r")
    return _AUDIO[key]


def clip_audio(entry: dict, cache_dir: Path = CACHE_DIR) -> np.ndarray:
    """One clip as float32 [length] in [-1, 1)."""
    a = open_audio(cache_dir)
    return a[entry["offset"]:entry["offset"] + entry["length"]].astype(np.float32) / 32768.0


class RandomCrops:
    """Random fixed-length crops from a set of clips, sampled in proportion to clip length.

    ``batch(b)`` -> float32 [b, samples]. Clips shorter than ``samples`` are zero-padded at the end.
    ``seed`` makes the sequence of batches reproducible.
    """

    def __init__(self, entries: list[dict], samples: int, seed: int = 0, cache_dir: Path = CACHE_DIR,
                 normalise: bool = False):
        assert entries, "no clips"
        self.entries = entries
        self.samples = samples
        self.cache_dir = cache_dir
        self.normalise = normalise
        self.rng = np.random.default_rng(seed)
        lengths = np.array([e["length"] for e in entries], dtype=np.float64)
        self.p = lengths / lengths.sum()

    def crop(self) -> np.ndarray:
        audio = open_audio(self.cache_dir)
        e = self.entries[self.rng.choice(len(self.entries), p=self.p)]
        n = self.samples
        if e["length"] <= n:
            x = np.zeros(n, np.float32)
            x[:e["length"]] = audio[e["offset"]:e["offset"] + e["length"]] / 32768.0
        else:
            s = e["offset"] + int(self.rng.integers(0, e["length"] - n + 1))
            x = audio[s:s + n].astype(np.float32) / 32768.0
        if self.normalise:
            peak = float(np.abs(x).max())
            if peak > 1e-4:
                x = x * (float(self.rng.uniform(0.3, 0.95)) / peak)
        return x

    def batch(self, b: int) -> np.ndarray:
        return np.stack([self.crop() for _ in range(b)])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="decode every clip into the cache")
    b.add_argument("--procs", type=int, default=2)
    b.add_argument("--limit", type=int, default=None, help="first N clips only (for a quick check)")
    b.add_argument("--cache", type=Path, default=CACHE_DIR)
    s = sub.add_parser("stats", help="print split figures of the cache")
    s.add_argument("--cache", type=Path, default=CACHE_DIR)
    args = ap.parse_args(argv)
    if args.cmd == "build":
        print(json.dumps(build(args.cache, args.procs, args.limit), indent=1))
    else:
        from collections import Counter
        idx = load_index(cache_dir=args.cache)
        secs = Counter()
        spk = {"train": set(), "heldout": set()}
        for e in idx:
            secs[(e["split"], e["heldout"])] += e["length"] / SAMPLE_RATE
            spk[e["split"]].add(e["speaker"])
        for k, v in sorted(secs.items(), key=str):
            print(k, f"{v / 3600:.2f} h")
        print({k: len(v) for k, v in spk.items()})


if __name__ == "__main__":
    sys.exit(main())
