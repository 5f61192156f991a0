"""Adapt the codec decoder to the codes SoundStorm generates (ground-truth-aligned fine-tuning).

A vocoder trained only on its own encoder's codes has never heard the codes a generator writes:
SoundStorm's level-0 choices given a clip's frame labels match the recording's own codes at a few
per cent of frames (they depend on pitch, loudness and voice as much as on the phone), and the
decoder renders such a sequence as babble. Tacotron-era systems met the same mismatch by fine-tuning
the vocoder on features predicted with the ground-truth alignment; this does the same for the
codec decoder:

  collect  SoundStorm (the pack's decoding: iterations, temperature 0.8, top-p 0.9) generates the
           codes of training clips from each clip's own frame labels, prompted by another clip of the
           same speaker; they are frame-aligned with the recording the labels came from.
  train    the decoder alone (encoder and codebooks frozen, so every code keeps its meaning and the
           encoder's codes stay valid) learns to render those codes as that recording (the codec's
           multi-resolution log-mel L1), mixed with the codec's own codes of real clips (quantiser
           dropout as in training) so that the round trip is kept.

  /usr/bin/python3 -m codec.adapt collect --soundstorm runs/soundstorm-small/last.pt \
      --tokens .cache/tokens-default --out runs/adapt --minutes 30
  /usr/bin/python3 -m codec.adapt train --codec runs/codec-default/last.pt --tokens .cache/tokens-default \
      --generated runs/adapt --minutes 40        # -> runs/adapt/codec.pt (a codec checkpoint)

With --true-share 1.0 the generated codes only supply fixed probe crops and this is plain further
training of the decoder on its own codes, about 3.5x cheaper a step than the whole codec: that is
what the default pack ships (session 4: round trip WER ratio 1.61 -> 1.52, LSD 9.17 -> 8.43 dB).
The generated-codes mix did not lower the generator's held-out WER and moved the voice away from
the prompt (models/training/README.md, "Decoder training alone").

--gan adds the adversarial losses of the codec's own GAN stage (codec/discriminators.py: MPD + MRD,
LSGAN + feature matching, mel weighted 45) to the decoder-only training, with the --stft, --lsd and
--cep losses (if given) added to the mel L1 under that weight: the encoder and codebooks
still stay frozen, so the token store and every trained generator stay valid. The discriminators
are kept in the checkpoint (`adapt_disc`) so that a resumed run goes on with them.

--phone-weight adds codec/phonetic.py's loss: the frozen semantic tokenizer's hidden states and
phone posteriors on the rendering against those on the recording (mkldnn is turned off for it).

Held-out speakers are never used: the token store's training clips only.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from codec.model import grow_decoder, regrid_decoder  # noqa: E402
from codec.train import CepstralLoss, LogSpecLoss, LsdLoss, MelLoss, load_codec, lsd_db, save_checkpoint  # noqa: E402
from common.schedule import decay_factor  # noqa: E402
from soundstorm.token_store import TokenStore  # noqa: E402

HOP = 320


class Generated:
    """Generated codes on disk: codes.int16 [F,Q] frame-major, index.jsonl (path, store offset, frames)."""

    def __init__(self, folder: str | Path, levels: int):
        self.folder = Path(folder)
        self.levels = levels
        self.rows = []
        if (self.folder / "index.jsonl").exists():
            self.rows = [json.loads(x) for x in open(self.folder / "index.jsonl") if x.strip()]
        total = sum(r["frames"] for r in self.rows)
        path = self.folder / "codes.int16"
        have = path.stat().st_size // (2 * levels) if path.exists() else 0
        if have < total:
            raise SystemExit(f"{path}: {have} frames on disk but the index lists {total}: remove the folder and collect again")
        self._codes = None  # mapped on first read (collect appends to the file while it holds this)

    def codes(self, row) -> np.ndarray:
        if self._codes is None:
            self._codes = np.memmap(self.folder / "codes.int16", dtype=np.int16, mode="r").reshape(-1, self.levels)
        return np.asarray(self._codes[row["offset"]:row["offset"] + row["frames"]], dtype=np.int64).T


def collect(args):
    from export_pack import load_state
    from soundstorm.generate import default_iterations, generate
    from soundstorm.model import SoundStorm, SoundStormConfig

    torch.set_num_threads(args.threads)
    storm, ck = load_state(SoundStorm, SoundStormConfig, args.soundstorm)
    iterations = default_iterations(storm.cfg.levels, ck.get("train_levels"))
    store = TokenStore(args.tokens)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    done = Generated(out, store.levels)
    seen = {r["path"] for r in done.rows}
    offset = sum(r["frames"] for r in done.rows)
    rng = random.Random(args.seed)
    rows = [r for r in store.train_rows if args.min_frames <= r["frames"] <= args.max_frames]
    rng.shuffle(rows)
    K, Q = storm.cfg.codebook_size, storm.cfg.levels
    f_codes = open(out / "codes.int16", "ab")
    f_idx = open(out / "index.jsonl", "a")
    t0, frames_done, n = time.time(), 0, 0
    for row in rows:
        if row["path"] in seen:
            continue
        if time.time() - t0 > args.minutes * 60:
            break
        others = [r for r in store.by_speaker[row["speaker"]] if r is not row] or [row]
        other = rng.choice(others)
        p_sem, p_codes = store.slice(other, 0, min(other["frames"], args.prompt_frames))
        sem, _ = store.clip(row)
        semantic = torch.from_numpy(np.concatenate([p_sem, sem]))
        all_codes = torch.cat([torch.from_numpy(p_codes), torch.full((Q, len(sem)), K)], 1)
        fixed = torch.zeros(len(semantic), dtype=torch.bool)
        fixed[:p_sem.shape[0]] = True
        with torch.no_grad():
            gen, _ = generate(storm, semantic, all_codes, fixed, iterations, temperature=args.temperature,
                              top_p=args.top_p, seed=rng.randrange(1 << 30))
        g = gen[:, p_sem.shape[0]:].T.numpy().astype(np.int16)  # [T,Q], untrained levels stay at K
        f_codes.write(g.tobytes())
        f_idx.write(json.dumps({"path": row["path"], "speaker": row["speaker"], "store_offset": row["frame_offset"],
                                "offset": offset, "frames": len(g)}) + "\n")
        f_codes.flush()
        f_idx.flush()
        offset += len(g)
        frames_done += len(g)
        n += 1
        if n % 25 == 0:
            el = time.time() - t0
            print(f"{n} clips, {frames_done / 50 / 60:.1f} min of speech in {el / 60:.1f} min "
                  f"(generation RTF {el / (frames_done / 50):.2f})", flush=True)
    print(f"collected {n} clips ({frames_done / 50 / 60:.1f} min) into {out}; iterations {iterations}", flush=True)


class _Lazy:
    """path -> recording, read from the corpus cache on demand."""

    def __init__(self, rows, read):
        self.rows, self.read = rows, read

    def __contains__(self, path):
        return path in self.rows

    def __getitem__(self, path):
        return self.read(self.rows[path])


class Batches:
    """Decoder training crops: (codes [B,Q,S], audio [B,S*hop]) from generated or the codec's own codes."""

    def __init__(self, store: TokenStore, generated: Generated, frames: int, true_share: float, seed: int,
                 audio=None, levels_weights=None):
        """audio: path -> float32 recording (default: the corpus cache's training clips).
        levels_weights: {n_q: weight} for the own codes' level count (default: the codec training's
        quantiser dropout, all levels half the time, else n_q ~ U{1..Q})."""
        if audio is None:
            from data.corpus import clip_audio, load_index
            rows = {r["path"]: r for r in load_index("train")}
            audio = _Lazy(rows, clip_audio)
        self.audio = audio
        self.store, self.generated, self.S, self.true_share = store, generated, frames, true_share
        self.gen_rows = [r for r in generated.rows if r["frames"] >= frames and r["path"] in audio]
        self.true_rows = [r for r in store.train_rows if r["frames"] >= frames and r["path"] in audio]
        if not self.gen_rows and true_share < 1.0:
            raise SystemExit(f"no generated clip of at least {frames} frames in {generated.folder} "
                             "(collect first, or train on own codes only with --true-share 1.0)")
        self.rng = np.random.default_rng(seed)
        self.levels_weights = levels_weights

    def own_levels(self, Q):
        if self.levels_weights:
            n, w = zip(*sorted(self.levels_weights.items()))
            return int(self.rng.choice(n, p=np.asarray(w, dtype=np.float64) / sum(w)))
        return int(self.rng.integers(1, Q + 1)) if self.rng.random() < 0.5 else Q

    def one(self):
        K, Q = self.store.codebook_size, self.store.levels
        if self.rng.random() < self.true_share:
            row = self.true_rows[self.rng.integers(len(self.true_rows))]
            s = int(self.rng.integers(0, row["frames"] - self.S + 1))
            codes = self.store.slice(row, s, self.S)[1].copy()
            codes[self.own_levels(Q):] = K
        else:
            row = self.gen_rows[self.rng.integers(len(self.gen_rows))]
            s = int(self.rng.integers(0, row["frames"] - self.S + 1))
            codes = self.generated.codes(row)[:, s:s + self.S]
        audio = self.audio[row["path"]][s * HOP:(s + self.S) * HOP]
        audio = np.pad(audio, (0, self.S * HOP - len(audio)))
        return codes, audio

    def batch(self, b):
        items = [self.one() for _ in range(b)]
        return (torch.from_numpy(np.stack([c for c, _ in items])),
                torch.from_numpy(np.stack([a for _, a in items]).astype(np.float32)))


