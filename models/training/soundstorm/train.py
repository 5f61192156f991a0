"""Train SoundStorm on tokenised speech (`tokens.py` output) exactly as the paper describes.

Per example: a prompt boundary p (nothing before it masked; semantic tokens never masked), a level
q, level q masked after p with ratio cos(u), u ~ U[0, pi/2], every finer level masked after p, loss
on the masked tokens of level q only. Half of the examples take their prompt from another utterance
of the same speaker, so a voice prompt need not be the same recording.

Level sampling: the paper draws q uniformly (`--levels-sampling uniform`). On a CPU budget of a few
thousand steps of 8 windows that starved level 0: after 4,340 steps the small model's level-0
accuracy was 1.8% with 95% of level 0 visible, where copying the previous frame gives 30%; the finer
levels' near-unpredictable targets took 7/8 of the gradient. The same model trained on level 0 alone
reached 33% in 300 steps. So by default q is drawn with probability proportional to 1/(q+1)
(`harmonic`: level 0 gets 37% of the examples, level 7 5%); the coarse levels carry the words, the
fine levels only detail.

Condition dropout (`--cond-drop P`, session 5): with probability P an example's semantic tokens
after the prompt boundary are replaced with <pad> (id 0, never a label), so that the model also
learns p(codes | prompt) without the text; generate(guidance=w) then decodes with classifier-free
guidance, logits_cond + w x (logits_cond - logits_uncond).

  /usr/bin/python3 -m soundstorm.train --tokens .cache/tokens-tiny --config tiny --minutes 5
"""
import argparse
import math
import os
import random
import time

import numpy as np
import torch

from common.compact import load_resumable, load_weights, save_checkpoint
from common.schedule import decay_factor, time_decay_factor
from soundstorm.model import SoundStorm, SoundStormConfig
from soundstorm.token_store import TokenStore

CONFIGS = {
    "tiny": dict(model=dict(dim=48, heads=2, layers=2, dropout=0.0), window=100, batch=8, lr=2e-3),
    # Dropout 0: a few thousand steps over a million frames is far from overfitting.
    "small": dict(model=dict(dim=192, heads=4, layers=4, dropout=0.0), window=200, batch=8, lr=1e-3),
    "default": dict(model=dict(dim=256, heads=4, layers=6, dropout=0.0), window=300, batch=8, lr=6e-4),
}


def make_example(store, rng, window, prompt_tokens=False):
    """-> (semantic [W], codes [Q,W], boundary p) from one speaker's utterances. prompt_tokens: the
    semantic tokens before p are the tokenizer's (the store's prompt_semantic), as a voice prompt's are
    at run time; after p they stay the labels, as T2S gives them."""
    target = rng.choice(store.train_rows)
    same = store.by_speaker[target["speaker"]]
    pieces, boundary = [], None  # (row, start, length)
    if len(same) > 1 and rng.random() < 0.5:
        other = rng.choice([r for r in same if r is not target] or [target])
        plen = min(other["frames"], rng.randint(75, 200), window - 25)
        pieces.append((other, rng.randint(0, other["frames"] - plen), plen))
        boundary = plen
    row = target
    while sum(p[2] for p in pieces) < window:
        need = window - sum(p[2] for p in pieces)
        take = min(need, row["frames"])
        pieces.append((row, rng.randint(0, row["frames"] - take), take))
        row = rng.choice(same)
    parts = [store.slice(*p) for p in pieces]
    sem = np.concatenate([p[0] for p in parts])
    codes = np.concatenate([p[1] for p in parts], axis=1)
    if boundary is None:
        boundary = rng.randint(0, int(window * 0.6))
    if prompt_tokens and boundary > 0:
        sem[:boundary] = np.concatenate([store.slice(*p, prompt=True)[0] for p in pieces])[:boundary]
    return sem, codes, boundary


def drop_condition(example):
    """(semantic, codes, boundary) -> the same with the semantic tokens after the boundary set to
    <pad> (id 0): the unconditional case of classifier-free guidance (the prompt keeps its own)."""
    sem, codes, boundary = example
    sem = sem.copy()
    sem[boundary:] = 0
    return sem, codes, boundary


def level_probabilities(levels, sampling):
    """Probability of training each RVQ level: `uniform` (the paper) or `harmonic` (1/(q+1))."""
    if sampling == "uniform":
        w = [1.0] * levels
    elif sampling == "harmonic":
        w = [1.0 / (q + 1) for q in range(levels)]
    else:
        raise ValueError(f"unknown level sampling {sampling!r} (uniform or harmonic)")
    total = sum(w)
    return [x / total for x in w]


