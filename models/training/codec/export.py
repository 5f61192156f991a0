"""Export a codec checkpoint to ONNX (opset 17) for a model pack, checked in onnxruntime-node first.

    cd models/training
    /usr/bin/python3 -m codec.export --checkpoint runs/codec-tiny/last.pt --out ../tiny

writes ``codec_encoder.onnx`` (audio float32 [B,N] -> codes int64 [B,Q,T]) and
``codec_decoder.onnx`` (codes int64 [B,Q,T] -> audio float32 [B,N]) into --out, plus ``codec.json``
(config, parameters, training steps / wall time, file sizes and sha256, the parity figures; evaluation
figures are merged in later by eval/codec_eval.py). Before it writes anything into --out, it runs both
graphs in ONNX Runtime (onnxruntime-node, the app's runtime) on real held-out audio (and on a batch of
2 of different content) and compares with PyTorch: the codes must be identical and the decoded audio
close (max |diff| < 1e-3, SNR > 60 dB); otherwise it refuses (exit 1).
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
from codec.train import load_codec  # noqa: E402


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_onnx(model, folder: Path) -> tuple[Path, Path]:
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


def parity(model, enc: Path, dec: Path, clips: list[np.ndarray]) -> dict:
    """Compare ORT and PyTorch on each clip alone and on a batch of two; returns figures."""
    hop = model.cfg.hop
    cases = [c[None] for c in clips]
    n = min(len(clips[0]), len(clips[1])) if len(clips) > 1 else len(clips[0])
    cases.append(np.stack([clips[0][:n], clips[-1][:n]]))
    worst = {"code_mismatches": 0, "codes_total": 0, "max_abs_diff": 0.0, "min_snr_db": 1e9}
    for a in cases:
        a = a.astype(np.float32)
        with torch.no_grad():
            tc = model.encode(torch.from_numpy(a)).numpy()
        oc = ort.run(enc, {"audio": a}, ["codes"])[0]["codes"]
        assert oc.shape == tc.shape == (a.shape[0], model.cfg.levels, a.shape[1] // hop), (oc.shape, tc.shape)
        worst["code_mismatches"] += int((oc != tc).sum())
        worst["codes_total"] += int(tc.size)
        with torch.no_grad():
            ta = model.decode(torch.from_numpy(tc)).numpy()
        oa = ort.run(dec, {"codes": tc.astype(np.int64)}, ["audio"])[0]["audio"]
        assert oa.shape == ta.shape == a.shape, (oa.shape, ta.shape, a.shape)
        d = np.abs(oa - ta).max()
        snr = 10 * np.log10((ta ** 2).sum() / max(((oa - ta) ** 2).sum(), 1e-20))
        worst["max_abs_diff"] = max(worst["max_abs_diff"], float(d))
        worst["min_snr_db"] = min(worst["min_snr_db"], float(snr))
    worst["cases"] = len(cases)
    worst["ok"] = worst["code_mismatches"] == 0 and worst["max_abs_diff"] < 1e-3 and worst["min_snr_db"] > 60
    return worst


def main(argv=None):
    ap = argparse.ArgumentParser(description="export the codec to ONNX, checked against ONNX Runtime")
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True, type=Path, help="pack folder")
    ap.add_argument("--synthetic-check", action="store_true",
                    help="check on generated audio instead of held-out speech (tests only)")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, ck = load_codec(args.checkpoint)
    if not ort.available():
        sys.exit("onnxruntime-node not installed (node_modules/onnxruntime-node): refusing to export unchecked")
    if args.synthetic_check:
        from codec.train import synthetic_batch
        clips = list(synthetic_batch(3, 16000 * 2, np.random.default_rng(5)))
    else:
        clips = heldout_audio()
    with tempfile.TemporaryDirectory() as tmp:
        enc, dec = export_onnx(model, Path(tmp))
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
    info.update({
        "config": cfg.to_dict(),
        "sampleRate": cfg.sample_rate, "hopLength": cfg.hop, "frameRate": cfg.sample_rate // cfg.hop,
        "levels": cfg.levels, "codebookSize": cfg.codebook_size,
        "bitrate_bps": cfg.levels * int(np.log2(cfg.codebook_size)) * cfg.sample_rate // cfg.hop,
        "parameters": sum(p.numel() for p in model.parameters()),
        "training": {"steps": int(ck["step"]), "wallSeconds": round(float(ck["wall_seconds"]), 1),
                     "checkpoint": str(args.checkpoint)},
        "files": files,
        "parity": {**check, "data": "synthetic" if args.synthetic_check else "held-out speech",
                   "runtime": "onnxruntime-node"},
    })
    info_path.write_text(json.dumps(info, indent=1) + "\n")
    print(json.dumps(files, indent=1))


if __name__ == "__main__":
    main()