def decoder_only(model):
    """Freeze everything but the decoder; eval mode, so the quantiser's EMA codebooks never move."""
    for p in model.parameters():
        p.requires_grad_(False)
    for p in model.decoder.parameters():
        p.requires_grad_(True)
    model.eval()
    return torch.optim.AdamW(model.decoder.parameters(), lr=1.0, betas=(0.8, 0.99), weight_decay=0.01)


def encoder_and_decoder(model, encoder_scale=1.0):
    """Freeze the codebooks only: the encoder and decoder train, the quantiser stays in eval mode (no EMA
    update, no dead-code restart), so every code keeps the vector it decodes from and a generator's
    codes keep their meaning; the encoder learns which codes to choose. encoder_scale: the encoder's
    learning rate as a share of the decoder's (a small move of the latent can change every finer code)."""
    for p in model.parameters():
        p.requires_grad_(False)
    for p in list(model.encoder.parameters()) + list(model.decoder.parameters()):
        p.requires_grad_(True)
    model.eval()
    return torch.optim.AdamW([{"params": list(model.decoder.parameters())},
                              {"params": list(model.encoder.parameters()), "scale": encoder_scale}],
                             lr=1.0, betas=(0.8, 0.99), weight_decay=0.01)


def encoder_round_trip(model, codes, audio):
    """The codec on `audio` through as many levels as the first crop of `codes` uses (Batches draws the
    count per crop; one count a batch here) -> (audio_hat, commitment loss)."""
    n_q = int((codes[0, :, 0] < model.quantizer.K).sum())
    y, _, commit = model(audio, max(1, n_q))
    return y, commit


