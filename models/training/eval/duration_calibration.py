"""How long T2S makes speech, against the forced alignments, with each kind of voice prompt.

  /usr/bin/python3 -m eval.duration_calibration --semantic S.pt --t2s T.pt --prompt-filter 5 \
      --out runs/duration-calibration.json [--speakers 120]

For each of N training speakers: one clip is the voice prompt, another the target; T2S predicts the
target's phoneme durations and the figure is predicted / aligned frames over the target's speech
(its first to last phone; alignments.jsonl from wordalign --phones). The prompt comes three ways:
- `labels`: the prompt clip's own alignment labels, as in T2S training;
- `tokenizer_raw`: the frame tokenizer's tokens of the prompt audio (3 s), as the engine saw them
  before session 9;
- `tokenizer_filtered`: the same after the majority filter (`--prompt-filter`, the pack's
  semantic.promptFilter).
`suggested_duration_scale` = 1 / the median filtered ratio: the pack's decoding.durationScale, so
that generated speech keeps the pace the alignments measured. Training clips are used on purpose:
the held-out evaluation sets stay untouched by this calibration.
"""
import argparse
import json
import random
from collections import defaultdict

import numpy as np
import torch

from data.corpus import clip_audio, load_index
from export_pack import load_state
from semantic.export import load_semantic
from semantic.smooth import majority
from semantic.vocab import SIL, phoneme_to_semantic
from t2s.model import DurationGraph, DurationModel, T2SConfig
from t2s.train import length_regulate

HOP = 320


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--semantic", required=True)
    ap.add_argument("--t2s", required=True)
    ap.add_argument("--alignments", default="runs/phonealign/alignments.jsonl")
    ap.add_argument("--prompt-filter", type=int, default=5)
    ap.add_argument("--prompt-seconds", type=float, default=3.0)
    ap.add_argument("--speakers", type=int, default=120)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    torch.set_num_threads(1)
    semantic, ck = load_semantic(args.semantic)
    to_semantic = phoneme_to_semantic(ck["inventory"])
    model, _ = load_state(DurationModel, T2SConfig, args.t2s)
    t2s = DurationGraph(model).eval()
    rows = {r["path"]: r for r in load_index(split="train")}
    by = defaultdict(list)
    for line in open(args.alignments):
        a = json.loads(line)
        if a["path"] in rows:
            by[a["speaker"]].append(a)
    speakers = sorted(k for k, v in by.items() if len(v) >= 2)
    rng = random.Random(0)
    rng.shuffle(speakers)
    ratios = defaultdict(list)
    frames = int(args.prompt_seconds * 16000) // HOP
    for spk in speakers[: args.speakers]:
        prompt, target = rng.sample(by[spk], 2)
        labels = length_regulate(prompt["ids"], prompt["durations"], to_semantic)[:frames]
        audio = clip_audio(rows[prompt["path"]])[: frames * HOP].astype(np.float32)
        with torch.no_grad():
            raw = semantic(torch.from_numpy(audio)[None])[0]
        ids, aligned = target["ids"], np.asarray(target["durations"], dtype=np.float64)
        phones = [k for k, i in enumerate(ids) if to_semantic[i] != SIL]
        first, last = phones[0], phones[-1]
        for name, p in (("labels", torch.tensor(labels)), ("tokenizer_raw", raw),
                        ("tokenizer_filtered", torch.tensor(majority(raw.tolist(), args.prompt_filter)))):
            with torch.no_grad():
                d = t2s(torch.tensor([ids]), p[None].long())[0].numpy()
            ratios[name].append(float(d[first: last + 1].sum() / max(aligned[first: last + 1].sum(), 1)))
    figures = {k: {"mean": round(float(np.mean(v)), 4), "median": round(float(np.median(v)), 4)} for k, v in ratios.items()}
    figures["pairs"] = len(ratios["labels"])
    figures["prompt_filter"] = args.prompt_filter
    figures["suggested_duration_scale"] = round(1.0 / figures["tokenizer_filtered"]["median"], 3)
    json.dump(figures, open(args.out, "w"), indent=1)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
