"""The phoneme inventory: fixed special symbols first, then every phone the corpus G2P produced."""
from collections import Counter

import numpy as np

SPECIALS = ["<pad>", "<unk>", "<sil>", " ", ",", ".", "?", "!", ";", ":"]
PAD, UNK, SIL = 0, 1, 2
BOUNDARIES = set(range(2, len(SPECIALS)))  # <sil>, word boundary and punctuation: pauses


def build_inventory(symbol_lists, min_count=3):
    counts = Counter(s for symbols in symbol_lists for s in symbols if s not in SPECIALS)
    phones = sorted(s for s, c in counts.items() if c >= min_count)
    return SPECIALS + phones


def phoneme_to_semantic(inventory):
    """Semantic id carried by each phoneme's frames: itself, or <sil> for pauses."""
    return [SIL if i in BOUNDARIES else i for i in range(len(inventory))]


def fit_frames(labels, n):
    """Frame labels cut or padded with <sil> to exactly n frames, int64."""
    labels = np.asarray(labels, dtype=np.int64)[:n]
    return np.concatenate([labels, np.full(n - len(labels), SIL, dtype=np.int64)])


def encode(symbols, inventory):
    index = {s: i for i, s in enumerate(inventory)}
    return [index.get(s, UNK) for s in symbols]