def spectral_extra(spec=None, spec_weight=0.0, lsd=None, lsd_weight=0.0, cep=None, cep_weight=0.0,
                   phone=None, phone_weight=0.0):
    """The losses beside the mel L1 as one function (y, audio) -> weighted sum, or None when all are off.
    phone: codec.phonetic.PhoneticLoss (the frozen semantic tokenizer's reading of both signals)."""
    parts = [(f, w) for f, w in ((spec, spec_weight), (lsd, lsd_weight), (cep, cep_weight), (phone, phone_weight))
             if f is not None and w > 0]
    if not parts:
        return None
    return lambda y, audio: sum(w * f(y, audio) for f, w in parts)


def adapt_step(model, opt, mel, codes, audio, lr, extra=None, through_encoder=False):
    """One decoder step on the mel L1 + extra(y, audio), the losses beside it as spectral_extra builds them
    once for the run (the linear-bin log-magnitude L1, the evaluation's log-spectral and cepstral
    distances, the phonetic loss, each at its weight; gan_step takes the same function). -> mel L1.
    through_encoder: the codes are the encoder's own choice on `audio` now (as many levels as `codes`
    has in use), trained straight through the frozen codebooks with the codec's commitment loss."""
    for g in opt.param_groups:
        g["lr"] = lr * g.get("scale", 1.0)
    commit = None
    if through_encoder:
        y, commit = encoder_round_trip(model, codes, audio)
    else:
        y = model.decoder(model.quantizer.decode(codes))
    lm = mel(y, audio)
    loss = lm + extra(y, audio) if extra is not None else lm
    if commit is not None:
        loss = loss + model.cfg.commit_weight * commit
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_([p for g in opt.param_groups for p in g["params"]], 1.0)
    opt.step()
    return float(lm)


