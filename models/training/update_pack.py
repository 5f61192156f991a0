"""Replace some roles of a pack with those of a fresh export, keeping every other file byte for byte.

  /usr/bin/python3 export_pack.py --pack /tmp/new ...            # a full export with the new weights
  /usr/bin/python3 update_pack.py --pack ../default --from /tmp/new --roles semantic \
      --prompt-filter 5 --evaluation runs/eval-all.json

A full export re-exports every role from its checkpoint, and an unchanged role does not come out
byte-identical (fp16 checkpoints, other export runs), so a pack that changes one model takes that
role's ONNX file, its `files` entry and its `training` fields (steps, wall time, checkpoint,
config) from the fresh export and keeps the rest. `--prompt-filter` / `--duration-scale` set
`semantic.promptFilter` / `decoding.durationScale`; `--evaluation` merges a JSON object into
`evaluation` key by key. The role's inventory must equal the pack's. A new codec comes with its
`codec.json` (and the evaluation figures `eval.codec_eval --pack` wrote there), and only together
with the SoundStorm that writes its codes: `--roles codec_encoder codec_decoder soundstorm`. A new
decoder alone (`codec.adapt train`: encoder and codebooks frozen, so every code keeps its meaning)
is taken with `--roles codec_decoder` once the fresh export's `codec_encoder.onnx` is shown to be
the pack's: the same operators and the same weights, value for value.
"""
import argparse
import json
import os
import shutil

import numpy as np

# Each role and the key its figures have under the manifest's `training`.
TRAINING_KEY = {"codec_encoder": "codec", "codec_decoder": "codec", "semantic": "semantic", "t2s": "t2s", "soundstorm": "soundstorm"}
ROLES = list(TRAINING_KEY)


def encoder_weights(path):
    """-> (operator sequence, [initialisers then node tensors, in graph order]) of an ONNX graph: what
    decides its output. Names are left out: they can differ between exports of the same weights."""
    import onnx
    from onnx import numpy_helper
    graph = onnx.load(path).graph
    weights = [numpy_helper.to_array(t) for t in graph.initializer]
    ops = []
    for node in graph.node:
        ops.append(node.op_type)
        for a in node.attribute:
            if a.type == onnx.AttributeProto.TENSOR:
                weights.append(numpy_helper.to_array(a.t))
            else:
                ops.append(f"{a.name}={onnx.helper.get_attribute_value(a)!r}")
    return ops, weights


def same_encoder(pack, source):
    """True when the two packs' codec_encoder.onnx graphs compute the same codes (ops and weights equal)."""
    ops_a, w_a = encoder_weights(os.path.join(pack, "codec_encoder.onnx"))
    ops_b, w_b = encoder_weights(os.path.join(source, "codec_encoder.onnx"))
    return ops_a == ops_b and len(w_a) == len(w_b) and all(
        a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b) for a, b in zip(w_a, w_b))


def update(pack, source, roles, prompt_filter=None, duration_scale=None, evaluation=None):
    with open(os.path.join(pack, "manifest.json")) as f:
        manifest = json.load(f)
    if roles:
        with open(os.path.join(source, "manifest.json")) as f:
            fresh = json.load(f)
        if fresh["phonemes"]["inventory"] != manifest["phonemes"]["inventory"]:
            raise SystemExit(f"{source}: its phoneme inventory differs from {pack}'s")
    for role in roles:
        if role not in ROLES:
            raise SystemExit(f"unknown role {role} (roles: {', '.join(ROLES)})")
    codec_roles = {"codec_encoder", "codec_decoder"} & set(roles)
    decoder_only = codec_roles == {"codec_decoder"} and "soundstorm" not in roles
    if decoder_only and not same_encoder(pack, source):
        raise SystemExit(f"{source}: its codec_encoder.onnx is not the pack's (other operators or weights), so its "
                         "codes differ: a new codec needs --roles codec_encoder codec_decoder soundstorm together")
    if codec_roles and not decoder_only and not {"codec_encoder", "codec_decoder", "soundstorm"} <= set(roles):
        # a new codec has new codes: its two halves and the SoundStorm that writes its codes go together
        raise SystemExit("a new codec needs --roles codec_encoder codec_decoder soundstorm together "
                         "(its codes mean nothing to the other codec or to a SoundStorm trained on other codes)")
    if codec_roles:
        shutil.copyfile(os.path.join(source, "codec.json"), os.path.join(pack, "codec.json"))
        manifest["codec"] = fresh["codec"]
        with open(os.path.join(pack, "codec.json")) as f:  # eval.codec_eval --pack writes its figures there
            manifest.setdefault("evaluation", {})["codec"] = json.load(f).get("evaluation", {})
    for role in roles:
        entry = fresh["files"][role]
        shutil.copyfile(os.path.join(source, entry["path"]), os.path.join(pack, entry["path"]))
        manifest["files"][role] = entry
        key = TRAINING_KEY[role]
        for field in ("steps", "wallSeconds", "checkpoints", "configs"):
            manifest["training"][field][key] = fresh["training"][field][key]
    if prompt_filter is not None:
        if prompt_filter > 1:
            manifest["semantic"]["promptFilter"] = prompt_filter
        else:
            manifest["semantic"].pop("promptFilter", None)
    if duration_scale is not None:
        if duration_scale != 1.0:
            manifest["decoding"]["durationScale"] = duration_scale
        else:
            manifest["decoding"].pop("durationScale", None)
    if evaluation:
        manifest.setdefault("evaluation", {}).update(evaluation)
    with open(os.path.join(pack, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
    return manifest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", required=True)
    ap.add_argument("--from", dest="source", default=None, help="a fresh export_pack folder")
    ap.add_argument("--roles", nargs="*", default=[], choices=ROLES)
    ap.add_argument("--prompt-filter", type=int, default=None)
    ap.add_argument("--duration-scale", type=float, default=None)
    ap.add_argument("--evaluation", default=None, help="JSON object merged into evaluation, key by key")
    args = ap.parse_args()
    if args.roles and not args.source:
        raise SystemExit("--roles needs --from")
    evaluation = json.load(open(args.evaluation)) if args.evaluation else None
    update(args.pack, args.source, args.roles, args.prompt_filter, args.duration_scale, evaluation)
    print("updated", os.path.join(args.pack, "manifest.json"))


if __name__ == "__main__":
    main()
