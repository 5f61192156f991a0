"""Weight averages of checkpoints of one run ("model soups"): every floating-point tensor of the
state dict averaged in float32 (batch-norm statistics included), integer tensors (step counters)
taken from the last checkpoint; config, inventory and the rest of the last checkpoint kept, no
optimiser state, and `averaged_from` lists the inputs.

  /usr/bin/python3 -m common.average OUT.pt IN1.pt IN2.pt [IN3.pt ...]
"""
import os
import sys

import torch


def average_state_dicts(states):
    """The mean of state dicts with the same keys and shapes; ValueError names the first mismatch."""
    if not states:
        raise ValueError("nothing to average")
    first = states[-1]
    for i, s in enumerate(states):
        if set(s) != set(first):
            diff = sorted(set(s) ^ set(first))
            raise ValueError(f"checkpoint {i + 1} has other tensors ({', '.join(diff[:3])}): not one model")
        for k, v in s.items():
            if v.shape != first[k].shape:
                raise ValueError(f"checkpoint {i + 1}: {k} is {tuple(v.shape)}, not {tuple(first[k].shape)}")
    return {k: (sum(s[k].float() for s in states) / len(states)) if v.is_floating_point() else v.clone()
            for k, v in first.items()}


def average_checkpoints(paths, out):
    cks = [torch.load(p, map_location="cpu") for p in paths]
    if any(c.get("config") != cks[-1].get("config") for c in cks):
        raise ValueError("the checkpoints' configs differ: not one model")
    ck = dict(cks[-1])
    ck["model"] = average_state_dicts([c["model"] for c in cks])
    ck["opt"] = None
    ck["averaged_from"] = [str(p) for p in paths]
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    torch.save(ck, out)
    return ck


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    try:
        average_checkpoints(sys.argv[2:], sys.argv[1])
    except ValueError as e:
        raise SystemExit(f"common.average: {e}")
    print(f"{sys.argv[1]}: the mean of {len(sys.argv) - 2} checkpoints")
