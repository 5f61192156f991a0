"""Train the codec on the speech cache (data/corpus.py build first).

    cd models/training
    /usr/bin/python3 -m codec.train --config default --device cpu --threads 1 --resume
    /usr/bin/python3 -m codec.train --config tiny --steps 600

Runs and checkpoints go to models/training/runs/codec-<config>/ (git-ignored): ``last.pt`` (model,
optimiser, config, step, wall seconds; rewritten every --ckpt-minutes and at the end) and
``train.log`` (one JSON line per --log-every steps: step, wall seconds, losses, held-out mel loss,
codebook usage). ``--resume`` continues from last.pt, or else from the committed fp16 checkpoint
models/training/checkpoints/codec-<config>.pt (model weights only) when it exists.
``--gan`` adds the adversarial stage (codec/discriminators.py) from the current step on; the
discriminators and their optimiser are saved in last.pt too (key "disc").
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
TRAINING = HERE.parent
sys.path.insert(0, str(TRAINING))

from codec.model import CONFIGS, Codec, CodecConfig, count_params  # noqa: E402
from common.schedule import decay_factor  # noqa: E402


class MelLoss(torch.nn.Module):
    """Multi-resolution log-mel L1: mean over resolutions of |log mel(y) - log mel(x)|."""

    def __init__(self, cfg: CodecConfig):
        super().__init__()
        from codec.model import mel_filterbank
        self.res = list(zip(cfg.mel_ffts, cfg.mel_hops, cfg.mel_bins))
        for i, (n, h, m) in enumerate(self.res):
            self.register_buffer(f"fb{i}", mel_filterbank(n, m, cfg.sample_rate))
            self.register_buffer(f"win{i}", torch.hann_window(n))

    def logmel(self, x: torch.Tensor, i: int) -> torch.Tensor:
        n, h, _ = self.res[i]
        s = torch.stft(x, n, h, window=getattr(self, f"win{i}"), return_complex=True)
        mag = s.abs()
        return torch.log(torch.matmul(getattr(self, f"fb{i}"), mag).clamp_min(1e-5))

    def forward(self, y: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return sum(F.l1_loss(self.logmel(y, i), self.logmel(x, i)) for i in range(len(self.res))) / len(self.res)


class LogSpecLoss(torch.nn.Module):
    """Multi-resolution log-magnitude L1 on the linear STFT bins: mean over resolutions of
    |log |Y| - log |X||, magnitudes floored at 1e-5 (power 1e-10, the floor of the evaluation's
    log-spectral distance). The mel loss pools the bins into bands, so it leaves the harmonic
    peaks and the valleys between them free; the evaluation's LSD (n_fft 1024, hop 256) reads
    every bin."""

    def __init__(self, ffts=(512, 1024, 2048)):
        super().__init__()
        self.res = [(int(n), int(n) // 4) for n in ffts]
        for i, (n, _) in enumerate(self.res):
            self.register_buffer(f"win{i}", torch.hann_window(n))

    def logmag(self, x: torch.Tensor, i: int) -> torch.Tensor:
        n, h = self.res[i]
        s = torch.stft(x, n, h, window=getattr(self, f"win{i}"), return_complex=True)
        return torch.log(s.abs().clamp_min(1e-5))

    def forward(self, y: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return sum(F.l1_loss(self.logmag(y, i), self.logmag(x, i)) for i in range(len(self.res))) / len(self.res)


class LsdLoss(torch.nn.Module):
    """The evaluation's log-spectral distance (eval/codec_eval.py: lsd_frames) as a training loss: STFT
    n_fft 1024, hop 256, power floored at 1e-10; per frame the root mean square over bins of
    ln P_x - ln P_y, over the frames of each recording within 50 dB of its loudest; averaged. In nepers
    of power (1 unit = 4.34 dB), so it sits on the scale of the L1 losses. The L1 losses pull each bin
    to its median; the evaluation squares, so a harmonic peak rendered 4 dB low or a valley filled in
    costs it more than the L1 sees."""

    def __init__(self, n_fft: int = 1024, hop: int = 256, range_db: float = 50.0):
        super().__init__()
        self.n_fft, self.hop, self.range_db = n_fft, hop, range_db
        self.register_buffer("win", torch.hann_window(n_fft))

    def power(self, x: torch.Tensor) -> torch.Tensor:
        s = torch.stft(x, self.n_fft, self.hop, window=self.win, return_complex=True)
        return s.real ** 2 + s.imag ** 2 + 1e-10  # [B, bins, frames]

    def forward(self, y: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        px, py = self.power(x), self.power(y)
        with torch.no_grad():
            e = 10 * torch.log10(px.sum(1))  # [B, frames]
            keep = (e >= e.amax(1, keepdim=True) - self.range_db).float()
        d = torch.log(px) - torch.log(py)
        per_frame = torch.sqrt((d ** 2).mean(1) + 1e-8)
        return (per_frame * keep).sum() / keep.sum().clamp_min(1.0)


class CepstralLoss(torch.nn.Module):
    """The evaluation's cepstral distance (eval/codec_eval.py: cepstral_frames) as a training loss:
    pocketsphinx's front end (40 mel bands, c1-c12 of the log magnitude, each crop's mean removed); per
    frame sqrt(2 x the sum of squared differences), over the frames within 50 dB of the recording's
    loudest; averaged. In the evaluation's units over 10/ln 10 (1 unit = 4.34 dB). It reads only the smooth
    envelope a recogniser sees, and squares, so the frames at phone transitions, where the decoder
    smears most, weigh most."""

    def __init__(self, range_db: float = 50.0, delta: float = 0.0):
        super().__init__()
        self.range_db = range_db
        # delta > 0: also the same distance over the delta cepstra, c[t+2] - c[t-2] (the recogniser's
        # second feature stream: how the envelope moves, where the codec's error climbs), x delta.
        self.delta = delta

    @staticmethod
    def _distance(cx, cy, keep):
        per_frame = torch.sqrt(2 * ((cx - cy) ** 2).sum(1) + 1e-8)
        return (per_frame * keep).sum() / keep.sum().clamp_min(1.0)

    def forward(self, y: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        from eval.codec_eval import cepstra_torch
        (cx, ex), (cy, _) = cepstra_torch(x), cepstra_torch(y)
        keep = (ex >= ex.amax(1, keepdim=True) - self.range_db).float()
        loss = self._distance(cx[:, 1:], cy[:, 1:], keep)
        if self.delta > 0 and cx.shape[-1] > 4:
            dx, dy = (c[:, 1:, 4:] - c[:, 1:, :-4] for c in (cx, cy))
            loss = loss + self.delta * self._distance(dx, dy, keep[:, 2:-2])
        return loss


def lsd_db(y: torch.Tensor, x: torch.Tensor) -> float:
    """The evaluation's log-spectral distance (eval/codec_eval.py: lsd_frames) of a batch [B,N] of
    renderings y against recordings x, in dB: the mean over every recording's kept frames."""
    from eval.codec_eval import lsd_frames
    ys, xs = y.detach().cpu().numpy(), x.detach().cpu().numpy()
    return float(np.concatenate([lsd_frames(xi, yi) for xi, yi in zip(xs, ys)]).mean())


