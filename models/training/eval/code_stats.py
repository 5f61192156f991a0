"""How predictable a token store's codes are for SoundStorm: entropy and mutual information per level.

A codec that reads better is not automatically one a generator can write: SoundStorm predicts each
code from the frame labels (the semantic tokens) and from the codes around it. This reads, over the
training frames of a store (each clip's first frame left out so every frame has a predecessor):

  H        the entropy of a level's codes (nats)
  I(label) their mutual information with the frame label at the same frame
  I(prev)  their mutual information with the previous frame's code at the same level

Lower I(prev) at equal H means codes that change more from frame to frame, which the masked
decoder has to guess with less help from its neighbours. Several stores can be given; they are
read over the same frames, with the first store's labels (a recoded store may carry none), so the
figures compare codecs, not alignments.

  /usr/bin/python3 -m eval.code_stats .cache/tokens-cw30b .cache/tokens-s24 [--levels 4] [--out F.json]
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from soundstorm.token_store import TokenStore  # noqa: E402


def mutual_information(x, y, kx, ky):
    """(I(x; y), H(y)) in nats from paired integer arrays with values below kx and ky."""
    joint = np.bincount(x * ky + y, minlength=kx * ky).reshape(kx, ky).astype(np.float64)
    p = joint / joint.sum()
    px, py = p.sum(1, keepdims=True), p.sum(0, keepdims=True)
    nz = p > 0
    mi = float((p[nz] * np.log(p[nz] / (px @ py)[nz])).sum())
    h = float(-(py[py > 0] * np.log(py[py > 0])).sum())
    return mi, h


def frames_with_predecessor(store):
    """Store frame indices of the training clips, each clip's first frame left out."""
    spans = [np.arange(r["frame_offset"] + 1, r["frame_offset"] + r["frames"]) for r in store.train_rows]
    if not spans:
        raise SystemExit("the store has no training clips of 25 frames or more")
    return np.concatenate(spans)


def code_stats(folders, levels=4):
    """-> {folder: [{level, H, I_label, I_prev}, ...]} over the first store's training frames and labels."""
    first = TokenStore(folders[0])
    idx = frames_with_predecessor(first)
    labels = np.asarray(first.semantic[idx], dtype=np.int64)
    n_labels = int(labels.max()) + 1
    paths = [r["path"] for r in first.rows]
    out = {}
    for folder in folders:
        store = first if folder == folders[0] else TokenStore(folder)
        if len(store.codes) != len(first.codes) or [r["path"] for r in store.rows] != paths:
            raise SystemExit(f"{folder}: not the same clips in the same order as {folders[0]} "
                             "(make it with tokens.py --recode from that store)")
        k = store.codebook_size
        rows = []
        for q in range(min(levels, store.levels)):
            codes = np.asarray(store.codes[idx, q], dtype=np.int64)
            prev = np.asarray(store.codes[idx - 1, q], dtype=np.int64)
            i_label, h = mutual_information(labels, codes, n_labels, k)
            i_prev, _ = mutual_information(prev, codes, k, k)
            rows.append({"level": q, "H": round(h, 3), "I_label": round(i_label, 3), "I_prev": round(i_prev, 3)})
        out[folder] = rows
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stores", nargs="+", help="token store folders (the first one's labels are used)")
    ap.add_argument("--levels", type=int, default=4)
    ap.add_argument("--out", default=None, help="write the figures here as JSON")
    args = ap.parse_args(argv)
    stats = code_stats(args.stores, args.levels)
    for folder, rows in stats.items():
        print(folder + ": " + " | ".join(f"L{r['level']} H {r['H']:.2f} I(label) {r['I_label']:.2f} "
                                          f"I(prev) {r['I_prev']:.2f}" for r in rows), flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(stats, f, indent=1)
    return stats


if __name__ == "__main__":
    main()
