"""A deeper CTC head over a frozen encoder, trained on the encoder's cached outputs.

`semantic.train --stage ctc-head` runs the whole frozen encoder at every step although its output
never changes, so nearly all of a step is spent recomputing it. Here the encoder reads the training
clips once (`cache`), and the head trains on what it wrote (`train`), many epochs for the cost of one:

  cache  the frozen encoder (eval mode) over the training split's clips; each clip's hidden states
         (float16) and CTC targets go to <out>/shard-<i>-of-<n>.pt. --warp W reads each batch through a
         VTLP warp drawn from [1-W, 1+W] (eval.semantic_eval's --vtln warp, at random): a second pass
         with it gives the head the spread of vocal tracts that training-time VTLP gave the encoder.
  train  grows the checkpoint's CTC head by self-attention blocks (SemanticConfig.ctc_head_layers;
         they start as identities, so training starts from the head as it reads now) and trains the
         blocks and the linear read-out with CTC on the cached states. The encoder, the frame head and
         so the tokens are untouched: the result is the checkpoint with a deeper CTC head.

  /usr/bin/python3 -m semantic.deep_head cache --checkpoint checkpoints/semantic-conv-s37.pt \\
      --out .cache/head-s37/plain --shard 0/2
  /usr/bin/python3 -m semantic.deep_head train --checkpoint checkpoints/semantic-conv-s37.pt \\
      --features .cache/head-s37/plain --blocks 2 --minutes 40 --decay-minutes 20 --run head-s40a
Both resume: `cache` skips a shard already written, `train` continues runs/<run>/last.pt.
"""
import argparse
import glob
import hashlib
import os
import random
import time

import torch

from common.compact import load_weights
from common.schedule import time_decay_factor
from data.corpus import CACHE_DIR
from semantic.model import SemanticConfig, SemanticEncoder
from semantic.train import (HOP, collate, configure_backend, ctc_loss, ctc_targets, guarded_step, length_batches,
                            make_batches, training_rows, with_ids)


def load_encoder(ck, blocks=None, norm=None, layer=None):
    """-> SemanticEncoder in eval mode holding the checkpoint's weights, its CTC head grown to `blocks`
    self-attention blocks (if it has fewer; the new ones are identities); norm True/False sets
    SemanticConfig.ctc_head_norm, layer SemanticConfig.ctc_head_layer (None, for each: the checkpoint's)."""
    cfg = SemanticConfig(**ck["config"])
    if layer is not None:
        cfg.ctc_head_layer = int(layer)
    if norm is not None:
        cfg.ctc_head_norm = bool(norm)
    if blocks is not None:
        if blocks < cfg.ctc_head_layers:
            raise SystemExit(f"the checkpoint's CTC head already has {cfg.ctc_head_layers} blocks (asked for {blocks})")
        cfg.ctc_head_layers = blocks
    model = SemanticEncoder(cfg)
    missing, unexpected = model.load_state_dict(load_weights(ck), strict=False)
    if unexpected or any(not k.startswith("ctc_blocks.") for k in missing):
        raise SystemExit(f"the checkpoint does not fit its config: missing {missing}, unexpected {unexpected}")
    return model.eval()


def encoder_fingerprint(model):
    """A short hash of every weight but the CTC head's: the cache and the head must share an encoder."""
    h = hashlib.sha256()
    for k, v in sorted(model.state_dict().items()):
        if not k.startswith(("ctc_head.", "ctc_blocks.")):
            h.update(k.encode())
            h.update(v.detach().float().contiguous().numpy().tobytes())
    return h.hexdigest()[:16]


