"""The GPU machine's SoundStorm run (device/soundstorm.sh, device/collect.sh) and the options it uses,
run here on the CPU with a tiny model and token store (DEVICE=cpu), end to end."""
import os
import subprocess
import sys
import tarfile

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tests.test_prompt_tokens import write_store  # noqa: E402

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3"


def test_bf16_is_refused_on_the_cpu(tmp_path):
    write_store(tmp_path)
    r = subprocess.run([PYTHON, "-m", "soundstorm.train", "--config", "tiny", "--tokens", str(tmp_path), "--fresh",
                        "--run", str(tmp_path / "run"), "--bf16", "--max-steps", "1"],
                       cwd=HERE, capture_output=True, text=True)
    assert r.returncode != 0 and "--bf16 is for a CUDA device" in r.stderr


def test_device_script_trains_and_its_checkpoint_comes_back_whole(tmp_path):
    store = tmp_path / "tokens-test"
    store.mkdir()
    write_store(store)
    tgz = tmp_path / "tokens.tgz"
    with tarfile.open(tgz, "w:gz") as t:
        t.add(store, arcname="tokens-test")
    out, work = tmp_path / "out", tmp_path / "work"
    env = dict(os.environ, DEVICE="cpu", THREADS="1", PYTHON=PYTHON, TOKENS_TGZ=str(tgz), WORK=str(work), OUT=str(out))
    # tiny model, batches of 3, five steps, levels 0-1 (the store has 3): the rest is the script's own
    r = subprocess.run(["bash", "device/soundstorm.sh", "0.5", "--config", "tiny", "--batch", "3", "--max-steps", "5",
                        "--warmup", "2", "--train-levels", "2"], cwd=HERE, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    parts = sorted(p for p in os.listdir(out) if p.startswith("soundstorm.pt.part"))
    assert parts and (out / "train.log").read_text().count("saved") == 1
    run = tmp_path / "collected"
    r = subprocess.run(["bash", "device/collect.sh", str(out), str(run)], cwd=HERE, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    ck = torch.load(run / "last.pt", map_location="cpu")
    assert ck["steps"] == 5 and ck["batch"] == 3 and ck["train_levels"] == 2
    assert ck["config"]["dim"] == 48 and ck["opt"] is None  # compact: fp16 weights, no optimiser
    assert all(v.dtype == torch.float16 for v in ck["model"].values() if v.is_floating_point())
    # a damaged part is caught, not loaded
    with open(out / parts[0], "r+b") as f:
        f.write(b"\0\0\0\0")
    r = subprocess.run(["bash", "device/collect.sh", str(out), str(tmp_path / "bad")], cwd=HERE, capture_output=True, text=True)
    assert r.returncode != 0 and "checksum mismatch" in r.stderr
    assert not (tmp_path / "bad" / "last.pt").exists()
