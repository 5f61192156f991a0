"""Assemble a model pack (models/<pack>/) from trained checkpoints, checking ONNX Runtime first.

  /usr/bin/python3 export_pack.py --pack ../tiny --name tiny --codec runs/codec-tiny/last.pt \
      --semantic runs/semantic-tiny/last.pt --t2s runs/t2s-tiny/last.pt \
      --soundstorm runs/soundstorm-tiny/last.pt --tokens .cache/tokens-tiny

Every graph is run through onnxruntime-node (the app's runtime) on real inputs and compared with
PyTorch before the manifest is written; a mismatch aborts the export. The manifest follows
models/PACK_FORMAT.md; parity fixtures for the TypeScript decoding loop are written with --fixtures.
"""
import argparse
import json
import os

import numpy as np
import torch

from codec.export import main as export_codec, round_to_fp16, sha256, store_fp16
from codec.ort import run as ort_run
from common.compact import load_weights
from semantic.export import export_semantic, load_semantic
from semantic.vocab import phoneme_to_semantic
from soundstorm.generate import default_iterations
from soundstorm.model import SoundStorm, SoundStormConfig
from soundstorm.token_store import TokenStore
from t2s.model import DurationGraph, DurationModel, T2SConfig

ITERATIONS_FIRST = 16


def load_state(cls, cfg_cls, path):
    ck = torch.load(path, map_location="cpu")
    model = cls(cfg_cls(**ck["config"]))
    model.load_state_dict(load_weights(ck))
    return model.eval(), ck


def export_fp16(export, model, path):
    """Exports with large weights stored as fp16 (computed in fp32): the PyTorch model is rounded the
    same way first, so the ONNX Runtime checks and the parity fixtures compare like with like."""
    round_to_fp16(model)
    result = export(model, path)
    store_fp16(path)
    return result


def export_t2s(model, path):
    graph = DurationGraph(model).eval()
    phon = torch.randint(3, model.cfg.vocab_size, (1, 20))
    prompt = torch.randint(2, model.cfg.semantic_vocab, (1, 120))
    torch.onnx.export(graph, (phon, prompt), path, input_names=["phonemes", "prompt_semantic"], output_names=["durations"],
                      dynamic_axes={"phonemes": {0: "B", 1: "P"}, "prompt_semantic": {0: "B", 1: "S"}, "durations": {0: "B", 1: "P"}},
                      opset_version=17)
    return graph


def export_soundstorm(model, path):
    sem = torch.randint(0, model.cfg.semantic_vocab, (1, 40))
    codes = torch.randint(0, model.cfg.codebook_size + 1, (1, model.cfg.levels, 40))
    torch.onnx.export(model, (sem, codes, torch.tensor([1])), path, input_names=["semantic", "codes", "level"],
                      output_names=["logits"],
                      dynamic_axes={"semantic": {0: "B", 1: "T"}, "codes": {0: "B", 2: "T"}, "logits": {0: "B", 1: "T"}},
                      opset_version=17)


def check_close(name, ref, got, atol):
    err = float(np.max(np.abs(ref.astype(np.float64) - got.astype(np.float64)))) if ref.size else 0.0
    if ref.shape != got.shape or err > atol:
        raise SystemExit(f"ONNX Runtime disagrees with PyTorch on {name}: shapes {ref.shape} vs {got.shape}, max error {err}")
    print(f"  {name}: ONNX Runtime matches PyTorch (max abs error {err:.2e})")


def io(name, dtype, shape):
    return {"name": name, "dtype": dtype, "shape": shape}


INTERFACES = {
    "codec_encoder": ([io("audio", "float32", ["B", "N"])], [io("codes", "int64", ["B", "Q", "T"])]),
    "codec_decoder": ([io("codes", "int64", ["B", "Q", "T"])], [io("audio", "float32", ["B", "N"])]),
    "semantic": ([io("audio", "float32", ["B", "N"])], [io("tokens", "int64", ["B", "T"])]),
    "t2s": ([io("phonemes", "int64", ["B", "P"]), io("prompt_semantic", "int64", ["B", "S"])], [io("durations", "float32", ["B", "P"])]),
    "soundstorm": ([io("semantic", "int64", ["B", "T"]), io("codes", "int64", ["B", "Q", "T"]), io("level", "int64", [1])],
                   [io("logits", "float32", ["B", "T", "K"])]),
}
ATTRIBUTION = [
    "LibriSpeech (Mini LibriSpeech train-clean-5 and train-clean-100) by Vassil Panayotov, Guoguo Chen, Daniel Povey and Sanjeev Khudanpur, from LibriVox audiobooks; CC BY 4.0",
    "speechocean762 by Junbo Zhang, Zhiwen Zhang, Yongqing Wang, Zhiyong Yan, Qiong Song, Yukai Huang, Ke Li, Daniel Povey and Yujun Wang (Speechocean and Xiaomi); CC BY 4.0",
    "LJ Speech 1.1 by Keith Ito and Linda Johnson (LibriVox); public domain",
]