@torch.no_grad()
def cache_states(model, rows, warp=0.0, batch_seconds=60, seed=0, log=print):
    """-> {"states": [float16 [T_i, C]], "targets": [[int]], "paths": [str], "layer": int} for the rows (each
    with `ids`): what the frozen encoder gives the CTC head (its states[cfg.ctc_head_layer]); with warp > 0
    each batch read through a VTLP warp drawn from [1-warp, 1+warp]."""
    model.eval()
    rng = random.Random(seed)
    out = {"states": [], "targets": [], "paths": [], "warps": [], "layer": model.cfg.ctc_head_layer,
           "encoder": encoder_fingerprint(model)}
    t0 = time.time()
    batches = make_batches(rows, batch_seconds, random.Random(seed))
    for k, batch in enumerate(batches):
        audio, frames, pad = collate(batch)
        w = 1.0 + warp * (2.0 * rng.random() - 1.0) if warp else 1.0
        model.warp = w
        try:
            hidden = model.states(audio, pad)[model.cfg.ctc_head_layer]
        finally:
            model.warp = None
        for i, r in enumerate(batch):
            out["states"].append(hidden[i, : int(frames[i])].to(torch.float16).clone())
            out["targets"].append(ctc_targets(r["ids"]))
            out["paths"].append(r["path"])
            out["warps"].append(round(w, 4))
        if k % 50 == 0:
            log(f"cached {len(out['paths'])}/{len(rows)} clips in {time.time() - t0:.0f} s")
    return out


def load_features(dirs, layer, encoder):
    """Every shard of every folder -> (states, targets), one entry a clip; each shard must hold the states
    of `layer` (the head's input) written by the encoder of fingerprint `encoder`."""
    states, targets = [], []
    for d in dirs:
        shards = sorted(glob.glob(os.path.join(d, "shard-*.pt")))
        if not shards:
            raise SystemExit(f"{d}: no shard-*.pt (run `semantic.deep_head cache` first)")
        for path in shards:
            s = torch.load(path)
            if s.get("layer", -1) != layer:
                raise SystemExit(f"{path}: states of layer {s.get('layer', -1)}, but the head reads layer {layer}")
            if s.get("encoder") != encoder:
                raise SystemExit(f"{path}: written by another encoder than the checkpoint's (cache it again)")
            states += s["states"]
            targets += s["targets"]
    return states, targets


def head_loss(model, ctc, states, targets, idx):
    """CTC loss of the model's CTC head (blocks and read-out) on the cached states of clips idx."""
    n = max(states[i].shape[0] for i in idx)
    x = torch.zeros(len(idx), n, states[idx[0]].shape[1])
    frames = torch.tensor([states[i].shape[0] for i in idx])
    for j, i in enumerate(idx):
        x[j, : frames[j]] = states[i].float()
    pad = torch.arange(n)[None, :] >= frames[:, None]
    return ctc_loss(ctc, model.ctc_logits(x, pad), frames, [targets[i] for i in idx])


def cmd_cache(args):
    ck = torch.load(args.checkpoint, map_location="cpu")
    model = load_encoder(ck, layer=args.layer)
    k, n = (int(v) for v in args.shard.split("/"))
    if not 0 <= k < n:
        raise SystemExit(f"--shard {args.shard}: expected I/N with 0 <= I < N")
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"shard-{k}-of-{n}.pt")
    if os.path.exists(path):
        print(f"{path} exists: nothing to do", flush=True)
        return
    rows = with_ids(training_rows(max_seconds=args.max_seconds), ck["inventory"])
    rows = sorted(rows, key=lambda r: r["path"])[k::n]
    print(f"{len(rows)} clips, {sum(r['length'] for r in rows) / 16000 / 3600:.2f} h, warp {args.warp:g}", flush=True)
    out = cache_states(model, rows, warp=args.warp, seed=args.seed + k, log=lambda m: print(m, flush=True))
    out.update(checkpoint=os.path.abspath(args.checkpoint), warp=args.warp)
    torch.save(out, path + ".tmp")
    os.replace(path + ".tmp", path)
    print(f"wrote {path}: {len(out['paths'])} clips", flush=True)