def gan_step(model, opt, disc, opt_d, mel, codes, audio, lr, mel_weight=45.0, fm_weight=2.0, extra=None):
    """One adversarial step of the decoder alone: the discriminators on (recording, rendering), then the
    decoder on mel_weight x (mel L1 + extra) + LSGAN + fm_weight x feature matching, where extra is
    spectral_extra's sum (the log-magnitude, LSD and cepstral losses at their mel-loss-training weights).
    -> (mel L1, disc loss, adv)."""
    from codec.discriminators import discriminator_loss, generator_losses
    for o in (opt, opt_d):
        for g in o.param_groups:
            g["lr"] = lr
    y = model.decoder(model.quantizer.decode(codes))
    ld = discriminator_loss(disc(audio), disc(y.detach()))
    opt_d.zero_grad(set_to_none=True)
    ld.backward()
    opt_d.step()
    lm = mel(y, audio)
    adv, fm = generator_losses(disc(audio), disc(y))
    recon = lm + extra(y, audio) if extra is not None else lm
    loss = mel_weight * recon + adv + fm_weight * fm
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.decoder.parameters(), 10.0)
    opt.step()
    return float(lm), float(ld), float(adv)


def render(model, batch, through_encoder=False):
    """A probe batch (codes, audio) -> the decoder's audio: from the stored codes, or with
    through_encoder from the encoder's codes of the audio now (as many levels as the stored codes use)."""
    if not through_encoder:
        return model.decoder(model.quantizer.decode(batch[0]))
    return encoder_round_trip(model, *batch)[0]


def mel_of(model, mel, batch, through_encoder=False):
    if batch is None:
        return None
    with torch.no_grad():
        return round(float(mel(render(model, batch, through_encoder), batch[1])), 4)


def own_probe(model, mel, batch, through_encoder=False, phone=None):
    """-> (mel L1 or None without `mel`, LSD in dB, cepstral distance in dB, phonetic loss or None without
    `phone`) of one rendering of a probe batch, the LSD and cepstral distance as eval.codec_eval measures them."""
    with torch.no_grad():
        y = render(model, batch, through_encoder)
        cep_db = float(CepstralLoss()(y, batch[1])) * 10 / math.log(10)
        return ((round(float(mel(y, batch[1])), 4) if mel is not None else None), round(lsd_db(y, batch[1]), 3),
                round(cep_db, 3), (round(float(phone(y, batch[1])), 4) if phone is not None else None))


def parse_levels_weights(text):
    """"4:1,8:1" -> {4: 1.0, 8: 1.0}; None or "" -> None."""
    if not text:
        return None
    out = {}
    for part in text.split(","):
        n, _, w = part.partition(":")
        out[int(n)] = float(w or 1)
    if not out or min(out) < 1 or min(out.values()) < 0 or sum(out.values()) <= 0:
        raise SystemExit(f"--levels-weights: expected N:W pairs with N >= 1, got {text!r}")
    return out