def synthetic_batch(b: int, n: int, rng: np.random.Generator, sr: int = 16000) -> np.ndarray:
    """Generated 'speech-like' audio [b,n]: harmonic tones with a moving pitch plus noise bursts.
    Used by tests (and --synthetic) so that no corpus is needed."""
    t = np.arange(n) / sr
    out = np.zeros((b, n), np.float32)
    for i in range(b):
        f0 = rng.uniform(90, 250) * (1 + 0.1 * np.sin(2 * np.pi * rng.uniform(1, 4) * t))
        ph = 2 * np.pi * np.cumsum(f0) / sr
        x = sum(np.sin(k * ph) / k for k in range(1, 12))
        env = 0.5 + 0.5 * np.sin(2 * np.pi * rng.uniform(2, 6) * t + rng.uniform(0, 6))
        noise = rng.standard_normal(n) * (env < 0.3) * 0.3
        x = x * env + noise
        out[i] = (0.3 * x / (np.abs(x).max() + 1e-6)).astype(np.float32)
    return out


def lr_at(step: int, cfg: CodecConfig, warm_from: int = 0, decay: tuple | None = None) -> float:
    """Linear warm-up from step ``warm_from`` (0, or the step a run resumed at without optimiser state);
    with decay = (start, steps, final factor), a linear decay to cfg.lr * final over those steps."""
    return cfg.lr * min(1.0, (step - warm_from + 1) / max(1, cfg.warmup)) * decay_factor(step, decay)