def mask_batch(codes, boundaries, levels, K, rng, max_ratio=1.0):
    """codes [B,Q,W] -> (masked codes, loss mask [B,W] on the drawn level). `max_ratio` < 1 caps
    the masked share of level q (the warm-up curriculum: most neighbours visible)."""
    B, Q, W = codes.shape
    masked = codes.clone()
    loss_mask = torch.zeros(B, W, dtype=torch.bool)
    for b in range(B):
        p, q = boundaries[b], levels[b]
        span = W - p
        ratio = min(max_ratio, math.cos(rng.uniform(0, math.pi / 2)))
        count = max(1, int(math.ceil(ratio * span)))
        pos = p + torch.tensor(rng.sample(range(span), count), dtype=torch.long)
        masked[b, q, pos] = K
        masked[b, q + 1:, p:] = K
        loss_mask[b, pos] = True
    return masked, loss_mask


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", required=True)
    ap.add_argument("--config", default="default", choices=CONFIGS)
    ap.add_argument("--run", default=None)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--batch", type=int, default=None, help="windows a step (default: the config's)")
    ap.add_argument("--bf16", action="store_true",
                    help="bfloat16 autocast of the forward pass (the GPU machine; weights and optimiser stay fp32)")
    ap.add_argument("--decay-minutes", type=float, nargs=2, default=None, metavar=("MINUTES", "FINAL"),
                    help="decay the rate linearly over the last MINUTES of the run's --minutes (wall time) to "
                         "FINAL x lr: for the GPU machine, whose step rate is not known beforehand")
    ap.add_argument("--warmup", type=int, default=500, help="linear warm-up steps of a fresh optimiser")
    ap.add_argument("--cond-drop", type=float, default=0.0,
                    help="share of examples whose semantic tokens after the prompt are dropped (<pad>), for "
                         "classifier-free guidance at decoding")
    ap.add_argument("--prompt-tokens", type=float, default=0.0,
                    help="share of examples whose prompt's semantic tokens are the tokenizer's (the store's "
                         "prompt_semantic, tokens.py --prompt-semantic) instead of the alignment labels")
    ap.add_argument("--lr", type=float, default=None, help="peak learning rate (default: the config's)")
    ap.add_argument("--semantic-vocab", type=int, default=None,
                    help="semantic vocabulary when the token store has no semantic labels yet (acoustic "
                         "pretraining on codes alone; resume on the relabelled store afterwards)")
    ap.add_argument("--levels-sampling", default="harmonic", choices=["harmonic", "uniform"],
                    help="how the trained level q is drawn (see the module docstring)")
    ap.add_argument("--train-levels", type=int, default=None,
                    help="train only the first L levels (the pack then generates L and the codec decodes "
                         "the rest as absent); default: the resumed checkpoint's, else all")
    ap.add_argument("--level0-until", type=int, default=0,
                    help="warm-up curriculum: until this global step train level 0 alone with at most 40%% of it "
                         "masked, so that the model first learns to read neighbouring frames")
    ap.add_argument("--fresh", action="store_true", help="start from random weights, ignoring run and committed checkpoints")
    ap.add_argument("--decay", type=float, nargs=3, default=None, metavar=("START", "STEPS", "FINAL"),
                    help="decay the learning rate linearly from global step START over STEPS steps to FINAL x lr "
                         "(a small batch plateaus at a constant rate; the decay takes the gradient noise out)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.device.startswith("cuda"):
        torch.backends.cuda.matmul.allow_tf32 = True
    torch.manual_seed(0)
    rng = random.Random(0)
    conf = CONFIGS[args.config]
    store = TokenStore(args.tokens)
    run_dir = args.run or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runs", f"soundstorm-{args.config}")
    os.makedirs(run_dir, exist_ok=True)
    ckpt_path = os.path.join(run_dir, "last.pt")
    state = {"steps": 0, "wall_seconds": 0.0, "log": []}
    ck = None if args.fresh else load_resumable(ckpt_path, f"soundstorm-{args.config}.pt")
    if ck is not None:
        cfg = SoundStormConfig(**ck["config"])
        state = {k: ck[k] for k in state}
    else:
        cfg = SoundStormConfig(semantic_vocab=store.semantic_vocab or args.semantic_vocab, levels=store.levels, codebook_size=store.codebook_size, **conf["model"])
    model = SoundStorm(cfg).to(args.device)
    opt = torch.optim.AdamW(model.parameters(), lr=conf["lr"], betas=(0.9, 0.98), weight_decay=0.01)
    warm_from = 0  # a fresh optimiser (a committed checkpoint, or another run's weights) warms up again
    if ck is not None:
        model.load_state_dict(load_weights(ck))
        if ck.get("opt"):
            opt.load_state_dict(ck["opt"])
        else:
            warm_from = state["steps"]
    print(f"{len(store.train_rows)} clips, params {sum(p.numel() for p in model.parameters())/1e6:.2f} M", flush=True)
    K, W = cfg.codebook_size, conf["window"]
    # A resumed run keeps the levels its checkpoint was trained on unless told otherwise.
    train_levels = args.train_levels or (ck or {}).get("train_levels") or cfg.levels
    if not 1 <= train_levels <= cfg.levels:
        raise SystemExit(f"--train-levels must be 1..{cfg.levels}, got {train_levels}")
    level_probs = level_probabilities(train_levels, args.levels_sampling)
    peak_lr = args.lr or conf["lr"]
    if args.prompt_tokens > 0 and store.prompt_semantic is None:
        raise SystemExit(f"--prompt-tokens needs {args.tokens}/prompt_semantic.int16 (tokens.py --prompt-semantic)")
    batch = args.batch or conf["batch"]
    if args.bf16 and not args.device.startswith("cuda"):
        raise SystemExit("--bf16 is for a CUDA device: CPU autocast in this torch has no bfloat16 group_norm")
    autocast = torch.autocast(args.device.split(":")[0], dtype=torch.bfloat16, enabled=args.bf16)
    start, last_save, step = time.time(), time.time(), state["steps"]
    while True:
        # (no extra draw without --prompt-tokens: earlier runs' example streams stay as they were)
        ex = [make_example(store, rng, W, prompt_tokens=args.prompt_tokens > 0 and rng.random() < args.prompt_tokens)
              for _ in range(batch)]
        if args.cond_drop > 0:
            ex = [drop_condition(e) if rng.random() < args.cond_drop else e for e in ex]
        sem = torch.from_numpy(np.stack([e[0] for e in ex])).long()
        codes = torch.from_numpy(np.stack([e[1] for e in ex])).long()
        warm = step < args.level0_until
        if warm:
            levels = [0] * len(ex)
        else:
            levels = rng.choices(range(train_levels), weights=level_probs, k=len(ex))
        masked, loss_mask = mask_batch(codes, [e[2] for e in ex], levels, K, rng, max_ratio=0.4 if warm else 1.0)
        for g in opt.param_groups:
            g["lr"] = peak_lr * min(1.0, (step - warm_from + 1) / args.warmup) * decay_factor(step, args.decay) \
                * (time_decay_factor(time.time() - start, args.minutes, *args.decay_minutes) if args.decay_minutes else 1.0)
        model.train()
        lv = torch.tensor(levels)
        with autocast:
            h = model.hidden(sem.to(args.device), masked.to(args.device))
            logits = model.level_logits(h, lv.to(args.device))
        target = codes[torch.arange(len(ex)), lv]
        loss = torch.nn.functional.cross_entropy(logits[loss_mask.to(args.device)].float(), target[loss_mask].to(args.device))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        elapsed = time.time() - start
        if step % 20 == 0:
            hit = (logits.argmax(-1).cpu() == target) & loss_mask
            acc = (hit.sum() / loss_mask.sum()).item()
            coarse = lv == 0  # level 0 carries the words: its accuracy is the one to watch
            acc0 = (hit[coarse].sum() / loss_mask[coarse].sum().clamp(min=1)).item()
            print(f"step {step} loss {loss.item():.3f} acc {acc:.3f} level-0 acc {acc0:.3f} {elapsed/60:.1f} min", flush=True)
            state["log"].append([step, round(loss.item(), 4), round(acc, 4)])
        finished = elapsed > args.minutes * 60 or step >= args.max_steps
        if time.time() - last_save > 300 or finished:
            save_checkpoint(ckpt_path, model, opt, config=cfg.to_dict(), steps=step,
                            wall_seconds=state["wall_seconds"] + elapsed, log=state["log"], window=W, batch=batch,
                            levels_sampling=args.levels_sampling, train_levels=train_levels,
                            cond_drop=max(args.cond_drop, (ck or {}).get("cond_drop", 0.0)),
                            prompt_tokens=max(args.prompt_tokens, (ck or {}).get("prompt_tokens", 0.0)))
            last_save = time.time()
        if finished:
            break
    print("saved", ckpt_path, flush=True)


if __name__ == "__main__":
    main()
