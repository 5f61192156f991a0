"""Run an ONNX model in onnxruntime-node (the app's runtime) from Python, through ort_run.cjs.

There is no Python onnxruntime here; Node with the npm package in <repo>/node_modules is the judge.
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
ORT_NODE = REPO / "node_modules" / "onnxruntime-node"


def available() -> bool:
    import shutil
    return ORT_NODE.is_dir() and shutil.which("node") is not None


def run(model: str | Path, inputs: dict[str, np.ndarray], outputs: list[str], threads: int = 1,
        repeat: int = 1, cpu_seconds: bool = False) -> tuple[dict[str, np.ndarray], list[float]]:
    """inputs name -> array (float32 or int64); returns (name -> array, wall seconds per repeat), or
    with cpu_seconds (name -> array, (wall seconds, process CPU seconds) per repeat)."""
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        spec = {"model": str(Path(model).resolve()), "threads": threads, "repeat": repeat,
                "inputs": {}, "outputs": {}}
        for name, a in inputs.items():
            a = np.ascontiguousarray(a)
            dtype = {np.dtype("float32"): "float32", np.dtype("int64"): "int64"}[a.dtype]
            f = d / f"in_{name}.bin"
            a.astype(a.dtype.newbyteorder("<")).tofile(f)
            spec["inputs"][name] = {"dtype": dtype, "shape": list(a.shape), "file": str(f)}
        for name in outputs:
            spec["outputs"][name] = str(d / f"out_{name}.bin")
        (d / "spec.json").write_text(json.dumps(spec))
        r = subprocess.run(["node", str(HERE / "ort_run.cjs"), str(d / "spec.json")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"onnxruntime-node failed: {r.stderr.strip()[-2000:]}")
        info = json.loads(r.stdout.strip().splitlines()[-1])
        out = {}
        for name in outputs:
            o = info["outputs"][name]
            dt = {"float32": "<f4", "int64": "<i8"}[o["dtype"]]
            out[name] = np.fromfile(d / f"out_{name}.bin", dtype=dt).reshape(o["shape"])
        if cpu_seconds:
            return out, list(zip(info["seconds"], info["cpuSeconds"]))
        return out, info["seconds"]
