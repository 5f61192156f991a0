"""Training transcripts spoken again, in other readers' voices, by the generator itself (issue 6).

The semantic tokenizer reads its training speakers far better than new ones (session 38: 22% against
34% phoneme errors); the corpus has few native readers with text (24 in librispeech-mini). The 247
training readers of librispeech-train-clean-100 have one clip each and no text. Here the default
pack's generator (T2S durations, SoundStorm, codec) speaks the training transcripts with a few seconds
of one of those readers as the voice prompt, so that the tokenizer hears the same phonemes in many
more voices. The phonemes are known by construction (the generator is given them), so the clip's
label is the transcript's G2P, as for every real clip; the frame labels come from forced alignment on
the tokenizer's frame head, as for any `--extra-cache` (`semantic.train.extra_rows`).

  /usr/bin/python3 -m semantic.revoice --minutes 50 --out .cache/revoice
  /usr/bin/python3 -m semantic.train ... --stage frame --extra-cache .cache/revoice

writes <out>/speech16k.int16, index.jsonl (split train, corpus "revoice", speaker "rv-<prompt reader>",
`source`: the transcript's clip, `prompt`: the prompt clip and offset), g2p_out.jsonl (the source
clip's symbols), manifest.json and READY. It appends: a second start goes on where the first stopped.
Held-out readers are never a prompt and held-out clips never a transcript. `--judge CHECKPOINT` records
each clip's CTC greedy phoneme error under that tokenizer (`judge_per`), a check on what the generator
said, not a filter.
"""
import argparse
import json
import os
import random
import time
from pathlib import Path

import numpy as np

from common.corpus_io import load_phonemes
from data.corpus import AUDIO_FILE, CACHE_DIR, INDEX_FILE, clip_audio, load_index
from semantic.train import ctc_targets, training_rows

CKPT = Path(__file__).resolve().parent.parent / "checkpoints"
SR = 16000


def prompt_pool(corpora, cache_dir=CACHE_DIR):
    """Training-split clips of the given corpora, at least 2 s long, as voice prompts."""
    rows = [r for r in load_index(split="train", corpus=set(corpora), cache_dir=cache_dir) if r["length"] >= 2 * SR]
    if not rows:
        raise SystemExit(f"no training clips of {', '.join(corpora)} to use as voice prompts")
    return rows


def transcript_pool(max_seconds, cache_dir=CACHE_DIR):
    """Training-split clips with text and phonemes (`symbols`), up to max_seconds: what gets spoken again."""
    rows = training_rows(max_seconds, cache_dir=cache_dir)
    if not rows:
        raise SystemExit("no training transcripts with phonemes (build the corpus cache and its G2P first)")
    return rows


def resume(out):
    """-> (rows already written, next audio offset); drops audio past the last complete row."""
    rows = []
    if (out / INDEX_FILE).exists():
        with open(out / INDEX_FILE) as f:
            for line in f:
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:  # a line cut short by a stop mid-write
                    break
    end = rows[-1]["offset"] + rows[-1]["length"] if rows else 0
    audio = out / AUDIO_FILE
    if audio.exists() and audio.stat().st_size != 2 * end:
        os.truncate(audio, 2 * end)
    with open(out / INDEX_FILE, "w") as f:  # rewritten whole: a cut line is gone
        f.writelines(json.dumps(r) + "\n" for r in rows)
    return rows, end


