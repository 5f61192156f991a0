"""Rebuild a semantic tokenizer checkpoint from a pack's `semantic.onnx` (its weights are the
graph's initializers), checked token for token against ONNX Runtime on held-out speech.

Session 5 shipped a frame tokenizer (4,115 steps) whose run folder was never committed; the
committed `checkpoints/semantic-conv.pt` held the 1,664-step one. This recovers the shipped weights
so that the evaluation and a resumed run start from exactly what the pack holds.

Names: `encoder.<param>` (stored fp16 as `<name>__fp16` by the export); the pointwise and head
Linear weights appear as anonymous, transposed MatMul initializers in graph order (blocks 0..N-1,
then the frame head). The CTC head is not in the graph: it is kept from `--base`.

  /usr/bin/python3 -m semantic.from_pack --pack ../default --base checkpoints/semantic-conv.pt \\
      --out checkpoints/semantic-conv.pt
"""
import argparse
import json
import os

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from codec import ort
from data.corpus import clip_audio, load_index
from semantic.export import load_semantic


def pack_weights(onnx_path, base_state):
    """-> state dict shaped like base_state with every tensor the graph holds taken from it."""
    graph = onnx.load(onnx_path).graph
    arrays = {i.name.removesuffix("__fp16"): numpy_helper.to_array(i).astype(np.float32) for i in graph.initializer}
    matmuls = iter(sorted((k for k in arrays if k.startswith("onnx::MatMul_")), key=lambda s: int(s.rsplit("_", 1)[1])))
    out = {}
    for key, base in base_state.items():
        shape = tuple(base.shape)
        named = arrays.get("encoder." + key)
        if named is not None and named.shape == shape:
            out[key] = torch.from_numpy(named)
        elif key.startswith(("ctc_head.", "ctc_blocks.")):
            out[key] = base.float()
        else:
            a = arrays[next(matmuls)].T
            if a.shape != shape:
                raise SystemExit(f"{key}: the graph's next MatMul weight is {a.shape[::-1]}, expected {shape[::-1]} transposed")
            out[key] = torch.from_numpy(np.ascontiguousarray(a))
    left = list(matmuls)
    if left:
        raise SystemExit(f"{len(left)} MatMul weights of the graph were not placed: not this architecture")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", required=True)
    ap.add_argument("--base", required=True, help="a checkpoint of the same config (config, inventory, CTC head)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--clips", type=int, default=6)
    args = ap.parse_args()
    base = torch.load(args.base, map_location="cpu")
    manifest = json.load(open(os.path.join(args.pack, "manifest.json")))
    weights = pack_weights(os.path.join(args.pack, "semantic.onnx"), base["model"])
    ck = dict(base)
    ck["model"] = {k: v.half() if v.is_floating_point() else v for k, v in weights.items()}
    ck["steps"] = manifest["training"]["steps"]["semantic"]
    ck["wall_seconds"] = manifest["training"]["wallSeconds"]["semantic"]
    ck["compacted_from"] = (f"{args.pack}/semantic.onnx (recorded run {manifest['training']['checkpoints']['semantic']}; "
                            f"CTC head from {args.base}, which the graph does not use)")
    tmp = args.out + ".tmp"
    torch.save(ck, tmp)
    model, _ = load_semantic(tmp)
    same = total = 0
    for r in [r for r in load_index(split="heldout") if r["length"] > 3 * 16000][: args.clips]:
        a = clip_audio(r)[: 16000 * 6]
        a = a[: len(a) // 320 * 320][None].astype(np.float32)
        with torch.no_grad():
            mine = model(torch.from_numpy(a))[0].numpy()
        theirs, _ = ort.run(os.path.join(args.pack, "semantic.onnx"), {"audio": a}, ["tokens"])
        same += int((theirs["tokens"][0] == mine).sum())
        total += len(mine)
    if same != total:
        os.remove(tmp)
        raise SystemExit(f"recovered weights disagree with the pack: {same}/{total} tokens identical; nothing written")
    os.replace(tmp, args.out)
    print(f"{args.out}: {ck['steps']} steps; {same}/{total} tokens identical to ONNX Runtime on {args.clips} held-out clips")


if __name__ == "__main__":
    main()
