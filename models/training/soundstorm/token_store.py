"""Tokenised corpus on disk: codec codes and semantic tokens per clip, frame-aligned (50 Hz).

Folder layout (written by `tokens.py`):
  codes.int16     [F, Q] frame-major, every clip concatenated
  semantic.int16  [F]
  index.jsonl     one clip a line: path, speaker, split, text, frame_offset, frames
  meta.json       levels, codebook_size, semantic_vocab, sources
  prompt_semantic.int16 [F] optional (`tokens.py --prompt-semantic`): the tokenizer's filtered tokens
"""
import json
import os
from collections import defaultdict

import numpy as np


class TokenStore:
    def __init__(self, folder):
        with open(os.path.join(folder, "meta.json")) as f:
            self.meta = json.load(f)
        self.levels = self.meta["levels"]
        self.codebook_size = self.meta["codebook_size"]
        self.semantic_vocab = self.meta["semantic_vocab"]
        self.codes = np.memmap(os.path.join(folder, "codes.int16"), dtype=np.int16, mode="r").reshape(-1, self.levels)
        self.semantic = np.memmap(os.path.join(folder, "semantic.int16"), dtype=np.int16, mode="r")
        ps = os.path.join(folder, "prompt_semantic.int16")
        self.prompt_semantic = np.memmap(ps, dtype=np.int16, mode="r") if os.path.exists(ps) else None
        with open(os.path.join(folder, "index.jsonl")) as f:
            self.rows = [json.loads(line) for line in f if line.strip()]
        self.by_path = {r["path"]: r for r in self.rows}
        self.train_rows = [r for r in self.rows if r["split"] == "train" and r["frames"] >= 25]
        self.by_speaker = defaultdict(list)
        for r in self.train_rows:
            self.by_speaker[r["speaker"]].append(r)

    def slice(self, row, start, length, prompt=False):
        """-> (semantic [length] int64, codes [Q,length] int64) of one clip; prompt=True takes the
        semantic tokens from the tokenizer (prompt_semantic) instead of the labels."""
        a = row["frame_offset"] + start
        if prompt and self.prompt_semantic is None:
            raise ValueError("this token store has no prompt_semantic.int16 (tokens.py --prompt-semantic)")
        sem = self.prompt_semantic if prompt else self.semantic
        return (np.asarray(sem[a:a + length], dtype=np.int64),
                np.asarray(self.codes[a:a + length], dtype=np.int64).T)

    def clip(self, row):
        return self.slice(row, 0, row["frames"])
