"""Export a codec checkpoint to ONNX (opset 17) for a model pack, checked in onnxruntime-node first.

    cd models/training
    /usr/bin/python3 -m codec.export --checkpoint runs/codec-tiny/last.pt --out ../tiny

writes ``codec_encoder.onnx`` (audio float32 [B,N] -> codes int64 [B,Q,T]) and
``codec_decoder.onnx`` (codes int64 [B,Q,T] -> audio float32 [B,N]) into --out, plus ``codec.json``
(config, parameters, training steps / wall time, file sizes and sha256, the parity figures; evaluation
figures are merged in later by eval/codec_eval.py). Before it writes anything into --out, it runs both
graphs in ONNX Runtime (onnxruntime-node, the app's runtime) on real held-out audio (and on a batch of
2 of different content) and compares with PyTorch; otherwise it refuses (exit 1):
- codes: identical, except where the nearest-code search meets a float-rounding tie (two codes whose
  distances differ by < 1e-3 of |residual|^2 at the first differing level: ORT's and PyTorch's matmuls
  round differently); such frames must be under 2% (or be duplicate codes, > 60 dB alike) and decode within 20 dB SNR of PyTorch's codes;
- decoder: the same codes decode to max |diff| < 1e-3 and SNR > 60 dB.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
TRAINING = HERE.parent
sys.path.insert(0, str(TRAINING))

from codec import ort  # noqa: E402
from codec.model import DecoderGraph, EncoderGraph  # noqa: E402
from codec.train import load_codec, save_fp16  # noqa: E402


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


FP16_MIN_SIZE = 1024  # float tensors with more elements than this are stored as fp16


@torch.no_grad()
def round_to_fp16(model) -> None:
    """Round (in place) every parameter and buffer of more than FP16_MIN_SIZE elements to fp16 values:
    the PyTorch reference then equals what the fp16-stored ONNX files compute."""
    for t in list(model.parameters()) + list(model.buffers()):
        if t.is_floating_point() and t.numel() > FP16_MIN_SIZE:
            t.copy_(t.half().float())


def store_fp16(path: Path) -> None:
    """Rewrite an ONNX file with its large float32 initializers stored as float16, each followed by a
    Cast back to float32 (ONNX Runtime folds the casts once at session start: fp32 arithmetic)."""
    import onnx
    from onnx import helper, numpy_helper
    m = onnx.load(str(path))
    g = m.graph
    casts, keep = [], []
    for init in g.initializer:
        if init.data_type == onnx.TensorProto.FLOAT and int(np.prod(init.dims)) > FP16_MIN_SIZE:
            a = numpy_helper.to_array(init).astype(np.float16)
            keep.append(numpy_helper.from_array(a, init.name + "__fp16"))
            casts.append(helper.make_node("Cast", [init.name + "__fp16"], [init.name], to=onnx.TensorProto.FLOAT,
                                          name=init.name + "__cast"))
        else:
            keep.append(init)
    del g.initializer[:]
    g.initializer.extend(keep)
    nodes = casts + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(m)
    onnx.save(m, str(path))


def export_onnx(model, folder: Path, fp16: bool = False) -> tuple[Path, Path]:
    """Writes codec_encoder.onnx and codec_decoder.onnx into folder; with fp16, large weights are stored
    as fp16 (call round_to_fp16(model) first so that PyTorch computes the same)."""
    folder.mkdir(parents=True, exist_ok=True)
    enc, dec = folder / "codec_encoder.onnx", folder / "codec_decoder.onnx"
    hop = model.cfg.hop
    audio = torch.zeros(1, hop * 10)
    audio[0, ::7] = 0.1
    with torch.no_grad():
        torch.onnx.export(EncoderGraph(model).eval(), (audio,), str(enc), opset_version=17,
                          input_names=["audio"], output_names=["codes"],
                          dynamic_axes={"audio": {0: "B", 1: "N"}, "codes": {0: "B", 2: "T"}},
                          do_constant_folding=False)
        codes = model.encode(audio)
        torch.onnx.export(DecoderGraph(model).eval(), (codes,), str(dec), opset_version=17,
                          input_names=["codes"], output_names=["audio"],
                          dynamic_axes={"codes": {0: "B", 2: "T"}, "audio": {0: "B", 1: "N"}},
                          do_constant_folding=False)
    import onnx
    for p in (enc, dec):
        if fp16:
            store_fp16(p)
        onnx.checker.check_model(onnx.load(str(p)))
    return enc, dec


def heldout_audio(n_clips: int = 4, max_seconds: float = 6.0, hop: int = 320) -> list[np.ndarray]:
    """Real held-out clips (held-out speakers, first clips of different speakers), cut to whole frames."""
    from data.corpus import clip_audio, load_index
    seen, out = set(), []
    for e in load_index("heldout"):
        if e["heldout"] != "speaker" or e["speaker"] in seen:
            continue
        seen.add(e["speaker"])
        x = clip_audio(e)[: int(max_seconds * 16000)]
        out.append(x[: len(x) // hop * hop])
        if len(out) == n_clips:
            break
    return out


TIE_TOL = 1e-3  # relative: |d(ORT's code) - d(PyTorch's code)| <= TIE_TOL * |residual|^2 + 1e-6


def first_level_ties(model, audio: np.ndarray, tc: np.ndarray, oc: np.ndarray) -> dict:
    """Where ORT's codes differ from PyTorch's, look at the first differing level of each frame: both
    codes must be (float-rounding) ties for PyTorch's residual there; every later level follows from
    that choice. Returns {"frames", "non_ties", "max_gap"} (gap relative to |residual|^2)."""
    out = {"frames": 0, "non_ties": 0, "max_gap": 0.0}
    diff = oc != tc  # [B,Q,T]
    if not diff.any():
        return out
    q = model.quantizer
    with torch.no_grad():
        z = model.encoder(torch.from_numpy(audio)).transpose(1, 2)  # [B,T,D]
        for b, t in zip(*np.nonzero(diff.any(axis=1))):
            level = int(np.argmax(diff[b, :, t]))
            r = z[b, t].clone()
            for l in range(level):
                r -= q.embed[l][int(tc[b, l, t])]
            d_t = float(((r - q.embed[level][int(tc[b, level, t])]) ** 2).sum())
            d_o = float(((r - q.embed[level][int(oc[b, level, t])]) ** 2).sum())
            gap = abs(d_o - d_t) / (float((r * r).sum()) + 1e-12)
            out["frames"] += 1
            out["max_gap"] = max(out["max_gap"], gap)
            if abs(d_o - d_t) > TIE_TOL * float((r * r).sum()) + 1e-6:
                out["non_ties"] += 1
    return out


def parity(model, enc: Path, dec: Path, clips: list[np.ndarray]) -> dict:
    """Compare ORT and PyTorch on each clip alone and on a batch of two; returns figures."""
    hop = model.cfg.hop
    cases = [c[None] for c in clips]
    n = min(len(clips[0]), len(clips[1])) if len(clips) > 1 else len(clips[0])
    cases.append(np.stack([clips[0][:n], clips[-1][:n]]))
    worst = {"code_mismatches": 0, "codes_total": 0, "frames_differing": 0, "frames_total": 0,
             "non_tie_differences": 0, "max_tie_gap": 0.0, "min_tie_snr_db": 1e9,
             "max_abs_diff": 0.0, "min_snr_db": 1e9}
    for a in cases:
        a = a.astype(np.float32)
        with torch.no_grad():
            tc = model.encode(torch.from_numpy(a)).numpy()
        oc = ort.run(enc, {"audio": a}, ["codes"])[0]["codes"]
        assert oc.shape == tc.shape == (a.shape[0], model.cfg.levels, a.shape[1] // hop), (oc.shape, tc.shape)
        worst["code_mismatches"] += int((oc != tc).sum())
        worst["codes_total"] += int(tc.size)
        ties = first_level_ties(model, a, tc, oc)
        worst["frames_differing"] += ties["frames"]
        worst["frames_total"] += a.shape[0] * tc.shape[2]
        worst["non_tie_differences"] += ties["non_ties"]
        worst["max_tie_gap"] = max(worst["max_tie_gap"], ties["max_gap"])
        if ties["frames"]:  # the audio of ORT's codes must still be close to PyTorch's
            with torch.no_grad():
                ya = model.decode(torch.from_numpy(oc)).numpy()
                yt = model.decode(torch.from_numpy(tc)).numpy()
            worst["min_tie_snr_db"] = min(worst["min_tie_snr_db"], float(
                10 * np.log10((yt ** 2).sum() / max(((ya - yt) ** 2).sum(), 1e-20))))
        with torch.no_grad():
            ta = model.decode(torch.from_numpy(tc)).numpy()
        oa = ort.run(dec, {"codes": tc.astype(np.int64)}, ["audio"])[0]["audio"]
        assert oa.shape == ta.shape == a.shape, (oa.shape, ta.shape, a.shape)
        d = np.abs(oa - ta).max()
        snr = 10 * np.log10((ta ** 2).sum() / max(((oa - ta) ** 2).sum(), 1e-20))
        worst["max_abs_diff"] = max(worst["max_abs_diff"], float(d))
        worst["min_snr_db"] = min(worst["min_snr_db"], float(snr))
        # Absent levels (mask id K from the level half-way down): the graph must skip them as PyTorch does.
        absent = tc.astype(np.int64).copy()
        absent[:, model.cfg.levels // 2:] = model.cfg.codebook_size
        with torch.no_grad():
            tb = model.decode(torch.from_numpy(absent)).numpy()
        ob = ort.run(dec, {"codes": absent}, ["audio"])[0]["audio"]
        worst["max_abs_diff"] = max(worst["max_abs_diff"], float(np.abs(ob - tb).max()))
    worst["cases"] = len(cases)
    worst["ok"] = (worst["non_tie_differences"] == 0
                   and (worst["frames_differing"] <= max(1, 0.02 * worst["frames_total"])
                        or worst["min_tie_snr_db"] > 60)  # (duplicate codes: ties that decode alike)
                   and worst["min_tie_snr_db"] > 20
                   and worst["max_abs_diff"] < 1e-3 and worst["min_snr_db"] > 60)
    worst["codes_identical"] = worst["code_mismatches"] == 0
    return worst


def main(argv=None):
    ap = argparse.ArgumentParser(description="export the codec to ONNX, checked against ONNX Runtime")
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True, type=Path, help="pack folder")
    ap.add_argument("--fp16-checkpoint", type=Path, default=None,
                    help="also write a compact resumable fp16 checkpoint here (for committing)")
    ap.add_argument("--fp32", action="store_true",
                    help="store weights as float32 (default: tensors of > 1024 elements as fp16, computed in fp32)")
    ap.add_argument("--synthetic-check", action="store_true",
                    help="check on generated audio instead of held-out speech (tests only)")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, ck = load_codec(args.checkpoint)
    if not args.fp32:
        round_to_fp16(model)
    if not ort.available():
        sys.exit("onnxruntime-node not installed (node_modules/onnxruntime-node): refusing to export unchecked")
    if args.synthetic_check:
        from codec.train import synthetic_batch
        clips = list(synthetic_batch(3, 16000 * 2, np.random.default_rng(5)))
    else:
        clips = heldout_audio()
    with tempfile.TemporaryDirectory() as tmp:
        enc, dec = export_onnx(model, Path(tmp), fp16=not args.fp32)
        check = parity(model, enc, dec, clips)
        print(json.dumps({"parity": check}), flush=True)
        if not check["ok"]:
            sys.exit("ONNX Runtime does not match PyTorch: refusing to write " + str(args.out))
        args.out.mkdir(parents=True, exist_ok=True)
        files = {}
        for src in (enc, dec):
            shutil.copyfile(src, args.out / src.name)
            files[src.stem] = {"path": src.name, "bytes": src.stat().st_size, "sha256": sha256(src)}
    cfg = model.cfg
    info_path = args.out / "codec.json"
    info = json.loads(info_path.read_text()) if info_path.exists() else {}
    kept_fp16 = info.get("training", {}).get("fp16Checkpoint")  # a re-export keeps the committed one
    if info.get("files") and {k: v["sha256"] for k, v in info["files"].items()} != {k: v["sha256"] for k, v in files.items()}:
        stale = info.pop("evaluation", None)  # new weights: figures of the old ones must not stay attached
        if stale:
            print("codec weights changed: the previous evaluation is dropped (run eval.codec_eval again)")
    info.update({
        "config": cfg.to_dict(),
        "sampleRate": cfg.sample_rate, "hopLength": cfg.hop, "frameRate": cfg.sample_rate // cfg.hop,
        "levels": cfg.levels, "codebookSize": cfg.codebook_size,
        "bitrate_bps": cfg.levels * int(np.log2(cfg.codebook_size)) * cfg.sample_rate // cfg.hop,
        "parameters": sum(p.numel() for p in model.parameters()),
        "weights": "float32" if args.fp32 else f"float16 storage for tensors of > {FP16_MIN_SIZE} elements "
                   "(PyTorch reference rounded alike), float32 arithmetic",
        "training": {"steps": int(ck["step"]), "wallSeconds": round(float(ck["wall_seconds"]), 1),
                     "checkpoint": str(args.checkpoint),
                     **({"decoderAdaptation": ck["adapt"]} if ck.get("adapt") else {})},
        "files": files,
        "parity": {**check, "data": "synthetic" if args.synthetic_check else "held-out speech",
                   "runtime": "onnxruntime-node"},
    })
    if kept_fp16 and not args.fp16_checkpoint:
        info["training"]["fp16Checkpoint"] = kept_fp16
    if args.fp16_checkpoint:
        size = save_fp16(args.checkpoint, args.fp16_checkpoint)
        info["training"]["fp16Checkpoint"] = {"path": str(args.fp16_checkpoint), "bytes": size}
    info_path.write_text(json.dumps(info, indent=1) + "\n")
    print(json.dumps(files, indent=1))


if __name__ == "__main__":
    main()
