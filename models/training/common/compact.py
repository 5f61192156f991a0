"""Compact resumable checkpoints for committing: fp16 weights, no optimiser state, everything else
(config, inventory, steps, wall time, log) kept, so the next session resumes instead of restarting.

  /usr/bin/python3 -m common.compact runs/semantic-default/last.pt checkpoints/semantic-default.pt
"""
import os
import sys

import torch


def save_checkpoint(path, model, opt, **fields):
    """Atomic run checkpoint (write then rename): a crash mid-save never leaves a torn last.pt."""
    tmp = f"{path}.tmp"
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), **fields}, tmp)
    os.replace(tmp, path)


def save_compact(src, dst):
    ck = torch.load(src, map_location="cpu")
    ck["model"] = {k: v.half() if v.is_floating_point() else v for k, v in ck["model"].items()}
    ck["opt"] = None
    ck["compacted_from"] = str(src)
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    torch.save(ck, dst)
    return os.path.getsize(dst)


CHECKPOINTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "checkpoints")


def load_resumable(run_checkpoint, committed_name):
    """A run in progress (its last.pt), else the compact checkpoint a session committed
    (checkpoints/<committed_name>), else None."""
    for path in (run_checkpoint, os.path.join(CHECKPOINTS, committed_name)):
        if os.path.exists(path):
            return torch.load(path, map_location="cpu")
    return None


def load_weights(ck):
    """State dict in float32 from a run checkpoint or a compact one."""
    return {k: v.float() if v.is_floating_point() else v for k, v in ck["model"].items()}


if __name__ == "__main__":
    print(f"{save_compact(sys.argv[1], sys.argv[2]) / 1e6:.1f} MB")