def check_semantic(model, path, audio):
    ref = model(torch.from_numpy(audio)[None]).numpy()
    got = ort_run(path, {"audio": audio[None]}, ["tokens"])[0]["tokens"]
    agree = float((ref == got).mean())
    if ref.shape != got.shape or agree < 0.99:
        raise SystemExit(f"ONNX Runtime disagrees with PyTorch on semantic tokens: agreement {agree:.3f}")
    print(f"  semantic: ONNX Runtime tokens agree with PyTorch on {agree:.1%} of frames")


def check_t2s(graph, path, phon, prompt):
    with torch.no_grad():
        ref = graph(torch.from_numpy(phon)[None], torch.from_numpy(prompt)[None]).numpy()
    got = ort_run(path, {"phonemes": phon[None], "prompt_semantic": prompt[None]}, ["durations"])[0]["durations"]
    check_close("t2s durations", ref, got, 1e-3)


def check_soundstorm(model, path, sem, codes):
    with torch.no_grad():
        ref = model(torch.from_numpy(sem)[None], torch.from_numpy(codes)[None], torch.tensor([2])).numpy()
    got = ort_run(path, {"semantic": sem[None], "codes": codes[None], "level": np.array([2], dtype=np.int64)}, ["logits"])[0]["logits"]
    check_close("soundstorm logits", ref, got, 1e-3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--description", default="")
    ap.add_argument("--codec", required=True)
    ap.add_argument("--semantic", required=True)
    ap.add_argument("--t2s", required=True)
    ap.add_argument("--soundstorm", required=True)
    ap.add_argument("--tokens", required=True, help="TokenStore used for the checks (held-out clips)")
    ap.add_argument("--fixtures", default=None, help="write greedy parity fixtures into this folder")
    ap.add_argument("--evaluation", default=None, help="JSON file of evaluation figures to embed")
    ap.add_argument("--temperature", type=float, default=0.8, help="decoding.temperature (the default pack: 0.6, session 6)")
    ap.add_argument("--prompt-filter", type=int, default=0,
                    help="semantic.promptFilter: majority-filter width (odd, frames) for the voice prompt's tokens "
                         "(the default pack: 5, session 9; semantic/smooth.py)")
    ap.add_argument("--duration-scale", type=float, default=1.0,
                    help="decoding.durationScale: T2S durations x this before length regulation (a calibration)")
    ap.add_argument("--guidance", type=float, default=0.0,
                    help="decoding.guidance: classifier-free guidance weight (a SoundStorm trained with --cond-drop)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.pack, exist_ok=True)
    codec_ck = torch.load(args.codec, map_location="cpu")
    semantic, sem_ck = load_semantic(args.semantic)
    t2s, t2s_ck = load_state(DurationModel, T2SConfig, args.t2s)
    storm, storm_ck = load_state(SoundStorm, SoundStormConfig, args.soundstorm)
    inventory = sem_ck["inventory"]
    if t2s_ck["inventory"] != inventory:
        raise SystemExit("t2s and semantic checkpoints use different phoneme inventories")
    store = TokenStore(args.tokens)
    held = next(r for r in store.rows if r["split"] == "heldout" and r["frames"] >= 150)
    sem_tokens, codes = store.clip(held)

    print("exporting codec")
    export_codec(["--checkpoint", args.codec, "--out", args.pack])
    print("exporting semantic")
    from data.corpus import clip_audio, load_index
    entry = next(e for e in load_index(split="heldout") if e["path"] == held["path"])
    audio = clip_audio(entry)[: held["frames"] * 320].astype(np.float32)
    export_fp16(export_semantic, semantic, os.path.join(args.pack, "semantic.onnx"))
    check_semantic(semantic, os.path.join(args.pack, "semantic.onnx"), audio)
    print("exporting t2s")
    graph = export_fp16(export_t2s, t2s, os.path.join(args.pack, "t2s.onnx"))
    phon = np.asarray([2, 10, 20, 30, 3, 40, 50, 5, 2], dtype=np.int64) % len(inventory)
    check_t2s(graph, os.path.join(args.pack, "t2s.onnx"), phon, sem_tokens[:150])
    print("exporting soundstorm")
    export_fp16(export_soundstorm, storm, os.path.join(args.pack, "soundstorm.onnx"))
    masked = codes.copy()
    masked[2:, 60:] = storm.cfg.codebook_size
    check_soundstorm(storm, os.path.join(args.pack, "soundstorm.onnx"), sem_tokens, masked)

    files = {}
    for role, (inputs, outputs) in INTERFACES.items():
        path = os.path.join(args.pack, f"{role}.onnx")
        files[role] = {"path": f"{role}.onnx", "sha256": sha256(path), "bytes": os.path.getsize(path), "inputs": inputs, "outputs": outputs}
    levels = storm.cfg.levels
    # The compact checkpoints committed for a pack (bench's fallback where runs/ is absent) are
    # recorded by hand; a re-export keeps them.
    previous = os.path.join(args.pack, "manifest.json")
    committed = json.load(open(previous)).get("training", {}).get("committedCheckpoints") if os.path.exists(previous) else None
    manifest = {
        "format": "soundstorm-pack", "formatVersion": 1, "name": args.name, "description": args.description,
        "sampleRate": 16000, "hopLength": 320, "frameRate": 50,
        "codec": {"levels": levels, "codebookSize": storm.cfg.codebook_size},
        "semantic": {"rung": "frame-phoneme", "rate": 50, "vocabSize": len(inventory), "phonemeToSemantic": phoneme_to_semantic(inventory),
                     **({"promptFilter": args.prompt_filter} if args.prompt_filter > 1 else {})},
        "phonemes": {"g2p": "phonemizer@1.2.1 espeak-ng en-us", "inventory": inventory},
        "maskIds": {"acoustic": storm.cfg.codebook_size},
        "decoding": {"iterations": default_iterations(levels, storm_ck.get("train_levels"), ITERATIONS_FIRST), "temperature": args.temperature, "topK": 0, "topP": 0.9,
                     **({"guidance": args.guidance} if args.guidance else {}),
                     **({"durationScale": args.duration_scale} if args.duration_scale != 1.0 else {}),
                     "windowSeconds": 20, "promptSeconds": 3, "crossfadeSeconds": 0.05, "minPhonemeFrames": 1},
        "files": files,
        "training": {
            "data": "12.5 h of real English speech (../shared/data/speech, held-out speakers and sentences excluded)",
            "steps": {"codec": codec_ck.get("step"), "semantic": sem_ck.get("steps"), "t2s": t2s_ck.get("steps"), "soundstorm": storm_ck.get("steps")},
            "wallSeconds": {"codec": codec_ck.get("wall_seconds"), "semantic": sem_ck.get("wall_seconds"),
                            "t2s": t2s_ck.get("wall_seconds"), "soundstorm": storm_ck.get("wall_seconds")},
            # Where the PyTorch twins live (relative to models/training): `npm run bench` times them.
            "checkpoints": {"codec": os.path.relpath(args.codec), "semantic": os.path.relpath(args.semantic),
                            "t2s": os.path.relpath(args.t2s), "soundstorm": os.path.relpath(args.soundstorm)},
            **({"committedCheckpoints": committed} if committed else {}),
            "configs": {"codec": codec_ck["config"], "semantic": sem_ck["config"], "t2s": t2s_ck["config"], "soundstorm": storm_ck["config"]},
        },
        "evaluation": {"codec": json.load(open(os.path.join(args.pack, "codec.json"))).get("evaluation", {}),
                       **(json.load(open(args.evaluation)) if args.evaluation else {})},
        "attribution": ATTRIBUTION,
    }
    with open(os.path.join(args.pack, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
    print("wrote", os.path.join(args.pack, "manifest.json"))
    if args.fixtures:
        from soundstorm.parity import write_fixtures
        write_fixtures(storm, graph, store, args.fixtures, manifest)


if __name__ == "__main__":
    main()
