"""Reference text-to-speech with PyTorch checkpoints: the Python twin of the engine's pipeline.

  /usr/bin/python3 synthesize.py --codec C.pt --semantic S.pt --t2s T.pt --soundstorm M.pt \
      --prompt voice.wav --text "Hello there." -o out.wav [--seed 0] [--temperature 0.8] \
      [--guidance 3 --top-p 0.9 --prompt-filter 5]          # the default pack's decoding
Used by the evaluation (eval/generators_eval.py) and for listening while training.
"""
import argparse
import json
import os
import subprocess

import numpy as np
import soundfile as sf
import torch

from codec.train import load_codec
from export_pack import load_state
from semantic.export import load_semantic
from semantic.smooth import majority
from semantic.vocab import SIL, encode, phoneme_to_semantic
from soundstorm.generate import default_iterations, generate
from soundstorm.model import SoundStorm, SoundStormConfig
from t2s.model import DurationGraph, DurationModel, T2SConfig

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HOP = 320


def phonemize(texts):
    """Texts -> phoneme symbol lists through the engine's own G2P (main/engine/text/phonemize-cli.ts)."""
    lines = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts))
    out = subprocess.run(["npx", "tsx", "main/engine/text/phonemize-cli.ts"], input=lines, capture_output=True,
                         text=True, cwd=REPO, check=True).stdout
    rows = {r["id"]: r["symbols"] for r in map(json.loads, out.strip().splitlines())}
    return [rows[str(i)] for i in range(len(texts))]


def regulate(durations, ids, to_semantic, min_phone_frames=1, speed=1.0):
    """Fractional durations -> integer frames (rounding error carried forward) -> semantic tokens."""
    frames, carry = [], 0.0
    for d, i in zip(durations, ids):
        want = d / speed + carry
        n = int(round(want))
        if to_semantic[i] != SIL:
            n = max(n, min_phone_frames)
        carry = want - n
        frames.append(n)
    return np.repeat(np.asarray([to_semantic[i] for i in ids]), frames)


class Synthesizer:
    def __init__(self, codec, semantic, t2s, soundstorm, prompt_filter=0):
        self.prompt_filter = prompt_filter  # majority-filter width for the prompt's semantic tokens (0: off)
        self.codec, _ = load_codec(codec)
        self.semantic, ck = load_semantic(semantic)
        self.inventory = ck["inventory"]
        self.to_semantic = phoneme_to_semantic(self.inventory)
        model, _ = load_state(DurationModel, T2SConfig, t2s)
        self.t2s = DurationGraph(model).eval()
        self.storm, storm_ck = load_state(SoundStorm, SoundStormConfig, soundstorm)
        self.iterations = default_iterations(self.storm.cfg.levels, storm_ck.get("train_levels"))

    @torch.no_grad()
    def prompt(self, audio, seconds=3.0):
        """Prompt audio float32 [N] at 16 kHz -> (semantic [T], codes [Q,T])."""
        n = min(len(audio), int(seconds * 16000)) // HOP * HOP
        a = torch.from_numpy(audio[:n].astype(np.float32))[None]
        sem = self.semantic(a)[0]
        if self.prompt_filter > 1:
            sem = torch.tensor(majority(sem.tolist(), self.prompt_filter), dtype=sem.dtype)
        return sem, self.codec.encode(a)[0]

    @torch.no_grad()
    def speak(self, symbols, prompt_audio, seed=0, temperature=0.8, iterations=None, guidance=0.0, top_p=1.0,
              duration_scale=1.0):
        ids = encode(symbols, self.inventory)
        p_sem, p_codes = self.prompt(prompt_audio)
        dur = self.t2s(torch.tensor([ids]), p_sem[None])[0].numpy()
        target = torch.from_numpy(regulate(dur * duration_scale, ids, self.to_semantic)).long()
        Q, K = self.storm.cfg.levels, self.storm.cfg.codebook_size
        sem = torch.cat([p_sem, target])
        codes = torch.cat([p_codes, torch.full((Q, len(target)), K)], 1)
        fixed = torch.zeros(len(sem), dtype=torch.bool)
        fixed[: len(p_sem)] = True
        out, _ = generate(self.storm, sem, codes, fixed, iterations or self.iterations, temperature=temperature,
                          top_p=top_p, seed=seed, guidance=guidance)
        return self.codec.decode(out[None, :, len(p_sem):])[0].numpy()


def main():
    ap = argparse.ArgumentParser()
    for k in ("codec", "semantic", "t2s", "soundstorm", "prompt", "text"):
        ap.add_argument(f"--{k}", required=True)
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--temperature", type=float, default=0.8)
    ap.add_argument("--guidance", type=float, default=0.0, help="classifier-free guidance (a model trained with --cond-drop)")
    ap.add_argument("--top-p", type=float, default=1.0)
    ap.add_argument("--prompt-filter", type=int, default=0,
                    help="majority-filter width for the prompt's semantic tokens (the pack's semantic.promptFilter; 0: off)")
    ap.add_argument("--duration-scale", type=float, default=1.0, help="the pack's decoding.durationScale")
    args = ap.parse_args()
    torch.set_num_threads(1)
    synth = Synthesizer(args.codec, args.semantic, args.t2s, args.soundstorm, prompt_filter=args.prompt_filter)
    audio, sr = sf.read(args.prompt, dtype="float32", always_2d=True)
    audio = audio.mean(1)
    if sr != 16000:
        import torchaudio
        audio = torchaudio.functional.resample(torch.from_numpy(audio), sr, 16000).numpy()
    wav = synth.speak(phonemize([args.text])[0], audio, args.seed, args.temperature, guidance=args.guidance,
                      top_p=args.top_p, duration_scale=args.duration_scale)
    sf.write(args.out, wav, 16000)
    print(f"wrote {args.out}: {len(wav) / 16000:.2f} s")


if __name__ == "__main__":
    main()
