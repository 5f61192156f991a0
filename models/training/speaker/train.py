"""Train the evaluation speaker encoder on training speakers; report EER on held-out speakers.

  /usr/bin/python3 -m speaker.train --minutes 15
"""
import argparse
import json
import os
import random
import time
from collections import defaultdict

import numpy as np
import torch

from data.corpus import clip_audio, load_index
from speaker.model import SpeakerEncoder

RUN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runs", "speaker")
# The evaluation encoder the pack's figures were measured with (fp16, with its held-out figures).
COMMITTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "checkpoints", "speaker.pt")


def crop(a, n, rng):
    if len(a) <= n:
        return np.pad(a, (0, n - len(a)))
    s = rng.randrange(len(a) - n)
    return a[s:s + n]


def equal_error_rate(same, diff):
    """Scores of same-speaker and different-speaker pairs -> EER."""
    thresholds = np.sort(np.concatenate([same, diff]))
    best = 1.0
    for t in thresholds:
        frr = np.mean(same < t)
        far = np.mean(diff >= t)
        best = min(best, max(frr, far))
    return float(best)


@torch.no_grad()
def heldout_eer(model, rows, rng, pairs=400):
    by = defaultdict(list)
    for r in rows:
        by[r["speaker"]].append(r)
    speakers = [s for s, v in by.items() if len(v) >= 2]
    cache = {}

    def emb(r):
        if r["path"] not in cache:
            a = clip_audio(r)[: 16000 * 4]
            cache[r["path"]] = model.embed(torch.from_numpy(a.copy())[None])[0]
        return cache[r["path"]]

    same, diff = [], []
    for _ in range(pairs):
        s = rng.choice(speakers)
        a, b = rng.sample(by[s], 2)
        same.append(float(emb(a) @ emb(b)))
        s2 = rng.choice([x for x in speakers if x != s])
        diff.append(float(emb(a) @ emb(rng.choice(by[s2]))))
    return equal_error_rate(np.array(same), np.array(diff)), float(np.mean(same)), float(np.mean(diff))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=15)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rng = random.Random(0)
    train = [r for r in load_index(split="train") if r["length"] >= 16000]
    speakers = sorted({r["speaker"] for r in train})
    sid = {s: i for i, s in enumerate(speakers)}
    model = SpeakerEncoder(len(speakers))
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    start, step = time.time(), 0
    while time.time() - start < args.minutes * 60:
        batch = [rng.choice(train) for _ in range(32)]
        audio = torch.from_numpy(np.stack([crop(clip_audio(r), 32000, rng) for r in batch]))
        labels = torch.tensor([sid[r["speaker"]] for r in batch])
        model.train()
        loss = torch.nn.functional.cross_entropy(model.logits(model.embed(audio), labels), labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 50 == 0:
            print(f"step {step} loss {loss.item():.3f} {(time.time() - start) / 60:.1f} min", flush=True)
    model.eval()
    held = [r for r in load_index(split="heldout") if r["heldout"] == "speaker" and r["length"] >= 16000]
    eer, same, diff = heldout_eer(model, held, random.Random(1))
    os.makedirs(RUN, exist_ok=True)
    figures = {"steps": step, "heldout_eer": eer, "heldout_mean_cos_same": same, "heldout_mean_cos_diff": diff,
               "heldout_speakers": len({r["speaker"] for r in held})}
    torch.save({"model": model.state_dict(), "speakers": len(speakers), "steps": step,
                "wall_seconds": time.time() - start, "figures": figures}, os.path.join(RUN, "last.pt"))
    with open(os.path.join(RUN, "figures.json"), "w") as f:
        json.dump(figures, f, indent=1)
    print(json.dumps(figures), flush=True)


def load_speaker_encoder(path=None):
    """The run's encoder (runs/speaker/last.pt), else the committed one; `.figures` holds its
    held-out figures. Raises FileNotFoundError when neither exists."""
    if path is None:
        path = os.path.join(RUN, "last.pt")
        path = path if os.path.exists(path) else COMMITTED
    ck = torch.load(path, map_location="cpu")
    model = SpeakerEncoder(ck["speakers"])
    model.load_state_dict({k: v.float() for k, v in ck["model"].items()})
    model.figures = ck.get("figures")
    if model.figures is None:  # a run saved before the figures went into the checkpoint
        with open(os.path.join(os.path.dirname(path), "figures.json")) as f:
            model.figures = json.load(f)
    return model.eval()


if __name__ == "__main__":
    main()
