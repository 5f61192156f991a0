"""Synthetic speakers from Debian's speech synthesisers, for breadth (issue 6).

    /usr/bin/python3 models/training/data/synthetic.py build --hours 1 [--perturbed 2] [--seed 0]

writes ``models/training/.cache/synthetic/`` in the same form as the real-speech cache
(``speech16k.int16`` + ``index.jsonl`` + ``manifest.json`` + ``READY``), so that
``data.corpus.load_index(cache_dir=SYNTH_DIR)`` and ``RandomCrops(..., cache_dir=SYNTH_DIR)`` read it.

Voices (base speakers):
- espeak-ng: 8 English accents (en-us, en-gb, en-gb-scotland, en-gb-x-rp, en-gb-x-gbclan,
  en-gb-x-gbcwmd, en-029, en-us-nyc) x 12 variants (m1-m7, f1-f5); speaking rate drawn per utterance;
- flite: kal, kal16, awb, rms, slt;
- festival: kal_diphone, ked_diphone, cmu_us_slt_arctic_hts.
Every base voice also gives ``--perturbed`` further speakers, each a fixed (per speaker, seeded)
sox perturbation: vocal-tract/timbre factor (``speed`` f in [0.88, 1.14], then pitch and tempo
corrected), pitch shift in [-350, +350] cents and tempo in [0.88, 1.12].

Held out (never in a training set): the voices of HELDOUT_VOICES, one per engine family and more
(with all their perturbations), and every sentence that data.corpus.is_heldout_sentence() holds out.
Held-out voices all speak the same list of held-out sentences (so that "the same sentence by two
held-out voices" can be measured); training voices never speak a held-out sentence.

Text: sentences from Debian's fortunes-min (fortunes, literature, riddles) and the provided training
transcripts; numbers and symbols are spelled out (normalise_text).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from data.corpus import CACHE_DIR, SAMPLE_RATE, is_heldout_sentence, read_manifest, split_of  # noqa: E402

SYNTH_DIR = CACHE_DIR / "synthetic"
ESPEAK_ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd",
                  "en-029", "en-us-nyc"]
ESPEAK_VARIANTS = [f"m{i}" for i in range(1, 8)] + [f"f{i}" for i in range(1, 6)]
FLITE = {"kal": "M", "kal16": "M", "awb": "M", "rms": "M", "slt": "F"}
FESTIVAL = {"kal_diphone": "M", "ked_diphone": "M", "cmu_us_slt_arctic_hts": "F"}
HELDOUT_VOICES = {"espeak:en-gb-scotland+f3", "espeak:en-us-nyc+m4", "flite:rms", "festival:ked_diphone"}
FORTUNES = [Path("/usr/share/games/fortunes") / n for n in ("fortunes", "literature", "riddles")]


# ------------------------------------------------------------------------------------------- text

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
        "sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])
    if n < 1000:
        return _ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " and " + number_words(n % 100))
    for size, name in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            return number_words(n // size) + " " + name + ("" if rest == 0 else
                                                            (" and " if rest < 100 else " ") + number_words(rest))
    return str(n)


def _say_number(m: re.Match) -> str:
    s = m.group(0).replace(",", "")
    if "." in s:
        a, b = s.split(".", 1)
        return number_words(int(a)) + " point " + " ".join(_ONES[int(c)] for c in b)
    n = int(s)
    if 1100 <= n <= 2099 and n % 100 != 0 and len(s) == 4:  # read as a year
        return number_words(n // 100) + " " + (number_words(n % 100) if n % 100 >= 10 else "oh " + _ONES[n % 100])
    return number_words(n)


def normalise_text(text: str) -> str:
    """Spell out numbers and symbols, keep letters and . , ? ! ; : ' - ; collapse spaces."""
    t = text.replace("&", " and ").replace("%", " percent ").replace("@", " at ").replace("+", " plus ")
    t = re.sub(r"\$(\d[\d,]*(?:\.\d+)?)", r"\1 dollars", t)
    t = re.sub(r"\d[\d,]*(?:\.\d+)?", _say_number, t)
    t = re.sub(r"[\"()\[\]{}<>*_/\\|#~^`=]", " ", t)
    t = re.sub(r"[^A-Za-z.,?!;:' -]", " ", t)
    return re.sub(r"\s+([.,?!;:])", r"\1", " ".join(t.split()))


