"""Synthetic speakers from Debian's speech synthesisers, for breadth beyond the 525 real speakers.

    /usr/bin/python3 data/synthetic.py build --hours 2 [--procs 2]

Engines: espeak-ng (English voices x variants), flite (kal, awb, rms, slt), festival (kal, ked,
cmu_us_slt_arctic_hts). Each engine voice is also pitch-, tempo- and timbre-perturbed with sox into
further speakers (a speaker = one voice + one fixed perturbation). Text: short fortunes (Debian
fortunes-min) and the real corpus's training transcripts, normalised by the engine's own
normaliser at G2P time. Output (git-ignored, beside the real corpus cache):
  synthetic16k.int16 + synthetic_index.jsonl (rows as in index.jsonl; corpus "synthetic",
  engine/voice/perturbation recorded) + SYNTHETIC_READY, and synthetic_summary.json (hours,
  speakers, held-out voices, the recipe).
Held-out voices (never trained on; every synthetic figure is measured on them): HELDOUT_VOICES,
four voices of three engines. Deterministic for a given --hours and --seed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from data.corpus import CACHE_DIR, SAMPLE_RATE, is_heldout_sentence, load_index  # noqa: E402

ESPEAK_BASES = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan"]
ESPEAK_VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m7", "f1", "f2", "f3", "f4", "f5", "klatt", "klatt3", "croak", "grandma", "Andy", "Annie", "belinda", "david", "steph"]
FLITE_VOICES = ["kal", "awb", "rms", "slt"]
FESTIVAL_VOICES = ["voice_kal_diphone", "voice_ked_diphone", "voice_cmu_us_slt_arctic_hts"]
HELDOUT_VOICES = {"flite:rms", "festival:voice_ked_diphone", "espeak:en-gb-scotland+f3", "espeak:en-029+m2"}
PERTURBATIONS = [  # (pitch cents, tempo factor, timbre speed factor): one speaker each
    (0, 1.0, 1.0), (-250, 1.0, 1.0), (250, 0.95, 1.0), (0, 1.08, 1.06), (-150, 0.92, 0.94), (300, 1.0, 1.1),
]


def engine_voices():
    voices = [f"espeak:{b}+{v}" for b in ESPEAK_BASES for v in ESPEAK_VARIANTS]
    voices += [f"flite:{v}" for v in FLITE_VOICES]
    if subprocess.run(["which", "text2wave"], capture_output=True).returncode == 0:
        voices += [f"festival:{v}" for v in FESTIVAL_VOICES]
    return voices


def sentences(rng):
    """Varied English text: short fortunes plus the real corpus's training transcripts."""
    out = []
    fortune_dir = "/usr/share/games/fortunes"
    if os.path.isdir(fortune_dir):
        for name in sorted(os.listdir(fortune_dir)):
            p = os.path.join(fortune_dir, name)
            if not os.path.isfile(p) or "." in name:
                continue
            for block in open(p, errors="ignore").read().split("\n%\n"):
                text = " ".join(block.split())
                if 20 <= len(text) <= 160 and re.fullmatch(r"[A-Za-z0-9 ,.;:'?!$%&()-]+", text):
                    out.append(text)
    for row in load_index(split="train", with_text=True):
        t = row["text"]
        out.append(t.capitalize() if t.isupper() else t)
    out = [t for t in out if not is_heldout_sentence(t)]
    rng.shuffle(out)
    return out


def synthesise(voice: str, text: str, path: str):
    engine, name = voice.split(":", 1)
    if engine == "espeak":
        subprocess.run(["espeak-ng", "-v", name, "-w", path, text], check=True, capture_output=True)
    elif engine == "flite":
        subprocess.run(["flite", "-voice", name, "-t", text, "-o", path], check=True, capture_output=True)
    else:
        subprocess.run(["text2wave", "-eval", f"({name})", "-o", path], input=text, text=True, check=True, capture_output=True)


def perturb(src: str, dst: str, pert):
    cents, tempo, timbre = pert
    effects = []
    if timbre != 1.0:  # speed shifts formants and pitch together; tempo restores the duration
        effects += ["speed", str(timbre), "tempo", "-s", str(1.0 / timbre)]
    if cents:
        effects += ["pitch", str(cents)]
    if tempo != 1.0:
        effects += ["tempo", "-s", str(tempo)]
    subprocess.run(["sox", src, "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", dst, *effects, "norm", "-3"],
                   check=True, capture_output=True)


def render(job):
    voice, pert, text = job
    import soundfile as sf
    with tempfile.TemporaryDirectory() as d:
        raw, out = os.path.join(d, "raw.wav"), os.path.join(d, "out.wav")
        try:
            synthesise(voice, text, raw)
            perturb(raw, out, pert)
            x, _ = sf.read(out, dtype="int16")
        except (subprocess.CalledProcessError, RuntimeError):
            return None
    return x


def build(hours: float, procs: int, seed: int, cache_dir: Path = CACHE_DIR):
    from multiprocessing import Pool
    rng = random.Random(seed)
    speakers = [(v, p) for v in engine_voices() for p in PERTURBATIONS]
    rng.shuffle(speakers)
    texts = sentences(rng)
    budget, total, t0 = hours * 3600 * SAMPLE_RATE, 0, time.time()
    audio_path, index_path = cache_dir / "synthetic16k.int16", cache_dir / "synthetic_index.jsonl"
    (cache_dir / "SYNTHETIC_READY").unlink(missing_ok=True)
    with open(audio_path, "wb") as fa, open(index_path, "w") as fi, Pool(procs) as pool:
        k = 0
        while total < budget:
            jobs = [(*speakers[(k + i) % len(speakers)], texts[(k + i) % len(texts)]) for i in range(64)]
            for (voice, pert, text), x in zip(jobs, pool.map(render, jobs)):
                if x is None or len(x) < SAMPLE_RATE // 2:
                    continue
                spk = f"synth-{voice}-{pert[0]}-{pert[1]}-{pert[2]}"
                split = "heldout" if voice in HELDOUT_VOICES else "train"
                fi.write(json.dumps({"path": f"synthetic/{spk}/{k}", "offset": total, "length": int(len(x)),
                                     "corpus": "synthetic", "speaker": spk, "gender": None, "text": text, "split": split,
                                     "heldout": "speaker" if split == "heldout" else None,
                                     "engine": voice.split(":")[0], "voice": voice, "perturbation": list(pert)}) + "\n")
                fa.write(x.astype("<i2").tobytes())
                total += len(x)
            k += len(jobs)
            print(f"{total / SAMPLE_RATE / 3600:.2f} h synthesised in {time.time() - t0:.0f} s", flush=True)
    summary = {"hours": total / SAMPLE_RATE / 3600, "speakers": len(speakers), "voices": len(engine_voices()),
               "heldout_voices": sorted(HELDOUT_VOICES), "perturbations": PERTURBATIONS, "seed": seed,
               "recipe": "data/synthetic.py build --hours %s --seed %s" % (hours, seed), "seconds_taken": time.time() - t0}
    (cache_dir / "synthetic_summary.json").write_text(json.dumps(summary, indent=1))
    (cache_dir / "SYNTHETIC_READY").touch()
    return summary


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--hours", type=float, default=2.0)
    b.add_argument("--procs", type=int, default=2)
    b.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    print(json.dumps(build(args.hours, args.procs, args.seed), indent=1))


if __name__ == "__main__":
    main()
