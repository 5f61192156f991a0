"""Tokenise the corpus into a TokenStore folder (soundstorm/token_store.py).

Codec codes come from a codec checkpoint; semantic tokens either from a semantic tokenizer
checkpoint (--semantic) or, later, from CTC forced alignments (--relabel with --alignments): the
frame labels that T2S produces at run time, so that SoundStorm trains on what it will be given.

  /usr/bin/python3 tokens.py --codec runs/codec-tiny/last.pt --semantic runs/semantic-tiny/last.pt \\
      --out .cache/tokens-tiny [--limit 1500]
  /usr/bin/python3 tokens.py --codec C.pt --out .cache/tokens-default          # codes only
  /usr/bin/python3 tokens.py --relabel .cache/tokens-default --alignments runs/semantic-default/alignments.jsonl
  /usr/bin/python3 tokens.py --prompt-semantic .cache/tokens-phone --semantic checkpoints/semantic-conv.pt --filter 5
  /usr/bin/python3 tokens.py --recode .cache/tokens-prompt --codec NEW.pt --out .cache/tokens-new

--recode writes a new store whose codes come from another codec, clip for clip in the source store's order,
and copies everything else (index, labels, prompt tokens): a new codec does not need the alignment and the
tokenizer passes again. A clip whose frame count differs is refused (the codecs must share the hop).

--prompt-semantic adds what the tokenizer says (majority-filtered as the pack's semantic.promptFilter) beside
the labels, for every clip of a store: at run time a voice prompt's semantic tokens come from the tokenizer,
not from an alignment, and SoundStorm's `--prompt-tokens` trains on that.
"""
import argparse
import json
import os
import shutil
import time

import numpy as np
import torch

from codec.train import load_codec
from data.corpus import clip_audio, load_index
from semantic.align import read_alignments
from semantic.export import load_semantic
from semantic.smooth import majority
from semantic.vocab import SIL, fit_frames

HOP = 320


def load_alignment_labels(path):
    """alignments.jsonl -> (clip path -> frame labels, semantic vocabulary size)."""
    inventory, records = read_alignments(path)
    return {p: r["labels"] for p, r in records.items()}, len(inventory)