def cmd_train(args):
    run_dir = os.path.join(os.path.dirname(str(CACHE_DIR)), "runs", args.run)
    os.makedirs(run_dir, exist_ok=True)
    ckpt_path = os.path.join(run_dir, "last.pt")
    resumed = os.path.exists(ckpt_path)
    ck = torch.load(ckpt_path if resumed else args.checkpoint, map_location="cpu")
    model = load_encoder(ck, args.blocks, args.norm or None, args.layer)
    for m in model.ctc_blocks.modules():  # the head's own dropout, apart from the encoder's
        if isinstance(m, torch.nn.Dropout):
            m.p = args.dropout
        elif hasattr(m, "dropout") and isinstance(m.dropout, float):
            m.dropout = args.dropout
    params = model.ctc_parameters()
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    info = ck.get("deep_head") or {"steps": 0, "wall_seconds": 0.0, "log": [], "base": os.path.abspath(args.checkpoint)}
    if resumed and ck.get("opt"):
        opt.load_state_dict(ck["opt"])
    states, targets = load_features(args.features, model.cfg.ctc_head_layer, encoder_fingerprint(model))
    print(f"{len(states)} cached clips ({sum(s.shape[0] for s in states) * HOP / 16000 / 3600:.2f} h), "
          f"{args.blocks} head block(s), head params {sum(p.numel() for p in params) / 1e6:.2f} M", flush=True)
    lengths = [s.shape[0] for s in states]
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    rng = random.Random(info["steps"])
    model.eval()
    model.ctc_blocks.train()
    start = last_save = time.time()
    wall0, step, first = info["wall_seconds"], info["steps"], info["steps"]

    def save():
        info.update(steps=step, wall_seconds=wall0 + time.time() - start,
                    features=[os.path.abspath(d) for d in args.features])
        out = {k: v for k, v in ck.items() if k not in ("model", "opt", "deep_head")}
        out.update(model=model.state_dict(), opt=opt.state_dict(), config=model.cfg.to_dict(), deep_head=info)
        torch.save(out, ckpt_path + ".tmp")
        os.replace(ckpt_path + ".tmp", ckpt_path)

    done = False
    while not done:
        for idx in length_batches(lengths, args.batch_seconds * 16000 // HOP, rng):
            warm = min(1.0, (step - first + 1) / 100)
            factor = time_decay_factor(time.time() - start, args.minutes, args.decay_minutes, 0.1)
            for g in opt.param_groups:
                g["lr"] = args.lr * warm * factor
            loss = head_loss(model, ctc, states, targets, idx)
            if not guarded_step(opt, loss, params, step):
                continue
            step += 1
            elapsed = time.time() - start
            if step % 20 == 0:
                print(f"head step {step} loss {loss.item():.3f} {elapsed / 60:.1f} min", flush=True)
                info["log"].append([step, round(loss.item(), 4)])
            if time.time() - last_save > 120:
                save()
                last_save = time.time()
            if elapsed > args.minutes * 60 or step >= args.max_steps:
                done = True
                break
    save()
    print("saved", ckpt_path, flush=True)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cache", help="the frozen encoder's states of the training clips -> shards")
    c.add_argument("--checkpoint", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--shard", default="0/1", help="I/N: this process reads every N-th clip from the I-th")
    c.add_argument("--warp", type=float, default=0.0,
                   help="VTLP warp range W: each batch warped by a factor in [1-W, 1+W]")
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--max-seconds", type=float, default=20)
    t = sub.add_parser("train", help="grow the CTC head and train it on cached states")
    t.add_argument("--checkpoint", required=True, help="the tokenizer whose encoder wrote the features")
    t.add_argument("--features", action="append", required=True, help="a `cache` output folder (repeatable)")
    t.add_argument("--run", required=True, help="run folder under runs/ (its last.pt is the result)")
    t.add_argument("--blocks", type=int, default=2, help="self-attention blocks in the CTC head")
    t.add_argument("--norm", action="store_true",
                   help="the head reads the states normalised per utterance (SemanticConfig.ctc_head_norm)")
    t.add_argument("--dropout", type=float, default=0.1, help="dropout inside the head's blocks")
    t.add_argument("--lr", type=float, default=5e-4)
    t.add_argument("--minutes", type=float, default=30)
    t.add_argument("--decay-minutes", type=float, default=0)
    t.add_argument("--batch-seconds", type=float, default=40)
    t.add_argument("--max-steps", type=int, default=10**9)
    for p in (c, t):
        p.add_argument("--threads", type=int, default=1)
        p.add_argument("--layer", type=int, default=None,
                       help="the CTC head reads this of the encoder's states (SemanticConfig.ctc_head_layer; "
                            "default the checkpoint's, -1: the last)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    configure_backend(False)
    torch.manual_seed(0)
    if args.cmd == "cache":
        cmd_cache(args)
    else:
        cmd_train(args)


if __name__ == "__main__":
    main()
