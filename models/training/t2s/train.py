"""Train the T2S duration model on the CTC forced alignments (semantic.train --stage frame output).

  /usr/bin/python3 -m t2s.train --alignments runs/semantic-default/alignments.jsonl --config default --minutes 20
The prompt of each example is the length-regulated frame labels of another clip of the same speaker,
or (`--prompt-store DIR --prompt-tokens P`, a share P of the examples) that clip's tokens as the frame
tokenizer gives them, majority-filtered (the store's prompt_semantic, tokens.py --prompt-semantic): what
the engine feeds T2S at run time.

Loss: MSE on log(1 + frames) per phoneme. Its optimum is a geometric-mean-like duration, shorter than
the mean of a right-skewed distribution, so T2S speaks too fast (eval.duration_calibration: 0.85 of the
aligned frames with label prompts). `--total-weight W` adds W x the squared log ratio of each clip's
predicted to aligned total frames, which pulls the sum back to the truth without giving up the
per-phoneme log loss.
"""
import argparse
import json
import os
import random
import time
from collections import defaultdict

import numpy as np
import torch

from common.compact import load_resumable, load_weights, save_checkpoint
from semantic.vocab import phoneme_to_semantic
from soundstorm.token_store import TokenStore
from t2s.model import DurationModel, T2SConfig

CONFIGS = {
    "tiny": dict(dim=48, heads=2, layers=2, dropout=0.0),
    "default": dict(dim=128, heads=2, layers=3, dropout=0.1),
}


def length_regulate(ids, durations, to_semantic):
    return np.repeat(np.asarray([to_semantic[i] for i in ids]), np.asarray(durations))


def load_rows(path):
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(os.path.dirname(path), "inventory.json")) as f:
        inventory = json.load(f)
    return rows, inventory


def total_loss(pred, target, pad):
    """Squared log ratio of predicted to aligned total frames per clip (pred and target in log(1 + frames))."""
    keep = (~pad).float()
    pred_total = ((torch.exp(pred) - 1.0).clamp(min=0) * keep).sum(1)
    true_total = ((torch.exp(target) - 1.0) * keep).sum(1)
    return ((torch.log(pred_total + 1.0) - torch.log(true_total + 1.0)) ** 2).mean()


def prompt_frames(other, to_semantic, rng, prompt_store=None, share=0.0):
    """Another clip's frames as a prompt: its labels, or with probability `share` the store's tokenizer tokens."""
    if prompt_store is not None and rng.random() < share:
        row = prompt_store.by_path.get(other["path"])
        if row is not None:
            return prompt_store.slice(row, 0, row["frames"], prompt=True)[0]
    return length_regulate(other["ids"], other["durations"], to_semantic)


def make_batch(rows, by_speaker, to_semantic, rng, size, prompt_store=None, share=0.0):
    batch = [rng.choice(rows) for _ in range(size)]
    plen = rng.randint(100, 250)
    P = max(len(r["ids"]) for r in batch)
    phon = torch.zeros(size, P, dtype=torch.long)
    target = torch.zeros(size, P)
    pad = torch.ones(size, P, dtype=torch.bool)
    prompt = torch.full((size, plen), 2, dtype=torch.long)
    for b, r in enumerate(batch):
        n = len(r["ids"])
        phon[b, :n] = torch.tensor(r["ids"])
        target[b, :n] = torch.log1p(torch.tensor(r["durations"], dtype=torch.float32))
        pad[b, :n] = False
        other = rng.choice(by_speaker[r["speaker"]])
        frames = prompt_frames(other, to_semantic, rng, prompt_store, share)
        if len(frames) > plen:
            s = rng.randint(0, len(frames) - plen)
            frames = frames[s:s + plen]
        prompt[b, : len(frames)] = torch.from_numpy(frames)
    return phon, prompt, target, pad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--alignments", required=True)
    ap.add_argument("--config", default="default", choices=CONFIGS)
    ap.add_argument("--minutes", type=float, default=20)
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--run", default=None, help="run folder under runs/ (default t2s-<config>)")
    ap.add_argument("--fresh", action="store_true", help="start from new weights, not a checkpoint")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--prompt-store", default=None, help="token store with prompt_semantic (tokens.py --prompt-semantic)")
    ap.add_argument("--prompt-tokens", type=float, default=0.0, help="share of prompts taken from --prompt-store")
    ap.add_argument("--total-weight", type=float, default=0.0, help="weight of the clip-total duration loss")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = random.Random(0)
    rows, inventory = load_rows(args.alignments)
    to_semantic = phoneme_to_semantic(inventory)
    by_speaker = defaultdict(list)
    for r in rows:
        by_speaker[r["speaker"]].append(r)
    run_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runs", args.run or f"t2s-{args.config}")
    os.makedirs(run_dir, exist_ok=True)
    ckpt_path = os.path.join(run_dir, "last.pt")
    cfg = T2SConfig(vocab_size=len(inventory), semantic_vocab=len(inventory), **CONFIGS[args.config])
    model = DurationModel(cfg).to(args.device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    step, wall0, log = 0, 0.0, []
    ck = None if args.fresh else load_resumable(ckpt_path, f"t2s-{args.config}.pt")
    if ck is not None:
        model.load_state_dict(load_weights(ck))
        if ck.get("opt"):
            opt.load_state_dict(ck["opt"])
        step, wall0, log = ck["steps"], ck["wall_seconds"], ck["log"]
        for g in opt.param_groups:
            g["lr"] = args.lr
    prompt_store = None
    if args.prompt_store:
        prompt_store = TokenStore(args.prompt_store)
        if prompt_store.prompt_semantic is None:
            raise SystemExit(f"{args.prompt_store} has no prompt_semantic.int16 (tokens.py --prompt-semantic)")
    start, last_save = time.time(), time.time()
    while True:
        phon, prompt, target, pad = make_batch(rows, by_speaker, to_semantic, rng, args.batch, prompt_store,
                                               args.prompt_tokens)
        model.train()
        pred = model(phon, prompt, pad)
        loss = ((pred - target) ** 2)[~pad].mean()
        if args.total_weight > 0:
            loss = loss + args.total_weight * total_loss(pred, target, pad)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        elapsed = time.time() - start
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.4f} {elapsed/60:.1f} min", flush=True)
            log.append([step, round(loss.item(), 5)])
        finished = elapsed > args.minutes * 60 or step >= args.max_steps
        if finished or time.time() - last_save > 300:
            save_checkpoint(ckpt_path, model, opt, config=cfg.to_dict(), inventory=inventory,
                            steps=step, wall_seconds=wall0 + elapsed, log=log,
                            prompt_tokens=args.prompt_tokens, total_weight=args.total_weight)
            last_save = time.time()
        if finished:
            break
    print("saved", ckpt_path, flush=True)


if __name__ == "__main__":
    main()
