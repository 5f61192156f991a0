"""common.average: checkpoint weight averages (float tensors averaged, counters kept, mismatches named)."""
import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common.average import average_checkpoints, average_state_dicts  # noqa: E402


def net(seed):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))


def test_float_tensors_are_averaged_and_counters_kept(tmp_path):
    a, b = net(0), net(1)
    a[1].num_batches_tracked.fill_(5)
    b[1].num_batches_tracked.fill_(9)
    b[1].running_mean.fill_(2.0)
    paths = []
    for k, m in enumerate((a, b)):
        sd = {n: (v.half() if k == 0 and v.is_floating_point() else v) for n, v in m.state_dict().items()}  # a compact one
        paths.append(tmp_path / f"{k}.pt")
        torch.save({"model": sd, "opt": {"state": 1}, "config": {"dim": 4}, "steps": k}, paths[-1])
    ck = average_checkpoints(paths, tmp_path / "avg.pt")
    again = torch.load(tmp_path / "avg.pt")
    assert again["opt"] is None and again["steps"] == 1 and again["averaged_from"] == [str(p) for p in paths]
    want = (a[0].weight.half().float() + b[0].weight) / 2
    assert torch.allclose(ck["model"]["0.weight"], want) and ck["model"]["0.weight"].dtype == torch.float32
    assert torch.allclose(again["model"]["1.running_mean"], torch.full((4,), 1.0))
    assert int(again["model"]["1.num_batches_tracked"]) == 9
    m = net(2)
    m.load_state_dict(again["model"])  # loads into the model as it is


def test_mismatches_are_named(tmp_path):
    a, b = net(0).state_dict(), torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.BatchNorm1d(5)).state_dict()
    with pytest.raises(ValueError, match="0.weight is"):
        average_state_dicts([a, b])
    with pytest.raises(ValueError, match="other tensors"):
        average_state_dicts([a, {k: v for k, v in a.items() if k != "0.bias"}])
    with pytest.raises(ValueError, match="nothing"):
        average_state_dicts([])
    for k, cfg in enumerate(({"dim": 4}, {"dim": 8})):
        torch.save({"model": a, "config": cfg}, tmp_path / f"{k}.pt")
    with pytest.raises(ValueError, match="configs differ"):
        average_checkpoints([tmp_path / "0.pt", tmp_path / "1.pt"], tmp_path / "x.pt")
