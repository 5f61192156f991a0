"""Codec evaluation on held-out LibriSpeech speakers: intelligibility, spectral distance, speed.

    cd models/training
    /usr/bin/python3 -m eval.codec_eval --pack ../default [--checkpoint runs/codec-default/last.pt]
        [--per-speaker 3] [--asr-versions original,codec,opus12] [--out eval-codec.json]

For each held-out clip (the LibriSpeech-mini held-out speakers of data/corpus.py, the first
--per-speaker clips of each, up to --max-seconds long) it makes
- the codec round trip: through the pack's ONNX files in onnxruntime-node (what ships), or through a
  PyTorch checkpoint with --checkpoint and no --pack;
- Opus at 12 kbit/s (opusenc --bitrate 12, opusdec --rate 16000) and, for scale, 6 kbit/s;
and reports
- word error rate of Debian's pocketsphinx (eval/asr.py: pocketsphinx_continuous with its default
  en-us model, as the generators' evaluation uses) on the originals and on each version, and the
  ratio version / original;
- log-spectral distance to the original: STFT n_fft 1024, hop 256, Hann; power spectra with a floor
  of 1e-10; per frame sqrt(mean over bins of (10 log10 P_ref - 10 log10 P)^2), over the frames of
  the original within 50 dB of its loudest frame; averaged over all such frames of all clips (dB);
- cepstral distance to the original, the spectral envelope a recogniser's front end reads
  (pocketsphinx's: 40 mel bands 133-6855 Hz, 25.6 ms Hamming window, 10 ms hop, c1-c12 of the
  orthonormal DCT of the log mel magnitude, with the clip's mean removed): per frame (10 / ln 10) sqrt(2 sum_k (c_k - c'_k)^2) (dB, the
  usual mel-cepstral distortion scale), over the same kept frames; it ignores gain and harmonic
  detail, which the LSD counts;
- ONNX Runtime speed of encoder + decoder on a 10 s held-out excerpt (x real time, 1 and 2 threads,
  median of 5 runs after a warm-up; wall time and process CPU time, with the load average, since the
  machine is shared).
With --pack, the figures are merged into <pack>/codec.json under "evaluation". --levels N makes the
round trip through the first N levels only (the levels a pack's SoundStorm generates), filed under
"evaluation.levelsN".
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf
import torch

TRAINING = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TRAINING))

from data.corpus import SAMPLE_RATE, clip_audio, load_index  # noqa: E402
from eval.asr import corpus_wer, edit_distance, normalise, transcribe  # noqa: E402

HYP_CACHE = TRAINING / ".cache" / "codec_eval_hyps.json"  # recogniser output for originals and Opus


def heldout_clips(per_speaker: int, max_seconds: float) -> list[dict]:
    out, count = [], {}
    for e in load_index("heldout", corpus="librispeech-mini", with_text=True):
        if e["heldout"] != "speaker" or e["length"] > max_seconds * SAMPLE_RATE:
            continue
        if count.get(e["speaker"], 0) >= per_speaker:
            continue
        count[e["speaker"]] = count.get(e["speaker"], 0) + 1
        out.append(e)
    return out


def opus_round_trip(x: np.ndarray, kbps: float, tmp: Path) -> np.ndarray:
    src, enc, dec = tmp / "o.wav", tmp / "o.opus", tmp / "d.wav"
    sf.write(src, x, SAMPLE_RATE, subtype="PCM_16")
    subprocess.run(["opusenc", "--quiet", "--bitrate", str(kbps), str(src), str(enc)], check=True)
    subprocess.run(["opusdec", "--quiet", "--rate", str(SAMPLE_RATE), str(enc), str(dec)], check=True)
    y = sf.read(dec, dtype="float32")[0]
    return fit(y, len(x))


def fit(y: np.ndarray, n: int) -> np.ndarray:
    return y[:n] if len(y) >= n else np.pad(y, (0, n - len(y)))


def lsd_frames(ref: np.ndarray, test: np.ndarray, n_fft: int = 1024, hop: int = 256,
               range_db: float = 50.0) -> np.ndarray:
    """Per-frame log-spectral distance (dB) over the frames of ref within range_db of its loudest."""
    w = torch.hann_window(n_fft)
    def power(x):
        s = torch.stft(torch.from_numpy(x.astype(np.float32)), n_fft, hop, window=w, return_complex=True)
        return (s.abs() ** 2).numpy() + 1e-10  # [bins, frames]
    pr, pt = power(ref), power(test)
    e = 10 * np.log10(pr.sum(0))
    keep = e >= e.max() - range_db
    d = 10 * np.log10(pr) - 10 * np.log10(pt)
    return np.sqrt((d ** 2).mean(0))[keep]


_CEPSTRUM = {}


def _front_end():
    if "fb" not in _CEPSTRUM:
        import torchaudio
        _CEPSTRUM["fb"] = torchaudio.functional.melscale_fbanks(257, 133.33, 6855.5, 40, 16000, norm=None, mel_scale="htk")
        n = torch.arange(40, dtype=torch.float32)
        _CEPSTRUM["dct"] = torch.cos(np.pi / 40 * (n + 0.5) * torch.arange(13, dtype=torch.float32)[:, None])
        _CEPSTRUM["win"] = torch.hamming_window(410)
    return _CEPSTRUM["fb"], _CEPSTRUM["dct"], _CEPSTRUM["win"]


def cepstra_torch(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """pocketsphinx's front end on a batch [B,N] (differentiable): 25.6 ms Hamming, 10 ms hop, 40 mel
    bands 133-6855 Hz, orthonormal DCT-II of the log mel magnitude. -> (c0..c12 [B,13,frames] with each
    clip's mean removed, mel band energy in dB [B,frames])."""
    fb, dct, win = (t.to(x.device) for t in _front_end())
    s = torch.stft(x, 512, 160, 410, window=win, return_complex=True)
    mel = fb.T @ (s.real ** 2 + s.imag ** 2)  # [B, 40, frames]
    c = np.sqrt(2 / 40) * dct @ (0.5 * torch.log(mel + 1e-10))  # orthonormal DCT of log magnitude
    return c - c.mean(-1, keepdim=True), 10 * torch.log10(mel.sum(1).detach() + 1e-10)


def cepstra_pair(ref: np.ndarray, test: np.ndarray, range_db: float = 50.0
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """-> (ref's c1-c12 [12, n], test's [12, n], the mask [n] of ref's frames within range_db of its
    loudest), each clip's mean removed, over the frames both have."""
    with torch.no_grad():
        (cr, er), (ct, _) = (cepstra_torch(torch.from_numpy(v.astype(np.float32))[None]) for v in (ref, test))
    n = min(cr.shape[-1], ct.shape[-1])
    e = er[0, :n].numpy()
    return cr[0, 1:, :n].numpy(), ct[0, 1:, :n].numpy(), e >= e.max() - range_db


def cepstral_db(d: np.ndarray) -> np.ndarray:
    """Cepstral differences [12, frames] -> each frame's cepstral distance in dB."""
    return 10 / np.log(10) * np.sqrt(2 * (d ** 2).sum(0))


def cepstral_frames(ref: np.ndarray, test: np.ndarray, range_db: float = 50.0) -> np.ndarray:
    """Per-frame cepstral distance (dB) over c1-c12, frames of ref within range_db of its loudest."""
    cr, ct, keep = cepstra_pair(ref, test, range_db)
    return cepstral_db(cr - ct)[keep]


def codec_round_trip_ort(pack: Path, x: np.ndarray, levels: int | None = None, mask_id: int | None = None,
                         offset: int = 0) -> np.ndarray:
    """levels: keep only the first N levels (the rest marked absent with mask_id, the codebook size,
    as a pack whose SoundStorm generates N levels leaves them); offset as in codec_round_trip_torch."""
    from codec import ort
    x = np.concatenate([np.zeros(offset, np.float32), x.astype(np.float32)])
    n = len(x) // 320 * 320
    codes = ort.run(pack / "codec_encoder.onnx", {"audio": x[None, :n]}, ["codes"])[0]["codes"]
    if levels is not None:
        codes = codes.copy()
        codes[:, levels:] = mask_id
    y = ort.run(pack / "codec_decoder.onnx", {"codes": codes}, ["audio"])[0]["audio"][0]
    return fit(y, len(x))[offset:]


def codec_round_trip_torch(model, x: np.ndarray, levels: int | None = None, offset: int = 0) -> np.ndarray:
    """The PyTorch codec's round trip of x (first `levels` levels), read after `offset` samples of
    silence (a moved frame grid) and cut back to x's own span."""
    hop = model.cfg.hop
    xo = np.concatenate([np.zeros(offset, np.float32), x.astype(np.float32)])
    n = len(xo) // hop * hop
    with torch.no_grad():
        y = model.decode(model.encode(torch.from_numpy(xo[None, :n]))[:, :levels])[0].numpy()
    return fit(y, len(xo))[offset:]


def ort_speed(pack: Path, x: np.ndarray, threads: int) -> dict:
    """Encoder + decoder in onnxruntime-node on x: median wall time of 5 runs after a warm-up, and the
    process CPU time (with 1 thread, the figure that the other jobs on a shared machine do not inflate)."""
    from codec import ort
    n = len(x) // 320 * 320
    a = x[None, :n].astype(np.float32)
    out, te = ort.run(pack / "codec_encoder.onnx", {"audio": a}, ["codes"], threads=threads, repeat=6,
                      cpu_seconds=True)
    _, td = ort.run(pack / "codec_decoder.onnx", {"codes": out["codes"]}, [], threads=threads, repeat=6,
                    cpu_seconds=True)
    enc, dec = float(np.median([t[0] for t in te[1:]])), float(np.median([t[0] for t in td[1:]]))
    cpu = float(np.median([t[1] for t in te[1:]])) + float(np.median([t[1] for t in td[1:]]))
    secs = n / SAMPLE_RATE
    import os
    return {"threads": threads, "seconds_audio": secs, "encode_s": round(enc, 4), "decode_s": round(dec, 4),
            "x_realtime": round(secs / (enc + dec), 1), "cpu_s": round(cpu, 4),
            "x_realtime_cpu": round(secs / cpu, 1), "load_average": round(os.getloadavg()[0], 1)}


def main(argv=None):
    ap = argparse.ArgumentParser(description="evaluate the codec on held-out speakers")
    ap.add_argument("--pack", type=Path, default=None, help="pack folder with codec_*.onnx (ORT round trip)")
    ap.add_argument("--checkpoint", default=None, help="PyTorch checkpoint (round trip when no --pack)")
    ap.add_argument("--per-speaker", type=int, default=3)
    ap.add_argument("--max-seconds", type=float, default=20.0)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--no-asr", action="store_true", help="skip pocketsphinx (LSD and speed only)")
    ap.add_argument("--levels", type=int, default=None,
                    help="round trip through the first N levels only (the levels a pack's SoundStorm generates); "
                         "the figures then go under evaluation.levels<N> in codec.json")
    ap.add_argument("--asr-versions", default="original,codec,opus12",
                    help="versions the recogniser reads (comma list of original, codec, opus12, opus6); the "
                         "originals' and Opus's hypotheses are cached in .cache/codec_eval_hyps.json")
    ap.add_argument("--offset", type=int, default=0,
                    help="the codec reads each clip after this many samples of silence (its frame grid moves; "
                         "the figures are taken on the clip's own span): one codec's spread over offsets is the "
                         "noise floor of a comparison between codecs")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    t0 = time.time()
    clips = heldout_clips(args.per_speaker, args.max_seconds)
    model = None
    mask_id = None
    if args.pack is not None and args.levels is not None:
        mask_id = json.loads((args.pack / "codec.json").read_text())["config"]["codebook_size"]
    if args.pack is None and args.checkpoint:
        from codec.train import load_codec
        model, _ = load_codec(args.checkpoint)

    versions = {"original": {}, "codec": {}, "opus12": {}, "opus6": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for i, e in enumerate(clips):
            x = clip_audio(e)
            name = f"c{i:03d}"
            versions["original"][name] = x
            if args.pack is not None:
                versions["codec"][name] = codec_round_trip_ort(args.pack, x, args.levels, mask_id, args.offset)
            elif model is None:  # no codec given: originals and Opus only
                versions["codec"][name] = x
            else:
                versions["codec"][name] = codec_round_trip_torch(model, x, args.levels, args.offset)
            versions["opus12"][name] = opus_round_trip(x, 12, tmp)
            versions["opus6"][name] = opus_round_trip(x, 6, tmp)
        refs = {f"c{i:03d}": normalise(e["text"]) for i, e in enumerate(clips)}
        paths = {f"c{i:03d}": e["path"] for i, e in enumerate(clips)}
        by_speaker = {s: [f"c{i:03d}" for i, e in enumerate(clips) if e["speaker"] == s]
                      for s in sorted({e["speaker"] for e in clips})}
        hyp_cache = json.loads(HYP_CACHE.read_text()) if HYP_CACHE.exists() else {}
        per_clip = {}
        n_words = sum(len(r) for r in refs.values())
        result = {"clips": len(clips), "speakers": sorted({e["speaker"] for e in clips}),
                  "seconds": round(sum(e["length"] for e in clips) / SAMPLE_RATE, 1), "words": n_words,
                  "source": str(args.pack) if args.pack is not None else str(args.checkpoint),
                  **({"levels": args.levels} if args.levels else {}),
                  **({"offset": args.offset} if args.offset else {})}
        for v, wavs in versions.items():
            r = {}
            if v != "original":
                fr = {k: lsd_frames(versions["original"][k], wavs[k]) for k in wavs}
                cd = {k: cepstral_frames(versions["original"][k], wavs[k]) for k in wavs}
                r["lsd_db"] = round(float(np.concatenate(list(fr.values())).mean()), 2)
                r["cepstral_db"] = round(float(np.concatenate(list(cd.values())).mean()), 2)
                r["distances_per_speaker"] = {
                    s: [round(float(np.concatenate([fr[k] for k in ks]).mean()), 2),
                        round(float(np.concatenate([cd[k] for k in ks]).mean()), 2)]
                    for s, ks in by_speaker.items()}
            if not args.no_asr and v in args.asr_versions.split(","):
                hyps = {}
                for k in refs:
                    key = f"{v}:{paths[k]}"
                    if v != "codec" and key in hyp_cache:  # originals and Opus do not change
                        hyps[k] = hyp_cache[key]
                    else:
                        hyps[k] = transcribe(wavs[k])
                        if v != "codec":
                            hyp_cache[key] = hyps[k]
                            HYP_CACHE.parent.mkdir(parents=True, exist_ok=True)
                            HYP_CACHE.write_text(json.dumps(hyp_cache))
                r["wer"] = round(corpus_wer([(refs[k], hyps[k]) for k in refs]), 4)
                for k in refs:  # word errors per clip: where a set's difference comes from
                    per_clip.setdefault(k, {"path": paths[k], "seconds": round(len(versions["original"][k]) / SAMPLE_RATE, 2),
                                            "words": len(refs[k]), "errors": {}})["errors"][v] = edit_distance(refs[k], hyps[k])
                r["wer_per_speaker"] = {s: round(corpus_wer([(refs[k], hyps[k]) for k in ks]), 4)
                                        for s, ks in by_speaker.items()}
            result[v] = r
            print(v, r, flush=True)
        if "wer" in result["original"]:
            for v in [v for v in ("codec", "opus12", "opus6") if "wer" in result[v]]:
                result[v]["wer_ratio"] = round(result[v]["wer"] / max(result["original"]["wer"], 1e-9), 3)
    if args.pack is not None and args.levels is None:
        ten = np.concatenate([versions["original"][k] for k in sorted(versions["original"])])[: 10 * SAMPLE_RATE]
        result["ort_speed"] = [ort_speed(args.pack, ten, 1), ort_speed(args.pack, ten, 2)]
    result["eval_seconds"] = round(time.time() - t0, 1)
    print(json.dumps(result, indent=1))
    if args.out:  # the per-clip errors go to --out only, not into a pack's codec.json
        args.out.write_text(json.dumps({**result, **({"per_clip": per_clip} if per_clip else {})}, indent=1) + "\n")
    if args.pack is not None and (args.pack / "codec.json").exists() and not args.offset:
        info = json.loads((args.pack / "codec.json").read_text())
        if args.levels:
            info.setdefault("evaluation", {})[f"levels{args.levels}"] = result
        else:
            info["evaluation"] = {**result, **{k: v for k, v in info.get("evaluation", {}).items() if k.startswith("levels")}}
        (args.pack / "codec.json").write_text(json.dumps(info, indent=1) + "\n")


if __name__ == "__main__":
    main()
