"""Carry a trained SoundStorm over to a new codec: start its code tables from the old ones.

A new codec has new codebooks, so a SoundStorm trained on the old codes cannot read the new ones,
and training it again from random weights costs what the first run cost (hours on this CPU). But
the two codecs encoded the same recordings, frame for frame, so the two token stores say which old
code stood where each new code stands. This writes a checkpoint of the old model in which every
new code's row of the code table (input embedding and, the heads being tied, output projection)
is the average of the old rows of the codes that shared its frames at the same level, weighted by
how often they did; its output bias is the log of its frequency in the new codes (the prior the
old bias had learnt for the old codes). The Conformer, the semantic embedding and the mask rows
are kept as they are. Level 0 carries the words and its codes agree most across codecs, so this
is where the old model's knowledge carries over; the fine levels' rows come out near the mean.

  /usr/bin/python3 -m soundstorm.remap --checkpoint checkpoints/soundstorm-small.pt \\
      --old-tokens .cache/tokens-prompt --new-tokens .cache/tokens-nd --out runs/ss-nd/last.pt
  /usr/bin/python3 -m soundstorm.train --tokens .cache/tokens-nd --config small --run runs/ss-nd ...

The written checkpoint has no optimiser state, so `soundstorm.train` warms its rate up again.
"""
import argparse
import os

import numpy as np
import torch

from common.compact import load_weights
from soundstorm.token_store import TokenStore


def cooccurrence(old_codes, new_codes, levels, K, chunk=1 << 20):
    """old/new codes [F,Q] (the same frames) -> counts [levels, K_new, K_old] of each pair a level."""
    counts = np.zeros((levels, K, K), dtype=np.int64)
    for a in range(0, len(old_codes), chunk):
        o = np.asarray(old_codes[a:a + chunk], dtype=np.int64)
        n = np.asarray(new_codes[a:a + chunk], dtype=np.int64)
        for q in range(levels):
            counts[q] += np.bincount(n[:, q] * K + o[:, q], minlength=K * K).reshape(K, K)
    return counts


def remap_state(state, cfg, counts):
    """The model's state dict with code_emb rows and head_bias replaced from the co-occurrence counts."""
    Q, K, C = cfg["levels"], cfg["codebook_size"], cfg["dim"]
    if not cfg.get("tie_heads", True):
        raise SystemExit("remap needs tied heads (the small and default configs tie them)")
    table = state["code_emb.weight"].float().view(Q, K + 1, C).clone()
    bias = state["head_bias"].float().clone()
    levels = counts.shape[0]
    for q in range(levels):
        c = torch.from_numpy(counts[q]).double()  # [K_new, K_old]
        total = c.sum(1, keepdim=True)
        old = table[q, :K].double()
        mean = old.mean(0)
        rows = torch.where(total > 0, (c @ old) / total.clamp(min=1), mean)  # unseen new codes: the old mean
        # An average of many rows is shorter than a row: give each the old rows' typical length.
        norm = old.norm(dim=1).mean()
        rows = rows / rows.norm(dim=1, keepdim=True).clamp(min=1e-8) * norm
        table[q, :K] = rows.float()
        freq = total[:, 0] / total.sum()
        bias[q] = torch.log(freq.clamp(min=1e-6)).float() - torch.log(freq.clamp(min=1e-6)).mean().float()
    out = dict(state)
    out["code_emb.weight"] = table.view(Q * (K + 1), C)
    out["head_bias"] = bias
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkpoint", required=True, help="SoundStorm trained on the old codes")
    ap.add_argument("--old-tokens", required=True, help="the token store it was trained on")
    ap.add_argument("--new-tokens", required=True, help="the same clips with the new codec's codes (tokens.py --recode)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    ck = torch.load(args.checkpoint, map_location="cpu")
    cfg = ck["config"]
    old, new = TokenStore(args.old_tokens), TokenStore(args.new_tokens)
    if old.codes.shape != new.codes.shape or (old.levels, old.codebook_size) != (cfg["levels"], cfg["codebook_size"]):
        raise SystemExit(f"the stores must hold the same frames and levels as the model: old {old.codes.shape}, "
                         f"new {new.codes.shape}, model {cfg['levels']} x {cfg['codebook_size']}")
    if [r["frames"] for r in old.rows] != [r["frames"] for r in new.rows]:
        raise SystemExit("the two stores list different clips: recode the old store (tokens.py --recode)")
    counts = cooccurrence(old.codes, new.codes, cfg["levels"], cfg["codebook_size"])
    agree = [float(counts[q].max(1).sum() / counts[q].sum()) for q in range(cfg["levels"])]
    print("share of frames whose old code is the commonest for their new code, by level:",
          " ".join(f"{a:.3f}" for a in agree), flush=True)
    state = remap_state(load_weights(ck), cfg, counts)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    keep = {k: v for k, v in ck.items() if k not in ("model", "opt")}
    keep.update(model=state, opt=None, remapped_from=args.checkpoint, remap_agreement=agree)
    torch.save(keep, args.out)
    print(f"wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