def train(args):
    enc = bool(args.train_encoder)
    if enc and args.gan:
        raise SystemExit("--train-encoder is for the mel-loss training, not --gan")
    if enc and args.true_share < 1.0:
        raise SystemExit("--train-encoder encodes the recordings themselves: use --true-share 1.0")
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    out = Path(args.generated)
    out.mkdir(parents=True, exist_ok=True)
    last = out / "codec.pt"
    model, ck = load_codec(last if last.exists() and not args.fresh else args.codec)
    if args.dec_blocks:
        grown = grow_decoder(model, args.dec_blocks)
        if grown:
            print(f"decoder grown by {grown} blocks to {args.dec_blocks} (new layer scales at zero)", flush=True)
    if args.dec_grid:
        n_fft, hop = args.dec_grid
        if (model.cfg.dec_n_fft, model.decoder.stft_hop) != (n_fft, hop):
            try:
                regrid_decoder(model, n_fft, hop)
            except ValueError as e:
                raise SystemExit(f"--dec-grid {n_fft} {hop}: the decoder has a {model.cfg.dec_n_fft}/"
                                 f"{model.decoder.stft_hop} head; {e}") from None
            print(f"decoder head regridded to n_fft {n_fft}, hop {hop} ({model.decoder.sub} spectra per frame)", flush=True)
    info = dict(ck.get("adapt", {}))
    step = first = int(info.get("steps", 0))
    opt = encoder_and_decoder(model, args.encoder_lr_scale) if enc else decoder_only(model)
    disc = opt_d = None
    if args.gan:
        from codec.discriminators import Discriminators
        disc = Discriminators(width=args.gan_width)
        opt_d = torch.optim.AdamW(disc.parameters(), lr=1.0, betas=(0.8, 0.99), weight_decay=0.01)
        if ck.get("adapt_disc", {}).get("width") == args.gan_width:
            disc.load_state_dict(ck["adapt_disc"]["model"])
    store = TokenStore(args.tokens)
    generated = Generated(out, store.levels)
    frames = int(args.seconds * 50)
    weights = parse_levels_weights(args.levels_weights)
    data = Batches(store, generated, frames, args.true_share, args.seed + step, levels_weights=weights)
    # fixed monitoring crops (training clips; the held-out speakers are for the evaluation only)
    # no collect folder: own codes only, and the generated-codes probe is left out
    probe = Batches(store, generated, frames, 0.0, 999).batch(16) if data.gen_rows else None
    probe_own = Batches(store, generated, frames, 1.0, 998).batch(16)
    probe_own4 = (probe_own[0].clone(), probe_own[1])  # the levels SoundStorm generates (0-3)
    probe_own4[0][:, 4:] = store.codebook_size
    mel = MelLoss(model.cfg)
    spec = LogSpecLoss(args.stft_ffts) if args.stft_weight > 0 else None
    lsd = LsdLoss() if args.lsd_weight > 0 else None
    cep = CepstralLoss(delta=args.cep_delta) if args.cep_weight > 0 else None
    phone = None
    if args.phone_weight > 0:
        from codec.phonetic import PhoneticLoss
        # Debian's torch 1.13 computes the tokenizer's convolution gradients wrongly through mkldnn on CPU
        # (different on every call, now and then 1e10 in size: semantic/train.py, configure_backend); the
        # native kernels are exact and, for the decoder too, about as fast one thread a step
        torch.backends.mkldnn.enabled = False
        phone = PhoneticLoss.from_checkpoint(args.phone_semantic, args.phone_posterior)
    extra_loss = spectral_extra(spec, args.stft_weight, lsd, args.lsd_weight, cep, args.cep_weight, phone, args.phone_weight)
    own_mel, own_lsd, own_cep, own_phone = own_probe(model, mel, probe_own, enc, phone)
    now = {"generated": mel_of(model, mel, probe), "own": own_mel,
           "own_4_levels": mel_of(model, mel, probe_own4, enc), "own_lsd": own_lsd, "own_cepstral": own_cep}
    start_mel = info.get("start_mel") or now
    print(f"step {step}: probe mel on generated codes {now['generated']}, own codes {now['own']}, "
          f"own codes' first 4 levels {now['own_4_levels']}, own codes' LSD {now['own_lsd']} dB, cepstral {own_cep} dB "
          f"({len(data.gen_rows)} generated clips)"
          + (f", phonetic {own_phone}" if phone is not None else ""), flush=True)
    start, t_ckpt, run = time.time(), time.time(), 0.0
    log = open(out / "adapt.log", "a")
    while True:
        done = time.time() - start >= args.minutes * 60
        if done or time.time() - t_ckpt > 240:
            # one entry per invocation: a resumed run may change the mix or the rate
            history = [h for h in info.get("history", []) if h["from_step"] != first]
            history.append({"from_step": first, "to_step": step, "true_share": args.true_share, "lr": args.lr,
                            **({"decay": args.decay} if args.decay else {}),
                            **({"levels_weights": weights} if weights else {}),
                            **({"dec_blocks": args.dec_blocks} if args.dec_blocks else {}),
                            **({"dec_grid": list(args.dec_grid)} if args.dec_grid else {}),
                            **({"train_encoder": True, "encoder_lr_scale": args.encoder_lr_scale} if enc else {}),
                            **({"stft_weight": args.stft_weight, "stft_ffts": list(args.stft_ffts)} if spec is not None else {}),
                            **({"lsd_weight": args.lsd_weight} if lsd is not None else {}),
                            **({"cep_weight": args.cep_weight} if cep is not None else {}),
                            **({"cep_delta": args.cep_delta} if cep is not None and args.cep_delta else {}),
                            **({"phone_weight": args.phone_weight, "phone_semantic": str(args.phone_semantic),
                                "phone_posterior": args.phone_posterior} if phone is not None else {}),
                            **({"gan": True} if disc is not None else {})})
            info = {"steps": step, "wall_seconds": round(info.get("wall_seconds", 0) + run, 1), "from": str(args.codec),
                    "generated_clips": len(data.gen_rows), "history": history, "start_mel": start_mel}
            run = 0.0
            extra = {"adapt": info}
            if disc is not None:
                extra["adapt_disc"] = {"width": args.gan_width, "model": disc.state_dict()}
            save_checkpoint(last, model, None, int(ck["step"]), float(ck["wall_seconds"]), extra)
            t_ckpt = time.time()
        if done:
            break
        t0 = time.time()
        codes, audio = data.batch(args.batch)
        lr = args.lr * min(1.0, (step - first + 1) / 100) * decay_factor(step, args.decay)
        if disc is None:
            loss = adapt_step(model, opt, mel, codes, audio, lr, extra=extra_loss, through_encoder=enc)
        else:
            loss, ld, adv = gan_step(model, opt, disc, opt_d, mel, codes, audio, lr, mel_weight=args.mel_weight_gan,
                                     fm_weight=args.fm_weight, extra=extra_loss)
        step += 1
        run += time.time() - t0
        if step % args.eval_every == 0:
            own_mel, own_lsd, own_cep, own_phone = own_probe(model, mel, probe_own, enc, phone)
            rec = {"step": step, "loss": round(loss, 4), **({"probe_own_phonetic": own_phone}
                                                            if phone is not None else {}), "probe_generated_mel": mel_of(model, mel, probe),
                   "probe_own_mel": own_mel,
                   "probe_own_4_levels_mel": mel_of(model, mel, probe_own4, enc),
                   "probe_own_lsd": own_lsd, "probe_own_cepstral": own_cep,
                   **({"disc": round(ld, 4), "adv": round(adv, 4)} if disc is not None else {}), "minutes": round(info.get("wall_seconds", 0) / 60 + run / 60, 1)}
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + "\n")
            log.flush()
    own_mel, own_lsd, own_cep, _ = own_probe(model, mel, probe_own, enc)
    print(f"done: {step} adaptation steps; probe mel on generated codes {start_mel['generated']} -> "
          f"{mel_of(model, mel, probe)}, own codes {start_mel['own']} -> {own_mel}, "
          f"own codes' LSD {start_mel.get('own_lsd')} -> {own_lsd} dB, cepstral {start_mel.get('own_cepstral')} -> "
          f"{own_cep} dB; wrote {last}", flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--soundstorm", required=True)
    c.add_argument("--tokens", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--minutes", type=float, default=30)
    c.add_argument("--min-frames", type=int, default=100)
    c.add_argument("--max-frames", type=int, default=500)
    c.add_argument("--prompt-frames", type=int, default=150)
    c.add_argument("--temperature", type=float, default=0.8)
    c.add_argument("--top-p", type=float, default=0.9)
    c.add_argument("--threads", type=int, default=1)
    c.add_argument("--seed", type=int, default=0)
    t = sub.add_parser("train")
    t.add_argument("--codec", required=True, help="the codec checkpoint to start from")
    t.add_argument("--tokens", required=True)
    t.add_argument("--generated", required=True, help="the collect folder; the adapted codec is written there")
    t.add_argument("--minutes", type=float, default=30)
    t.add_argument("--lr", type=float, default=2e-4)
    t.add_argument("--batch", type=int, default=16)
    t.add_argument("--seconds", type=float, default=1.0)
    t.add_argument("--true-share", type=float, default=0.3, help="share of crops decoded from the codec's own codes")
    t.add_argument("--eval-every", type=int, default=50)
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--levels-weights", default=None,
                   help="own codes: level counts and their weights, e.g. 4:1,8:1 (SoundStorm generates levels 0-3; "
                        "the codec round trip uses 8); default: the codec training's quantiser dropout")
    t.add_argument("--stft-weight", type=float, default=0.0,
                   help="add this weight x a multi-resolution log-magnitude L1 on the linear STFT bins "
                        "(what the evaluation's log-spectral distance reads) to the mel loss")
    t.add_argument("--stft-ffts", type=lambda v: tuple(int(x) for x in v.split(",")), default=(512, 1024, 2048),
                   help="the log-magnitude loss's FFT sizes (hop n/4), comma-separated")
    t.add_argument("--lsd-weight", type=float, default=0.0,
                   help="add this weight x the evaluation's log-spectral distance (codec.train.LsdLoss, nepers)")
    t.add_argument("--cep-weight", type=float, default=0.0,
                   help="add this weight x the evaluation's cepstral distance (codec.train.CepstralLoss: the "
                        "envelope pocketsphinx's front end reads)")
    t.add_argument("--cep-delta", type=float, default=0.0,
                   help="with --cep-weight: also the delta cepstra's distance (c[t+2] - c[t-2]) at this weight")
    t.add_argument("--phone-weight", type=float, default=0.0,
                   help="add this weight x the phonetic loss (codec.phonetic: the frozen semantic tokenizer's hidden "
                        "states and phone posteriors on the rendering against the recording's)")
    t.add_argument("--phone-semantic", default=str(HERE.parent / "checkpoints" / "semantic-conv-s25.pt"),
                   help="--phone-weight: the semantic tokenizer checkpoint that reads both signals")
    t.add_argument("--phone-posterior", type=float, default=1.0,
                   help="--phone-weight: the posterior KL's weight beside the hidden states' distance")
    t.add_argument("--gan", action="store_true", help="add the adversarial losses (MPD + MRD) to the decoder's training")
    t.add_argument("--gan-width", type=int, default=16)
    t.add_argument("--mel-weight-gan", type=float, default=45.0,
                   help="--gan: the weight of the reconstruction losses (mel L1 + the --stft/--lsd/--cep terms)")
    t.add_argument("--fm-weight", type=float, default=2.0, help="--gan: the feature-matching loss's weight")
    t.add_argument("--dec-blocks", type=int, default=0,
                   help="grow the decoder's trunk to this many ConvNeXt blocks (new ones start as identities)")
    t.add_argument("--dec-grid", type=int, nargs=2, default=None, metavar=("N_FFT", "HOP"),
                   help="give the decoder an inverse-STFT head of this window and hop (HOP divides the codec's "
                        "320: 160 gives two spectra per frame); the trunk is kept and the head starts from the "
                        "old one (codec.model.regrid_decoder), codes unchanged")
    t.add_argument("--train-encoder", action="store_true",
                   help="train the encoder with the decoder (codebooks frozen, so codes keep their meaning; "
                        "the own codes' crops are encoded afresh each step)")
    t.add_argument("--encoder-lr-scale", type=float, default=0.1,
                   help="--train-encoder: the encoder's learning rate as a share of --lr")
    t.add_argument("--fresh", action="store_true", help="start again from --codec even if the folder has codec.pt")
    t.add_argument("--decay", type=float, nargs=3, default=None, metavar=("START", "STEPS", "FINAL"),
                   help="learning rate 1x until adaptation step START, then linear to FINAL x over STEPS steps")
    args = ap.parse_args(argv)
    collect(args) if args.cmd == "collect" else train(args)


if __name__ == "__main__":
    main()