def save_checkpoint(path: Path, model: Codec, opt, step: int, wall: float, extra: dict | None = None):
    tmp = path.with_suffix(".tmp")
    torch.save({"config": model.cfg.to_dict(), "model": model.state_dict(),
                "opt": opt.state_dict() if opt is not None else None,
                "step": step, "wall_seconds": wall, **(extra or {})}, tmp)
    os.replace(tmp, path)


def float_state(state: dict) -> dict:
    """A state dict in float32; rebuilds the quantiser's EMA sums that fp16 checkpoints leave out."""
    state = {k: v.float() if v.is_floating_point() else v for k, v in state.items()}
    key = "quantizer.ema_sum"
    if key not in state and "quantizer.embed" in state:
        count = state["quantizer.ema_count"]
        n = count.sum(-1, keepdim=True)
        K = count.shape[-1]
        smoothed = (count + 1e-5) / (n + K * 1e-5) * n
        state[key] = state["quantizer.embed"] * smoothed.unsqueeze(-1)
    return state


def save_fp16(src: str | Path, dst: str | Path) -> int:
    """Write a compact resumable checkpoint: fp16 weights (EMA sums dropped: rebuilt on load), config,
    step, wall seconds; no optimiser state. Returns its size in bytes."""
    ck = torch.load(src, map_location="cpu")
    model = {k: (v.half() if v.is_floating_point() else v) for k, v in ck["model"].items()
             if k != "quantizer.ema_sum"}
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    torch.save({"config": ck["config"], "model": model, "opt": None, "step": ck["step"],
                "wall_seconds": ck["wall_seconds"], "fp16_from": str(src),
                **({"adapt": ck["adapt"]} if ck.get("adapt") else {})}, dst)
    return Path(dst).stat().st_size


def load_codec(path: str | Path, map_location="cpu") -> tuple[Codec, dict]:
    """A Codec (float32, eval mode) from any checkpoint written here (fp32 run or fp16 committed)."""
    ck = torch.load(path, map_location=map_location)
    cfg = CodecConfig.from_dict(ck["config"])
    m = Codec(cfg)
    m.load_state_dict(float_state(ck["model"]))
    m.eval()
    return m, ck


def adamw(module: torch.nn.Module, cfg: CodecConfig) -> torch.optim.Optimizer:
    """The codec's optimiser (and its discriminators'): AdamW at the config's rate and decay."""
    return torch.optim.AdamW(module.parameters(), lr=cfg.lr, betas=(0.8, 0.99), weight_decay=cfg.weight_decay)


