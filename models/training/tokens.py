"""Tokenise the corpus with a codec and a semantic tokenizer checkpoint into a TokenStore folder.

  /usr/bin/python3 tokens.py --codec runs/codec-tiny/last.pt --semantic runs/semantic-tiny/last.pt \
      --out .cache/tokens-tiny [--limit 1500]
"""
import argparse
import json
import os
import time

import numpy as np
import torch

from codec.train import load_codec
from data.corpus import clip_audio, load_index
from semantic.export import load_semantic

HOP = 320


@torch.no_grad()
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--codec", required=True)
    ap.add_argument("--semantic", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=0, help="only the first N clips of each split (tiny runs)")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    codec, codec_ck = load_codec(args.codec)
    semantic, sem_ck = load_semantic(args.semantic)
    os.makedirs(args.out, exist_ok=True)
    rows = load_index()
    if args.limit:
        rows = [r for r in rows if r["split"] == "train"][: args.limit] + [r for r in rows if r["split"] != "train"][: args.limit // 10]
    f_codes = open(os.path.join(args.out, "codes.int16"), "wb")
    f_sem = open(os.path.join(args.out, "semantic.int16"), "wb")
    f_idx = open(os.path.join(args.out, "index.jsonl"), "w")
    offset, t0 = 0, time.time()
    for k, r in enumerate(rows):
        a = clip_audio(r)
        n = len(a) // HOP * HOP
        if n < HOP * 10:
            continue
        audio = torch.from_numpy(a[:n])[None]
        codes = codec.encode(audio)[0].T.numpy().astype(np.int16)  # [T,Q]
        sem = semantic(audio)[0].numpy().astype(np.int16)
        frames = min(len(codes), len(sem))
        f_codes.write(codes[:frames].tobytes())
        f_sem.write(sem[:frames].tobytes())
        f_idx.write(json.dumps({"path": r["path"], "speaker": r["speaker"], "split": r["split"], "text": r.get("text"),
                                "frame_offset": offset, "frames": frames}) + "\n")
        offset += frames
        if k % 500 == 0:
            print(f"{k}/{len(rows)} clips, {offset / 50 / 3600:.2f} h, {time.time() - t0:.0f} s", flush=True)
    meta = {"levels": codec.cfg.levels, "codebook_size": codec.cfg.codebook_size,
            "semantic_vocab": sem_ck["config"]["vocab_size"], "codec": args.codec, "semantic": args.semantic,
            "codec_step": codec_ck.get("step"), "semantic_steps": sem_ck.get("steps"), "frames": offset}
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print("done", meta, flush=True)


if __name__ == "__main__":
    main()
