"""Held-out SoundStorm validation: teacher-forced loss and accuracy on speakers it never saw.

The generator evaluation (eval/generators_eval.py) reads sampled speech with a recogniser; one draw of
30 clips moves by several points from seed to seed. This measure has no sampling in it: each held-out
clip whose phone labels exist (`semantic.wordalign --split heldout`) is prompted, as at run time, by
the first 3 s of another clip of the same speaker (its codec codes and, with `--prompt tokenizer`, the
tokenizer's filtered tokens of the store's prompt_semantic), the clip's own labels follow as the
semantic condition, and level q is masked at fixed ratios with every finer level masked, as in
training. Loss and accuracy on the masked tokens, per level, over fixed draws (seeded): two
checkpoints compared on the same store see exactly the same masks.

  /usr/bin/python3 -m soundstorm.validate --tokens .cache/tokens-prompt \\
      --alignments runs/phonealign-heldout/alignments.jsonl --checkpoint runs/ss-s10/last.pt [--prompt labels]
"""
import argparse
import json
import math
import random
from collections import defaultdict

import numpy as np
import torch

from data.corpus import load_index
from export_pack import load_state
from semantic.align import read_alignments
from semantic.vocab import fit_frames
from soundstorm.model import SoundStorm, SoundStormConfig
from soundstorm.token_store import TokenStore

PROMPT_FRAMES = 150  # 3 s, the pack's voice prompt
TARGET_FRAMES = 200
RATIOS = (0.3, 0.6, 1.0)


def validation_items(store, labels, prompt="tokenizer", speakers=None):
    """-> [(semantic [T], codes [Q,T], boundary)] for every labelled held-out clip, prompted by another
    clip of its speaker (at least 2 s long; which one rotates with the clip's place in the index)."""
    rows = [r for r in store.rows if r["split"] == "heldout" and (speakers is None or r["speaker"] in speakers)]
    by_speaker = defaultdict(list)
    for r in rows:
        by_speaker[r["speaker"]].append(r)
    items = []
    for k, r in enumerate(rows):
        lab = labels.get(r["path"])
        others = [o for o in by_speaker[r["speaker"]] if o is not r and o["frames"] >= 100]
        if lab is None or not others:
            continue
        other = others[k % len(others)]
        plen = min(PROMPT_FRAMES, other["frames"])
        if prompt == "tokenizer":
            p_sem, p_codes = store.slice(other, 0, plen, prompt=True)
        else:
            p_lab = labels.get(other["path"])
            if p_lab is None:
                continue
            p_sem = fit_frames(p_lab, plen)
            p_codes = store.slice(other, 0, plen)[1]
        n = min(TARGET_FRAMES, r["frames"])
        t_sem = fit_frames(lab, n)
        t_codes = store.slice(r, 0, n)[1]
        items.append((np.concatenate([p_sem, t_sem]), np.concatenate([p_codes, t_codes], 1), plen))
    return items


@torch.no_grad()
def validate(model, items, levels, seed=0):
    """-> {level: {loss, acc}} averaged over the masked tokens of every item and ratio."""
    K = model.cfg.codebook_size
    rng = random.Random(seed)
    totals = {q: [0.0, 0, 0] for q in range(levels)}  # loss sum, hits, count
    for sem, codes, p in items:
        for q in range(levels):
            for ratio in RATIOS:
                span = codes.shape[1] - p
                count = max(1, int(math.ceil(ratio * span)))
                pos = p + np.asarray(rng.sample(range(span), count))
                masked = torch.from_numpy(codes.copy())
                masked[q, pos] = K
                masked[q + 1:, p:] = K
                logits = model(torch.from_numpy(sem)[None], masked[None], torch.tensor([q]))[0, pos]
                target = torch.from_numpy(codes[q, pos])
                totals[q][0] += torch.nn.functional.cross_entropy(logits, target, reduction="sum").item()
                totals[q][1] += (logits.argmax(-1) == target).sum().item()
                totals[q][2] += count
    return {q: {"loss": round(t[0] / t[2], 4), "acc": round(t[1] / t[2], 4)} for q, t in totals.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", required=True, help="token store (with prompt_semantic for --prompt tokenizer)")
    ap.add_argument("--alignments", required=True, help="held-out phone labels (wordalign --split heldout)")
    ap.add_argument("--checkpoint", required=True, nargs="+")
    ap.add_argument("--prompt", default="tokenizer", choices=["tokenizer", "labels"])
    ap.add_argument("--levels", type=int, default=None, help="levels to score (default: the checkpoint's trained ones)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    store = TokenStore(args.tokens)
    _, records = read_alignments(args.alignments)
    labels = {p: r["labels"] for p, r in records.items()}
    # Speakers held out of training only (the held-out sentences of training speakers are left out).
    speakers = {r["speaker"] for r in load_index(split="heldout") if r.get("heldout") == "speaker"}
    items = validation_items(store, labels, args.prompt, speakers)
    print(f"{len(items)} clips of {len(speakers)} held-out speakers, prompt {args.prompt}", flush=True)
    results = {}
    for path in args.checkpoint:
        model, ck = load_state(SoundStorm, SoundStormConfig, path)
        levels = args.levels or ck.get("train_levels") or model.cfg.levels
        res = validate(model, items, levels)
        mean = sum(v["loss"] for v in res.values()) / len(res)
        results[path] = {"steps": ck.get("steps"), "levels": res, "mean_loss": round(mean, 4), "clips": len(items),
                         "prompt": args.prompt}
        print(path, json.dumps(results[path]), flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
