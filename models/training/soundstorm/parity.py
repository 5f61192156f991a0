"""Greedy parity fixtures: what the Python oracle `generate()` decodes, for the TypeScript loop to match.

Each `soundstorm-*.json`: {pack, semantic [T], codes [Q][T] (mask id where unknown), fixed [T],
iterations [Q], temperature 0, expected [Q][T], passes}. `t2s.json`: {phonemes, prompt_semantic,
durations (float, compare with a tolerance)}.
"""
import json
import os

import numpy as np
import torch

from soundstorm.generate import generate


def soundstorm_case(model, sem, codes, fixed, iterations):
    K = model.cfg.codebook_size
    inp = codes.copy()
    inp[:, ~fixed] = K
    out, passes = generate(model, torch.from_numpy(sem), torch.from_numpy(inp), torch.from_numpy(fixed), iterations)
    return {"semantic": sem.tolist(), "codes": inp.tolist(), "fixed": fixed.tolist(), "iterations": iterations,
            "temperature": 0, "expected": out.tolist(), "passes": passes}


def write_fixtures(model, t2s_graph, store, folder, manifest):
    os.makedirs(folder, exist_ok=True)
    iterations = manifest["decoding"]["iterations"]
    held = [r for r in store.rows if r["split"] == "heldout" and r["frames"] >= 90][:2]
    cases = {}
    sem, codes = store.slice(held[0], 0, 80)
    fixed = np.zeros(80, dtype=bool)
    fixed[:30] = True
    cases["soundstorm-prompted"] = soundstorm_case(model, sem, codes, fixed, iterations)
    sem, codes = store.slice(held[1], 0, 90)
    fixed = np.ones(90, dtype=bool)
    fixed[40:65] = False
    cases["soundstorm-span"] = soundstorm_case(model, sem, codes, fixed, iterations)
    for name, case in cases.items():
        case["pack"] = manifest["name"]
        with open(os.path.join(folder, f"{name}.json"), "w") as f:
            json.dump(case, f)
        print(f"  fixture {name}: {case['passes']} passes")
    phon = np.asarray([2] + list(range(10, 30)) + [3] + list(range(30, 40)) + [5, 2], dtype=np.int64) % manifest["semantic"]["vocabSize"]
    prompt = store.slice(held[0], 0, 120)[0]
    with torch.no_grad():
        dur = t2s_graph(torch.from_numpy(phon)[None], torch.from_numpy(prompt)[None])[0].numpy()
    with open(os.path.join(folder, "t2s.json"), "w") as f:
        json.dump({"pack": manifest["name"], "phonemes": phon.tolist(), "prompt_semantic": prompt.tolist(),
                   "durations": [float(x) for x in dur]}, f)