def store_rows(folder):
    """The clips of a TokenStore folder (index.jsonl), in store order."""
    with open(os.path.join(folder, "index.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def store_audio(rows):
    """Yields (row, audio [1, frames x HOP]) for each clip of a store, from the corpus cache, with progress."""
    corpus = {r["path"]: r for r in load_index()}
    t0 = time.time()
    for k, r in enumerate(rows):
        yield r, torch.from_numpy(clip_audio(corpus[r["path"]])[: r["frames"] * HOP])[None]
        if k % 1000 == 0:
            print(f"{k}/{len(rows)} clips, {time.time() - t0:.0f} s", flush=True)


def relabel(folder, alignments):
    """Rewrites semantic.int16 from alignments; clips without one are marked split "unlabelled"."""
    labels, vocab = load_alignment_labels(alignments)
    rows = store_rows(folder)
    sem = np.memmap(os.path.join(folder, "semantic.int16"), dtype=np.int16, mode="r+")
    kept = 0
    for r in rows:
        lab = labels.get(r["path"])
        if lab is None:
            r["split"] = "unlabelled" if r["split"] == "train" else r["split"]
            continue
        n = r["frames"]
        sem[r["frame_offset"]: r["frame_offset"] + n] = fit_frames(lab, n)
        kept += 1
    sem.flush()
    with open(os.path.join(folder, "index.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    meta_path = os.path.join(folder, "meta.json")
    meta = json.load(open(meta_path))
    meta.update({"semantic": alignments, "semantic_vocab": vocab, "labelled_clips": kept})
    json.dump(meta, open(meta_path, "w"), indent=1)
    print(f"relabelled {kept} of {len(rows)} clips from {alignments}", flush=True)


@torch.no_grad()
def prompt_semantic(folder, semantic_path, width):
    """Writes prompt_semantic.int16 [F] beside semantic.int16: the tokenizer's tokens of every clip of the store,
    majority-filtered over `width` frames (0 or 1: raw). The tokenizer's inventory must be the labels'."""
    semantic, ck = load_semantic(semantic_path)
    meta_path = os.path.join(folder, "meta.json")
    meta = json.load(open(meta_path))
    if meta.get("semantic_vocab") != ck["config"]["vocab_size"]:
        raise SystemExit(f"tokenizer vocabulary {ck['config']['vocab_size']} != the store's labels {meta.get('semantic_vocab')}")
    rows = store_rows(folder)
    out = np.memmap(os.path.join(folder, "prompt_semantic.int16"), dtype=np.int16, mode="w+", shape=(meta["frames"],))
    t0 = time.time()
    for r, audio in store_audio(rows):
        tok = semantic(audio)[0].numpy()
        if width > 1:
            tok = majority(tok, width)
        out[r["frame_offset"]: r["frame_offset"] + r["frames"]] = fit_frames(tok, r["frames"])
    out.flush()
    meta.update({"prompt_semantic": semantic_path, "prompt_semantic_filter": width})
    json.dump(meta, open(meta_path, "w"), indent=1)
    print(f"prompt tokens for {len(rows)} clips in {time.time() - t0:.0f} s", flush=True)


@torch.no_grad()
def tokenise(args):
    codec, codec_ck = load_codec(args.codec)
    semantic, sem_ck = load_semantic(args.semantic) if args.semantic else (None, None)
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
        frames = len(codes)
        sem = semantic(audio)[0].numpy().astype(np.int16)[:frames] if semantic else np.full(frames, SIL, np.int16)
        f_codes.write(codes.tobytes())
        f_sem.write(sem.tobytes())
        f_idx.write(json.dumps({"path": r["path"], "speaker": r["speaker"], "split": r["split"], "text": r.get("text"),
                                "frame_offset": offset, "frames": frames}) + "\n")
        offset += frames
        if k % 500 == 0:
            print(f"{k}/{len(rows)} clips, {offset / 50 / 3600:.2f} h, {time.time() - t0:.0f} s", flush=True)
    for f in (f_codes, f_sem, f_idx):
        f.close()
    meta = {"levels": codec.cfg.levels, "codebook_size": codec.cfg.codebook_size,
            "semantic_vocab": sem_ck["config"]["vocab_size"] if sem_ck else None, "codec": args.codec,
            "semantic": args.semantic, "codec_step": codec_ck.get("step"), "frames": offset}
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print("done", meta, flush=True)


@torch.no_grad()
def recode(src, codec_path, out):
    """Copies the store `src` to `out` with codes.int16 from another codec (same hop: the same frames a clip)."""
    codec, codec_ck = load_codec(codec_path)
    meta = json.load(open(os.path.join(src, "meta.json")))
    if codec.cfg.hop != HOP:
        raise SystemExit(f"{codec_path}: hop {codec.cfg.hop}, the store's frames are {HOP} samples")
    rows = store_rows(src)
    if os.path.abspath(src) == os.path.abspath(out):
        raise SystemExit("--recode writes a new folder: --out must differ from the source store")
    os.makedirs(out, exist_ok=True)
    codes = np.memmap(os.path.join(out, "codes.int16"), dtype=np.int16, mode="w+", shape=(meta["frames"], codec.cfg.levels))
    t0 = time.time()
    for r, audio in store_audio(rows):
        n = r["frames"]
        c = codec.encode(audio)[0].T.numpy().astype(np.int16)  # [T,Q]
        if len(c) != n:
            raise SystemExit(f"{r['path']}: {len(c)} frames from the new codec, {n} in the store")
        codes[r["frame_offset"]: r["frame_offset"] + n] = c
    codes.flush()
    for name in ("semantic.int16", "prompt_semantic.int16", "index.jsonl"):
        if os.path.exists(os.path.join(src, name)):
            shutil.copyfile(os.path.join(src, name), os.path.join(out, name))
    meta.update({"levels": codec.cfg.levels, "codebook_size": codec.cfg.codebook_size, "codec": codec_path,
                 "codec_step": codec_ck.get("step"), "recoded_from": src})
    json.dump(meta, open(os.path.join(out, "meta.json"), "w"), indent=1)
    print(f"recoded {len(rows)} clips in {time.time() - t0:.0f} s -> {out}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--codec")
    ap.add_argument("--semantic", default=None)
    ap.add_argument("--out")
    ap.add_argument("--limit", type=int, default=0, help="only the first N clips of the train split (tiny runs)")
    ap.add_argument("--relabel", default=None, help="a TokenStore folder whose semantic tokens to replace")
    ap.add_argument("--alignments", default=None)
    ap.add_argument("--prompt-semantic", default=None, metavar="FOLDER",
                    help="add the --semantic tokenizer's (filtered) tokens of every clip to this store")
    ap.add_argument("--filter", type=int, default=5, help="majority-filter width for --prompt-semantic")
    ap.add_argument("--recode", default=None, metavar="FOLDER",
                    help="copy this store to --out with the codes of --codec (labels and prompt tokens kept)")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.recode:
        if not (args.codec and args.out):
            raise SystemExit("--recode needs --codec (the new codec) and --out (a new folder)")
        recode(args.recode, args.codec, args.out)
    elif args.relabel:
        relabel(args.relabel, args.alignments)
    elif args.prompt_semantic:
        prompt_semantic(args.prompt_semantic, args.semantic, args.filter)
    else:
        tokenise(args)


if __name__ == "__main__":
    main()
