"""Probes of where a codec's round trip loses detail (session 22), on the held-out clips of eval.codec_eval.

    cd models/training
    /usr/bin/python3 -m eval.codec_probes beam --checkpoint checkpoints/codec-default.pt --beams 1,4,16
    /usr/bin/python3 -m eval.codec_probes windows --checkpoint checkpoints/codec-default.pt [--opus]
    /usr/bin/python3 -m eval.codec_probes motion --checkpoint checkpoints/codec-default.pt [--opus]

- beam: the residual quantiser searched by a beam over its levels instead of greedily (keep the B
  partial sums with the smallest residual after each level; the last level picks the best). Reports
  the latent's relative residual energy, the round trip's LSD and cepstral distance, and the search
  time. If a wider beam barely changes the round trip, the codes are not what limits it.
- windows: the round trip's log-spectral distance at several STFT sizes (hop n/4), against Opus
  12 kbit/s with --opus: where a codec is worse at short windows than at long ones, it smears time.
- motion (session 23): the cepstral distance (the recogniser's front end, eval.codec_eval) of the
  frames in each quartile of the original's cepstral motion (|c[t+2] - c[t-2]| over c1-c12, the
  recogniser's delta feature), steady to moving, and the rms error of each of c1-c12. A codec whose
  distance climbs with the motion while Opus's stays flat blurs the transitions.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

TRAINING = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TRAINING))

from data.corpus import clip_audio  # noqa: E402
from eval.codec_eval import (cepstra_pair, cepstral_db, cepstral_frames, codec_round_trip_torch, fit,  # noqa: E402
                             heldout_clips, lsd_frames, opus_round_trip)


@torch.no_grad()
def beam_encode(rvq, z: torch.Tensor, beam: int) -> torch.Tensor:
    """z [B,D,T] -> codes int64 [B,Q,T] of `rvq` (codec.model.ResidualVQ) by a beam search over the
    levels; beam 1 is the greedy search of rvq.encode."""
    B, D, T = z.shape
    x = z.transpose(1, 2).reshape(-1, D)
    M, K = x.shape[0], rvq.K
    res = x[:, None, :]                                   # [M, beams, D]
    codes = torch.zeros(M, 1, 0, dtype=torch.long)
    for q in range(rvq.Q):
        e = rvq.embed[q]
        d = (res * res).sum(-1, keepdim=True) - 2.0 * torch.matmul(res, e.t()) + (e * e).sum(-1)  # [M, beams, K]
        top = d.reshape(M, -1).topk(min(beam, d.shape[1] * K), largest=False)
        parent, code = torch.div(top.indices, K, rounding_mode="floor"), top.indices % K
        res = torch.gather(res, 1, parent[..., None].expand(-1, -1, D)) - e[code]
        codes = torch.cat([torch.gather(codes, 1, parent[..., None].expand(-1, -1, codes.shape[2])),
                           code[..., None]], 2)
    return codes[:, 0].reshape(B, T, rvq.Q).transpose(1, 2)


def probe_beam(model, clips, beams) -> list[dict]:
    rvq, rows = model.quantizer, []
    for beam in beams:
        lsd, cep, err, tot, secs = [], [], 0.0, 0.0, 0.0
        for e in clips:
            x = clip_audio(e).astype(np.float32)
            n = len(x) // model.cfg.hop * model.cfg.hop
            with torch.no_grad():
                z = model.encoder(torch.from_numpy(x[None, :n]))
                t0 = time.time()
                zq = rvq.decode(beam_encode(rvq, z, beam))
                secs += time.time() - t0
                err += float(((z - zq) ** 2).sum())
                tot += float((z ** 2).sum())
                y = fit(model.decoder(zq)[0].numpy(), len(x))
            lsd.append(lsd_frames(x, y))
            cep.append(cepstral_frames(x, y))
        rows.append({"beam": beam, "latent_residual": round(err / tot, 5),
                     "lsd_db": round(float(np.concatenate(lsd).mean()), 3),
                     "cepstral_db": round(float(np.concatenate(cep).mean()), 3), "search_s": round(secs, 2)})
        print(rows[-1], flush=True)
    return rows


@torch.no_grad()
def round_trips(model, clips, opus: bool):
    """Yields (clip audio, {"codec": its round trip[, "opus12": Opus 12 kbit/s's]}) for each clip."""
    with tempfile.TemporaryDirectory() as tmp:
        for e in clips:
            x = clip_audio(e).astype(np.float32)
            ys = {"codec": codec_round_trip_torch(model, x)}
            if opus:
                ys["opus12"] = opus_round_trip(x, 12, Path(tmp))
            yield x, ys


def probe_windows(model, clips, ffts, opus: bool) -> dict:
    out = {"codec": {n: [] for n in ffts}, **({"opus12": {n: [] for n in ffts}} if opus else {})}
    for x, ys in round_trips(model, clips, opus):
        for k, y in ys.items():
            for n in ffts:
                out[k][n].append(lsd_frames(x, y, n_fft=n, hop=n // 4))
    res = {k: {n: round(float(np.concatenate(v).mean()), 2) for n, v in d.items()} for k, d in out.items()}
    print(res, flush=True)
    return res


def motion_bins(ref: np.ndarray, test: np.ndarray, edges: np.ndarray | None = None,
                range_db: float = 50.0) -> tuple[list[np.ndarray], np.ndarray]:
    """-> ([the cepstral distances (dB) of ref's frames within range_db of its loudest, one array per
    bin of ref's cepstral motion], the rms error of c1..c12 over those frames). The bins are cut at
    `edges` (default: the clip's own motion quartiles)."""
    cr, ct, keep = cepstra_pair(ref, test, range_db)
    padded = np.pad(cr, ((0, 0), (2, 2)), mode="edge")
    motion = np.sqrt(((padded[:, 4:] - padded[:, :-4]) ** 2).sum(0))
    if edges is None:
        edges = np.quantile(motion[keep], [0.25, 0.5, 0.75])
    d = cr - ct
    dist = cepstral_db(d)
    which = np.digitize(motion, edges)
    return ([dist[keep & (which == b)] for b in range(len(edges) + 1)],
            np.sqrt((d[:, keep] ** 2).mean(1)))


@torch.no_grad()
def probe_motion(model, clips, opus: bool) -> dict:
    names = ["codec"] + (["opus12"] if opus else [])
    bins = {k: [[] for _ in range(4)] for k in names}
    coef = {k: [] for k in names}
    for x, ys in round_trips(model, clips, opus):
        for k, y in ys.items():
            per_bin, rms = motion_bins(x, y)
            for b, v in enumerate(per_bin):
                bins[k][b].append(v)
            coef[k].append(rms)
    res = {k: {"cepstral_db_by_motion_quartile": [round(float(np.concatenate(v).mean()), 2) for v in bins[k]],
               "rms_error_c1_c12": [round(float(v), 3) for v in np.mean(coef[k], 0)]} for k in names}
    print(res, flush=True)
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("probe", choices=("beam", "windows", "motion"))
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--per-speaker", type=int, default=6)
    ap.add_argument("--max-seconds", type=float, default=20.0)
    ap.add_argument("--beams", default="1,4,16")
    ap.add_argument("--ffts", default="256,512,1024,2048")
    ap.add_argument("--opus", action="store_true", help="windows, motion: Opus 12 kbit/s beside the codec")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    from codec.train import load_codec
    model, _ = load_codec(args.checkpoint)
    model.eval()
    clips = heldout_clips(args.per_speaker, args.max_seconds)
    if args.probe == "beam":
        probe_beam(model, clips, [int(b) for b in args.beams.split(",")])
    elif args.probe == "windows":
        probe_windows(model, clips, [int(n) for n in args.ffts.split(",")], args.opus)
    else:
        probe_motion(model, clips, args.opus)


if __name__ == "__main__":
    main()