def sentences(max_words: int = 24, min_words: int = 3) -> list[str]:
    """Deterministic list of normalised English sentences (fortunes + training transcripts)."""
    out, seen = [], set()

    def add(s: str):
        s = normalise_text(s)
        n = len(s.split())
        key = s.lower()
        if min_words <= n <= max_words and key not in seen and re.search(r"[a-z]", s):
            seen.add(key)
            out.append(s)

    for f in FORTUNES:
        if not f.exists():
            continue
        for block in f.read_text(errors="ignore").split("\n%\n"):
            block = re.sub(r"\s+", " ", block).strip()
            if not block or "--" in block[:3]:
                continue
            block = re.sub(r"\s--\s?[A-Z].*$", "", block)  # attributions
            for s in re.split(r"(?<=[.?!])\s+", block):
                add(re.sub(r"^[QA]:\s*", "", s))
    for row in read_manifest():
        if row.get("text") and split_of(row)[0] == "train":
            t = row["text"]
            add(t.capitalize() + ("" if t[-1:] in ".?!" else ".") if t.isupper() else t)
    return out


# ------------------------------------------------------------------------------------------ voices

def base_voices() -> list[dict]:
    v = []
    for acc in ESPEAK_ACCENTS:
        for var in ESPEAK_VARIANTS:
            v.append({"engine": "espeak", "voice": f"{acc}+{var}", "gender": var[0].upper()})
    v += [{"engine": "flite", "voice": k, "gender": g} for k, g in FLITE.items()]
    v += [{"engine": "festival", "voice": k, "gender": g} for k, g in FESTIVAL.items()]
    for x in v:
        x["id"] = f"{x['engine']}:{x['voice']}"
    return v


def speakers(perturbed: int, seed: int) -> list[dict]:
    """Base voices plus ``perturbed`` seeded sox perturbations of each: speaker dicts."""
    out = []
    for b in base_voices():
        rng = np.random.default_rng([seed, abs(hash_str(b["id"]))])
        out.append({**b, "speaker": "syn-" + b["id"].replace(":", "-"), "formant": 1.0, "cents": 0.0,
                    "tempo": 1.0})
        for i in range(perturbed):
            out.append({**b, "speaker": f"syn-{b['id'].replace(':', '-')}-p{i + 1}",
                        "formant": round(float(rng.uniform(0.88, 1.14)), 3),
                        "cents": round(float(rng.uniform(-350, 350)), 1),
                        "tempo": round(float(rng.uniform(0.88, 1.12)), 3)})
    for s in out:
        s["split"] = "heldout" if s["id"] in HELDOUT_VOICES else "train"
    return out


def hash_str(s: str) -> int:
    import hashlib
    return int.from_bytes(hashlib.sha1(s.encode()).digest()[:4], "big")


def synthesise(spk: dict, text: str, rng: np.random.Generator, tmp: Path) -> np.ndarray:
    """One utterance -> int16 [N] at 16 kHz (engine, then the speaker's sox perturbation, then peak
    normalisation to -3 dBFS)."""
    wav = tmp / "u.wav"
    if spk["engine"] == "espeak":
        subprocess.run(["espeak-ng", "-v", spk["voice"], "-s", str(int(rng.uniform(140, 185))), "-w", str(wav),
                        text], check=True, capture_output=True)
    elif spk["engine"] == "flite":
        subprocess.run(["flite", "-voice", spk["voice"], "-t", text, "-o", str(wav)], check=True,
                       capture_output=True)
    else:
        (tmp / "t.txt").write_text(text + "\n")
        subprocess.run(["text2wave", "-eval", f"(voice_{spk['voice']})", str(tmp / "t.txt"), "-o", str(wav)],
                       check=True, capture_output=True)
    f, cents, tempo = spk["formant"], spk["cents"], spk["tempo"]
    effects = []
    if f != 1.0 or cents != 0.0 or tempo != 1.0:
        # speed f scales pitch, formants and duration; pitch/tempo then set the net pitch and tempo
        effects = ["speed", str(f), "pitch", str(round(cents - 1200 * math.log2(f), 1)), "tempo", "-s",
                   str(round(tempo / f, 4))]
    r = subprocess.run(["sox", str(wav), "-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-r",
                        str(SAMPLE_RATE), "-", *effects, "norm", "-3"], check=True, capture_output=True)
    return np.frombuffer(r.stdout, dtype="<i2")