def build(out, speak, transcripts, prompts, seconds_budget, prompt_seconds=3.0, seed=0, judge=None,
          cache_dir=CACHE_DIR, log=print, max_clips=None):
    """Speaks transcripts (drawn in proportion to their length: each corpus as often as it has speech)
    in prompt voices until `seconds_budget` of wall time (or `max_clips`) is used.
    speak(symbols, prompt_audio, seed) -> float audio at 16 kHz; judge(audio, symbols) -> phoneme error.
    -> every row of <out>/index.jsonl."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if (out / "READY").exists():
        (out / "READY").unlink()
    rows, offset = resume(out)
    rng = random.Random(seed * 1_000_003 + len(rows))
    cum = np.cumsum([r["length"] for r in transcripts]).tolist()  # drawn in proportion to their length
    n = int(prompt_seconds * SR)
    t0, made = time.time(), 0
    with open(out / AUDIO_FILE, "ab") as fa, open(out / INDEX_FILE, "a") as fi:
        while time.time() - t0 < seconds_budget and (max_clips is None or made < max_clips):
            src, p = rng.choices(transcripts, cum_weights=cum)[0], rng.choice(prompts)
            start = rng.randrange(0, max(1, p["length"] - n))
            voice = clip_audio(p, cache_dir)[start:start + n]
            audio = np.asarray(speak(src["symbols"], voice, rng.randrange(1 << 30)), dtype=np.float32)
            peak = float(np.abs(audio).max()) if len(audio) else 0.0
            if len(audio) < SR // 2 or peak < 1e-3 or not np.isfinite(peak):
                log(f"skipped {src['path']} in {p['speaker']}'s voice: {len(audio)} samples, peak {peak:.2g}")
                continue
            audio = np.clip(audio / max(1.0, peak / 0.95), -1.0, 1.0)
            row = {"path": f"revoice/{p['speaker']}/{len(rows):06d}", "offset": offset, "length": len(audio),
                   "corpus": "revoice", "speaker": f"rv-{p['speaker']}", "gender": p.get("gender"), "age": None,
                   "text": src["text"], "split": "train", "heldout": None, "source": src["path"],
                   "prompt": {"path": p["path"], "offset": start, "samples": len(voice)}}
            if judge is not None:
                row["judge_per"] = round(float(judge(audio, src["symbols"])), 4)
            fa.write((audio * 32767).astype("<i2").tobytes())
            fa.flush()
            fi.write(json.dumps(row) + "\n")
            fi.flush()
            rows.append(row)
            offset += len(audio)
            made += 1
            if made % 50 == 0:
                log(f"{len(rows)} clips, {offset / SR / 3600:.3f} h, {time.time() - t0:.0f} s")
    phon = {r["path"]: r["symbols"] for r in transcripts}
    known = load_phonemes(out) if (out / "g2p_out.jsonl").exists() else {}
    with open(out / "g2p_out.jsonl", "w") as f:
        for r in rows:
            symbols = known.get(r["path"]) or phon.get(r["source"])
            if symbols:
                f.write(json.dumps({"id": r["path"], "symbols": symbols}) + "\n")
    judged = [r["judge_per"] for r in rows if "judge_per" in r]
    manifest = {"clips": len(rows), "hours": round(offset / SR / 3600, 4),
                "readers": len({r["speaker"] for r in rows}), "transcripts": len({r["source"] for r in rows}),
                **({"judge_per_mean": round(float(np.mean(judged)), 4)} if judged else {})}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    (out / "READY").touch()
    log(json.dumps(manifest))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(CACHE_DIR / "revoice"))
    ap.add_argument("--minutes", type=float, required=True, help="wall time to spend generating")
    ap.add_argument("--codec", default=str(CKPT / "codec-default.pt"))
    ap.add_argument("--semantic", default=str(CKPT / "semantic-conv-s25.pt"), help="the pack's prompt tokenizer")
    ap.add_argument("--t2s", default=str(CKPT / "t2s-default.pt"))
    ap.add_argument("--soundstorm", default=str(CKPT / "soundstorm-small.pt"))
    ap.add_argument("--prompt-corpus", action="append", default=None,
                    help="corpus whose training clips are the voices (default librispeech-train-clean-100)")
    ap.add_argument("--prompt-seconds", type=float, default=3.0)
    ap.add_argument("--max-seconds", type=float, default=16.0, help="longest transcript clip spoken again")
    ap.add_argument("--temperature", type=float, default=0.6)
    ap.add_argument("--guidance", type=float, default=3.0)
    ap.add_argument("--top-p", type=float, default=0.9)
    ap.add_argument("--prompt-filter", type=int, default=5)
    ap.add_argument("--judge", default=None, help="a tokenizer checkpoint whose CTC greedy reading is recorded")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    import torch

    from synthesize import Synthesizer
    torch.set_num_threads(args.threads)
    synth = Synthesizer(args.codec, args.semantic, args.t2s, args.soundstorm, prompt_filter=args.prompt_filter)

    def speak(symbols, voice, seed):
        return synth.speak(symbols, voice, seed=seed, temperature=args.temperature, guidance=args.guidance,
                           top_p=args.top_p)

    judge = None
    if args.judge:
        from eval.asr import edit_distance
        from semantic import ctc_lm
        from semantic.export import frame_input, load_semantic
        from semantic.vocab import encode
        model, ck = load_semantic(args.judge)

        @torch.no_grad()
        def judge(audio, symbols):
            ref = ctc_targets(encode(symbols, ck["inventory"]))
            lp = model.encoder(frame_input(audio))[0][0].log_softmax(-1).numpy()
            return edit_distance(ref, ctc_lm.greedy(lp)) / max(1, len(ref))

    prompts = prompt_pool(args.prompt_corpus or ["librispeech-train-clean-100"])
    transcripts = transcript_pool(args.max_seconds)
    print(f"{len(transcripts)} transcripts, {len(prompts)} voice prompts from "
          f"{len({p['speaker'] for p in prompts})} readers", flush=True)
    build(args.out, speak, transcripts, prompts, args.minutes * 60, args.prompt_seconds, args.seed, judge,
          log=lambda m: print(m, flush=True))


if __name__ == "__main__":
    main()
