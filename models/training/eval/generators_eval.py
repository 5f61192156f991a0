"""Evaluation of a pack's generators on held-out speakers and sentences (issue: the generators).

  /usr/bin/python3 -m eval.generators_eval --codec C.pt --semantic S.pt --t2s T.pt --soundstorm M.pt \
      --out runs/eval-default.json [--per-speaker 4]

- Intelligibility: each held-out real speaker is prompted with 3 s of one of their clips and speaks
  the transcripts of their other clips; pocketsphinx WER on the generated speech vs on their real
  recordings of the same sentences. The same for synthetic voices (flite voices, never trained on):
  prompt = the synthesiser saying one sentence; reference = the synthesiser saying the target.
- Voice: cosine similarity (eval speaker encoder, speaker/train.py) of each generated clip to its own
  prompt vs to the other speakers' prompts.
"""
import argparse
import json
import os
import random
import subprocess
import tempfile
import time
from collections import defaultdict

import numpy as np
import soundfile as sf
import torch

from data.corpus import clip_audio, load_index
from eval.asr import corpus_wer, normalise, transcribe
from synthesize import Synthesizer, phonemize

FLITE_VOICES = ["kal", "rms", "slt", "awb"]
SYNTH_SENTENCES = [
    "The little boat drifted slowly toward the harbour lights.",
    "Please remember to water the plants before you leave on Friday.",
    "Nobody expected the old bridge to survive another winter.",
    "She opened the letter and read it twice before saying a word.",
]


def flite(voice, text):
    with tempfile.TemporaryDirectory() as d:
        raw, out = os.path.join(d, "r.wav"), os.path.join(d, "o.wav")
        subprocess.run(["flite", "-voice", voice, "-t", text, "-o", raw], check=True)
        subprocess.run(["sox", raw, "-r", "16000", "-c", "1", out], check=True)
        audio, _ = sf.read(out, dtype="float32")
    return audio


def main():
    ap = argparse.ArgumentParser()
    for k in ("codec", "semantic", "t2s", "soundstorm"):
        ap.add_argument(f"--{k}", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-speaker", type=int, default=4)
    ap.add_argument("--skip", type=int, default=0,
                    help="skip each real speaker's first N target clips (a second, disjoint set of sentences; the "
                         "prompt stays the speaker's first clip)")
    ap.add_argument("--no-synthetic", action="store_true", help="real held-out speakers only")
    ap.add_argument("--temperature", type=float, default=0.8)
    ap.add_argument("--top-p", type=float, default=0.9,
                    help="nucleus sampling (the default pack's decoding.topP; figures before session 6 used 1.0)")
    ap.add_argument("--guidance", type=float, default=0.0, help="classifier-free guidance weight")
    ap.add_argument("--seed", type=int, default=0, help="sampling seed of every clip (a second draw of the same set)")
    ap.add_argument("--duration-scale", type=float, default=1.0,
                    help="T2S durations x this before length regulation (the pack's decoding.durationScale)")
    ap.add_argument("--prompt-filter", type=int, default=0,
                    help="majority-filter width (frames) for the prompt's semantic tokens (the pack's semantic.promptFilter)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    rng = random.Random(0)
    synth = Synthesizer(args.codec, args.semantic, args.t2s, args.soundstorm, prompt_filter=args.prompt_filter)
    held = [r for r in load_index(split="heldout") if r["heldout"] == "speaker" and r["text"] and r["length"] > 3 * 16000]
    by = defaultdict(list)
    for r in held:
        by[r["speaker"]].append(r)
    jobs = []  # (voice, prompt audio, text, reference audio)
    for spk, rows in sorted(by.items()):
        rows = sorted(rows, key=lambda r: r["path"])
        prompt = clip_audio(rows[0])
        for r in rows[1 + args.skip:1 + args.skip + args.per_speaker]:
            jobs.append(("real", spk, prompt, r["text"].lower(), clip_audio(r)))
    for v in [] if args.no_synthetic else FLITE_VOICES:
        prompt = flite(v, SYNTH_SENTENCES[0])
        for s in SYNTH_SENTENCES[1:]:
            jobs.append(("synthetic", f"flite-{v}", prompt, s, flite(v, s)))
    symbols = phonemize([j[3] for j in jobs])
    results = defaultdict(lambda: {"real": [], "generated": []})
    gen_audio, t_gen, gen_seconds = [], 0.0, 0.0
    for (kind, voice, prompt, text, ref), sym in zip(jobs, symbols):
        t0 = time.time()
        wav = synth.speak(sym, prompt, seed=args.seed, temperature=args.temperature, guidance=args.guidance,
                           top_p=args.top_p, duration_scale=args.duration_scale)
        t_gen += time.time() - t0
        gen_seconds += len(wav) / 16000
        gen_audio.append((voice, prompt, wav))
        words = normalise(text)
        results[kind]["real"].append((words, transcribe(ref)))
        results[kind]["generated"].append((words, transcribe(wav)))
    figures = {}
    for kind, r in results.items():
        real, gen = corpus_wer(r["real"]), corpus_wer(r["generated"])
        figures[f"wer_{kind}_reference"] = round(real, 4)
        figures[f"wer_{kind}_generated"] = round(gen, 4)
        figures[f"wer_{kind}_ratio"] = round(gen / max(real, 1e-6), 3)
        figures[f"clips_{kind}"] = len(r["real"])
    try:
        from speaker.train import load_speaker_encoder
        enc = load_speaker_encoder()
        prompts = {}
        for voice, prompt, _ in gen_audio:
            prompts.setdefault(voice, prompt)
        with torch.no_grad():
            pe = {v: enc.embed(torch.from_numpy(p[: 16000 * 4].copy())[None])[0] for v, p in prompts.items()}
            own, other = [], []
            for voice, _, wav in gen_audio:
                e = enc.embed(torch.from_numpy(wav.copy())[None])[0]
                own.append(float(e @ pe[voice]))
                other += [float(e @ x) for v, x in pe.items() if v != voice]
        figures["similarity_to_own_prompt"] = round(float(np.mean(own)), 4)
        figures["similarity_to_other_prompts"] = round(float(np.mean(other)), 4)
        figures["speaker_encoder"] = enc.figures
    except FileNotFoundError:
        figures["similarity"] = "no speaker encoder (python -m speaker.train, or checkpoints/speaker.pt)"
    figures["pytorch_generation_rtf"] = round(t_gen / max(gen_seconds, 1e-6), 3)
    figures["temperature"] = args.temperature
    figures["guidance"] = args.guidance
    figures["top_p"] = args.top_p
    figures["prompt_filter"] = args.prompt_filter
    figures["seed"] = args.seed
    figures["duration_scale"] = args.duration_scale
    with open(args.out, "w") as f:
        json.dump(figures, f, indent=1)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