def build(hours: float, perturbed: int = 2, seed: int = 0, out_dir: Path = SYNTH_DIR,
          heldout_sentences: int = 20) -> dict:
    t0 = time.time()
    out_dir.mkdir(parents=True, exist_ok=True)
    if (out_dir / "READY").exists():
        (out_dir / "READY").unlink()
    sents = sentences()
    train_s = [s for s in sents if not is_heldout_sentence(s)]
    held_s = [s for s in sents if is_heldout_sentence(s)][:heldout_sentences]
    spks = speakers(perturbed, seed)
    train_spk = [s for s in spks if s["split"] == "train"]
    held_spk = [s for s in spks if s["split"] == "heldout"]
    rng = np.random.default_rng(seed)
    target = hours * 3600 * SAMPLE_RATE
    offset = 0
    counts = {"train": 0, "heldout": 0}
    with open(out_dir / "speech16k.int16.tmp", "wb") as fa, open(out_dir / "index.jsonl.tmp", "w") as fi, \
            tempfile.TemporaryDirectory() as tmp:
        def emit(spk, text, split, reason):
            nonlocal offset
            x = synthesise(spk, text, rng, Path(tmp))
            fa.write(x.tobytes())
            fi.write(json.dumps({"path": f"synthetic/{spk['speaker']}/{counts[split]:06d}", "offset": offset,
                                 "length": int(len(x)), "corpus": "synthetic", "speaker": spk["speaker"],
                                 "gender": spk["gender"], "age": None, "text": text, "split": split,
                                 "heldout": reason, "engine": spk["engine"], "voice": spk["voice"],
                                 "formant": spk["formant"], "cents": spk["cents"], "tempo": spk["tempo"]}) + "\n")
            offset += len(x)
            counts[split] += 1

        for spk in held_spk:  # every held-out voice: the same held-out sentences
            for text in held_s:
                emit(spk, text, "heldout", "speaker")
        order = rng.permutation(len(train_s))
        i = 0
        while offset < target:
            # festival is ~30x slower per utterance than espeak/flite: give its voices fewer turns
            spk = train_spk[int(rng.integers(len(train_spk)))]
            if spk["engine"] == "festival" and rng.random() < 0.7:
                continue
            emit(spk, train_s[order[i % len(order)]], "train", None)
            i += 1
            if i % 200 == 0:
                print(f"{i} utterances, {offset / SAMPLE_RATE / 3600:.2f} h, {time.time() - t0:.0f} s", flush=True)
    os.replace(out_dir / "speech16k.int16.tmp", out_dir / "speech16k.int16")
    os.replace(out_dir / "index.jsonl.tmp", out_dir / "index.jsonl")
    manifest = {
        "hours": round(offset / SAMPLE_RATE / 3600, 3), "utterances": counts,
        "speakers": {"train": len(train_spk), "heldout": len(held_spk)},
        "heldoutVoices": sorted(HELDOUT_VOICES), "heldoutSentences": held_s,
        "recipe": {"command": f"data/synthetic.py build --hours {hours} --perturbed {perturbed} --seed {seed}",
                   "espeak": {"accents": ESPEAK_ACCENTS, "variants": ESPEAK_VARIANTS, "rate_wpm": [140, 185]},
                   "flite": sorted(FLITE), "festival": sorted(FESTIVAL),
                   "perturbation": {"formant": [0.88, 1.14], "cents": [-350, 350], "tempo": [0.88, 1.12],
                                    "per_voice": perturbed},
                   "text": "fortunes-min (fortunes, literature, riddles) + training transcripts, normalised",
                   "sentences": {"train": len(train_s), "heldout": len(held_s)}},
        "seconds_taken": round(time.time() - t0, 1),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    (out_dir / "READY").touch()
    return manifest


def main(argv=None):
    ap = argparse.ArgumentParser(description="build synthetic speakers")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--hours", type=float, default=1.0)
    b.add_argument("--perturbed", type=int, default=2)
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--heldout-sentences", type=int, default=20)
    b.add_argument("--out", type=Path, default=SYNTH_DIR)
    sub.add_parser("voices")
    args = ap.parse_args(argv)
    if args.cmd == "voices":
        for s in speakers(2, 0):
            print(s["speaker"], s["split"], s["formant"], s["cents"], s["tempo"])
        return
    m = build(args.hours, args.perturbed, args.seed, args.out, args.heldout_sentences)
    print(json.dumps({k: v for k, v in m.items() if k != "heldoutSentences"}, indent=1))


if __name__ == "__main__":
    main()