def grow_fine(model: Codec, n_fft: int, device="cpu") -> tuple[Codec, torch.optim.Optimizer]:
    """A copy of `model` whose encoder also reads an n_fft-window log-mel every enc_fine_hop samples
    (its input conv zero-initialised: the codes and audio are those of `model` until it trains), and a
    fresh optimiser over it. model.cfg is updated in place (the checkpoints save it)."""
    cfg = model.cfg
    cfg.enc_fine_n_fft = n_fft
    try:
        grown = Codec(cfg).to(device)
    except ValueError as e:
        cfg.enc_fine_n_fft = 0
        raise SystemExit(f"--grow-fine: {e}")
    missing, unexpected = grown.load_state_dict(model.state_dict(), strict=False)
    assert not unexpected and all(k.startswith("encoder.fine_") for k in missing), (missing, unexpected)
    opt = adamw(grown, cfg)
    return grown, opt


def main(argv=None):
    ap = argparse.ArgumentParser(description="train the codec")
    ap.add_argument("--config", default="default", choices=sorted(CONFIGS))
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--steps", type=int, default=10 ** 9, help="stop at this (total) step")
    ap.add_argument("--minutes", type=float, default=None, help="stop after this many minutes of this run")
    ap.add_argument("--resume", nargs="?", const="auto", default=None,
                    help="resume from last.pt of the run (or a given checkpoint path)")
    ap.add_argument("--run-dir", type=Path, default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--ckpt-minutes", type=float, default=4.0)
    ap.add_argument("--log-every", type=int, default=25)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--synthetic", action="store_true", help="train on generated audio (no corpus)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=None)
    ap.add_argument("--seconds", type=float, default=None, help="crop length (default: the config's)")
    ap.add_argument("--dead-fraction", type=float, default=None,
                    help="override the config's dead-code threshold (fraction of the mean EMA usage)")
    ap.add_argument("--decay", type=float, nargs=3, default=None, metavar=("START", "STEPS", "FINAL"),
                    help="decay the learning rate linearly from step START over STEPS steps to FINAL x lr")
    ap.add_argument("--gan", action="store_true",
                    help="adversarial stage (MPD + MRD, LSGAN + feature matching) from the current step on")
    ap.add_argument("--gan-width", type=int, default=16)
    ap.add_argument("--mel-weight-gan", type=float, default=45.0)
    ap.add_argument("--fm-weight", type=float, default=2.0)
    ap.add_argument("--stft-weight", type=float, default=0.0,
                    help="add this weight x a multi-resolution log-magnitude L1 on the linear STFT bins (LogSpecLoss)")
    ap.add_argument("--lsd-weight", type=float, default=0.0,
                    help="add this weight x the evaluation's log-spectral distance (LsdLoss, nepers)")
    ap.add_argument("--cep-weight", type=float, default=0.0,
                    help="add this weight x the evaluation's cepstral distance (CepstralLoss)")
    ap.add_argument("--cep-delta", type=float, default=0.0,
                    help="with --cep-weight: the cepstral loss also compares the delta cepstra "
                         "(c[t+2] - c[t-2]), at this weight against the static distance")
    ap.add_argument("--grow-fine", type=int, default=0, metavar="N_FFT",
                    help="give the resumed encoder a fine-timed second front end (log-mel of an N_FFT window every "
                         "80 samples, CodecConfig.enc_fine_*), zero-initialised so that the codec starts unchanged; "
                         "the optimiser starts afresh")
    ap.add_argument("--quantizer-dropout", type=float, default=None,
                    help="share of batches decoded from n_q ~ U{1..Q} levels (default: the config's 0.5)")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    cfg = CodecConfig.from_dict(CONFIGS[args.config].to_dict())  # a copy: flags below may change it
    run_dir = args.run_dir or TRAINING / "runs" / f"codec-{args.config}"
    run_dir.mkdir(parents=True, exist_ok=True)
    last = run_dir / "last.pt"

    model = Codec(cfg).to(args.device)
    opt = adamw(model, cfg)
    step, wall = 0, 0.0
    warm_from = 0
    decay = (int(args.decay[0]), int(args.decay[1]), args.decay[2]) if args.decay else None
    disc_state = None
    if args.resume:
        src = Path(args.resume) if args.resume != "auto" else last
        if args.resume == "auto" and not src.exists():
            src = TRAINING / "checkpoints" / f"codec-{args.config}.pt"
        if src.exists():
            ck = torch.load(src, map_location=args.device)
            cfg = CodecConfig.from_dict(ck["config"])
            model = Codec(cfg).to(args.device)
            model.load_state_dict(float_state(ck["model"]))
            opt = adamw(model, cfg)
            if ck.get("opt"):
                opt.load_state_dict(ck["opt"])
            step, wall = int(ck["step"]), float(ck["wall_seconds"])
            warm_from = 0 if ck.get("opt") else step  # a fresh optimiser warms up again
            disc_state = ck.get("disc")
            print(f"resumed from {src} at step {step} ({wall / 60:.1f} min)", flush=True)
            if args.grow_fine and not cfg.enc_fine_n_fft:
                model, opt = grow_fine(model, args.grow_fine, args.device)
                warm_from = step
                print(f"grew a fine front end: window {cfg.enc_fine_n_fft}, hop {cfg.enc_fine_hop}, "
                      f"{cfg.enc_fine_mels} mels", flush=True)
        else:
            print(f"no checkpoint at {src}: starting fresh", flush=True)
    # The flags win over the config, a resumed checkpoint's included; none of them shapes the model,
    # whose cfg (saved with each checkpoint) is this object.
    cfg.batch = args.batch or cfg.batch
    cfg.seconds = args.seconds or cfg.seconds
    if args.quantizer_dropout is not None:
        cfg.quantizer_dropout = args.quantizer_dropout
    if args.dead_fraction is not None:
        cfg.dead_fraction = args.dead_fraction
        model.quantizer.dead_fraction = args.dead_fraction
    print(f"codec {cfg.name}: {count_params(model) / 1e6:.2f} M parameters", flush=True)

    n = int(cfg.seconds * cfg.sample_rate) // cfg.hop * cfg.hop
    rng = np.random.default_rng(args.seed + step)
    if args.synthetic:
        def next_batch():
            return synthetic_batch(cfg.batch, n, rng)
        held = torch.from_numpy(synthetic_batch(8, n, np.random.default_rng(999)))
    else:
        from data.corpus import RandomCrops, is_ready, load_index
        if not is_ready():
            sys.exit("speech cache not ready: run data/corpus.py build first")
        crops = RandomCrops(load_index("train"), n, seed=args.seed + step, normalise=True)
        next_batch = lambda: crops.batch(cfg.batch)  # noqa: E731
        held = torch.from_numpy(RandomCrops(load_index("heldout"), n, seed=999).batch(16))
    held = held.to(args.device)

    mel_loss = MelLoss(cfg).to(args.device)
    spec_loss = LogSpecLoss().to(args.device) if args.stft_weight > 0 else None
    lsd_loss = LsdLoss().to(args.device) if args.lsd_weight > 0 else None
    cep_loss = CepstralLoss(delta=args.cep_delta).to(args.device) if args.cep_weight > 0 else None
    disc = opt_d = None
    if args.gan:
        from codec.discriminators import Discriminators, discriminator_loss, generator_losses
        disc = Discriminators(width=args.gan_width).to(args.device)
        opt_d = adamw(disc, cfg)
        if disc_state and disc_state.get("width") == args.gan_width:
            disc.load_state_dict(disc_state["model"])
            if disc_state.get("opt"):
                opt_d.load_state_dict(disc_state["opt"])
        print(f"adversarial stage: discriminators {count_params(disc) / 1e6:.2f} M parameters", flush=True)

    def extra():
        if disc is None:
            return {"disc": disc_state} if disc_state else {}
        return {"disc": {"width": args.gan_width, "model": disc.state_dict(), "opt": opt_d.state_dict()}}
    if step == 0:  # k-means init of every level from a first batch of 4x the batch size (> K vectors)
        model.train()
        with torch.no_grad():
            model(torch.from_numpy(np.concatenate([next_batch() for _ in range(4)])).to(args.device))
    log = open(run_dir / "train.log", "a")
    t_start = time.time()
    t_ckpt = time.time()
    acc = {"mel": 0.0, "commit": 0.0, "n": 0}
    while step < args.steps:
        if args.minutes is not None and time.time() - t_start > args.minutes * 60:
            break
        t0 = time.time()
        model.train()
        x = torch.from_numpy(next_batch()).to(args.device)
        n_q = cfg.levels
        if rng.random() < cfg.quantizer_dropout:
            n_q = int(rng.integers(1, cfg.levels + 1))
        for g in opt.param_groups:
            g["lr"] = lr_at(step, cfg, warm_from, decay)
        y, _, commit = model(x, n_q)
        lm = mel_loss(y, x)
        loss = lm + cfg.commit_weight * commit
        if spec_loss is not None:
            ls = spec_loss(y, x)
            loss = loss + args.stft_weight * ls
            acc["spec"] = acc.get("spec", 0.0) + float(ls)
        if lsd_loss is not None:
            ll = lsd_loss(y, x)
            loss = loss + args.lsd_weight * ll
            acc["lsd"] = acc.get("lsd", 0.0) + float(ll)
        if cep_loss is not None:
            lc = cep_loss(y, x)
            loss = loss + args.cep_weight * lc
            acc["cep"] = acc.get("cep", 0.0) + float(lc)
        if disc is not None:
            for g in opt_d.param_groups:
                g["lr"] = lr_at(step, cfg, warm_from, decay)
            ld = discriminator_loss(disc(x), disc(y.detach()))
            opt_d.zero_grad(set_to_none=True)
            ld.backward()
            opt_d.step()
            adv, fm = generator_losses(disc(x), disc(y))
            loss = args.mel_weight_gan * loss + adv + args.fm_weight * fm
            acc["disc"] = acc.get("disc", 0.0) + float(ld)
            acc["adv"] = acc.get("adv", 0.0) + float(adv)
            acc["fm"] = acc.get("fm", 0.0) + float(fm)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        step += 1
        wall += time.time() - t0
        acc["mel"] += float(lm)
        acc["commit"] += float(commit)
        acc["n"] += 1
        rec = None
        if step % args.log_every == 0:
            rec = {"step": step, "wall_s": round(wall, 1), "mel": round(acc["mel"] / acc["n"], 4),
                   "commit": round(acc["commit"] / acc["n"], 5), "lr": lr_at(step, cfg, warm_from, decay),
                   "restarts": model.quantizer.restarts.tolist()}
            for k in ("spec", "lsd", "cep", "disc", "adv", "fm"):
                if k in acc:
                    rec[k] = round(acc[k] / acc["n"], 4)
            acc = {"mel": 0.0, "commit": 0.0, "n": 0}
        if step % args.eval_every == 0:
            model.eval()
            with torch.no_grad():
                codes = model.encode(held)
                yh = model.decode(codes)
                rec = rec or {"step": step, "wall_s": round(wall, 1)}
                rec["heldout_mel"] = round(float(mel_loss(yh, held)), 4)
                rec["heldout_lsd"] = round(lsd_db(yh, held), 3)
                rec["heldout_cep_db"] = round(float(CepstralLoss()(yh, held)) * 10 / math.log(10), 3)
                rec["heldout_mel_q2"] = round(float(mel_loss(model.decode(codes[:, :2]), held)), 4)
                rec["usage"] = [int(torch.unique(codes[:, q]).numel()) for q in range(codes.shape[1])]
        if rec:
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + "\n")
            log.flush()
        if time.time() - t_ckpt > args.ckpt_minutes * 60:
            save_checkpoint(last, model, opt, step, wall, extra())
            t_ckpt = time.time()
    save_checkpoint(last, model, opt, step, wall, extra())
    print(f"done: step {step}, {wall / 60:.1f} min of training", flush=True)
    return model


if __name__ == "__main__":
    main()
