"""Pseudo-transcripts for the training clips that have no text (librispeech-train-clean-100: one clip
each of 247 readers), so that the semantic tokenizer can learn from their voices: Debian's
pocketsphinx (en-us, its own language model; `eval.asr.transcribe`) reads each clip, and the clips
become an extra cache for `semantic.train --extra-cache` (index.jsonl with the recognised words as
`text`, the corpus's audio file linked, not copied). The words are a recogniser's, errors included:
the phonemes then come from the app's G2P like every transcript's (README, Phonemes), and the frame
labels from forced alignment on the tokenizer's frame head (`semantic.train.extra_rows`).

  /usr/bin/python3 -m semantic.pseudo_label --corpus librispeech-train-clean-100 --out .cache/pseudo-tc100
  (cd ../.. && npx tsx main/engine/text/phonemize-cli.ts < models/training/.cache/pseudo-tc100/g2p_in.jsonl \
      > models/training/.cache/pseudo-tc100/g2p_out.jsonl)

Transcription resumes: clips already in <out>/transcripts.jsonl are not read again.
Only training-split clips are used; held-out speakers' clips never are.
"""
import argparse
import json
import os
import time
from pathlib import Path

from data.corpus import AUDIO_FILE, CACHE_DIR, INDEX_FILE, clip_audio, load_index


def read_transcripts(path):
    out = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    out[r["path"]] = r["text"]
    return out


def build(corpus, out, transcribe, cache_dir=CACHE_DIR, min_words=3, log=print):
    """Transcribes the training clips of `corpus` that lack text and writes the extra cache into `out`:
    transcripts.jsonl, index.jsonl (rows with `text`, split train), g2p_in.jsonl and a link to the
    corpus audio. Clips with fewer than `min_words` recognised words are left out. -> rows written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = [r for r in load_index(split="train", corpus=corpus, cache_dir=cache_dir) if not r.get("text")]
    if not rows:
        raise SystemExit(f"no training clips without text in corpus {corpus!r}")
    done = read_transcripts(out / "transcripts.jsonl")
    t0 = time.time()
    with open(out / "transcripts.jsonl", "a") as f:
        for k, r in enumerate(rows):
            if r["path"] in done:
                continue
            done[r["path"]] = " ".join(transcribe(clip_audio(r, cache_dir)))
            f.write(json.dumps({"path": r["path"], "text": done[r["path"]]}) + "\n")
            f.flush()
            if k % 20 == 0:
                log(f"{k + 1}/{len(rows)} clips read in {time.time() - t0:.0f} s")
    kept = [dict(r, text=done[r["path"]]) for r in rows if len(done[r["path"]].split()) >= min_words]
    with open(out / INDEX_FILE, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in kept)
    with open(out / "g2p_in.jsonl", "w") as f:
        f.writelines(json.dumps({"id": r["path"], "text": r["text"]}) + "\n" for r in kept)
    link = out / AUDIO_FILE
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(Path(cache_dir) / AUDIO_FILE, out))
    log(f"{len(kept)} of {len(rows)} clips kept (at least {min_words} words) in {out}")
    return kept


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="librispeech-train-clean-100")
    ap.add_argument("--out", default=str(CACHE_DIR / "pseudo-tc100"))
    ap.add_argument("--min-words", type=int, default=3)
    args = ap.parse_args()
    from eval.asr import transcribe
    build(args.corpus, args.out, transcribe, min_words=args.min_words, log=lambda m: print(m, flush=True))


if __name__ == "__main__":
    main()
