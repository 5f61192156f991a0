"""SoundStream-like neural codec: log-mel encoder -> residual VQ -> Vocos-style decoder.

16 kHz mono, hop 320 (50 frames/s). Every module is pure (no I/O); shapes:
B batch, N samples (a multiple of ``hop``), T = N / hop frames, Q levels, K codes, D latent width.

    Codec.encode(audio [B,N])            -> codes int64 [B,Q,T]
    Codec.decode(codes int64 [B,Q,T])    -> audio [B,N]
    Codec(audio [B,N], n_q)              -> (audio_hat [B,N], codes [B,Q',T], commit_loss scalar)

Everything exports to ONNX (opset 17): the STFT of the encoder and the inverse STFT of the decoder are
framing (slices + concat) and a matmul with a (co)sine basis built *inside* the graph from a Range (so the files
stay small; ONNX Runtime folds it to a constant at session start), with overlap-add normalised by the
squared-window envelope. torch.stft / torch.istft are used only by the training losses.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class CodecConfig:
    name: str = "default"
    sample_rate: int = 16000
    hop: int = 320
    # encoder front end (log-mel)
    enc_n_fft: int = 1280
    enc_mels: int = 100
    enc_width: int = 256
    enc_blocks: int = 4
    # a second, fine-timed front end beside the long window (0: none): log-mel of an enc_fine_n_fft
    # window every enc_fine_hop samples, hop / enc_fine_hop of them stacked per codec frame and added
    # through a zero-initialised conv, so that a grown encoder starts as the one it was grown from
    enc_fine_n_fft: int = 0
    enc_fine_hop: int = 80
    enc_fine_mels: int = 40
    # quantiser
    latent: int = 128
    levels: int = 8
    codebook_size: int = 1024
    ema_decay: float = 0.99
    commit_weight: float = 1.0
    dead_fraction: float = 0.1      # a code is dead when its EMA usage < dead_fraction * mean usage
    quantizer_dropout: float = 0.5  # probability that a training batch uses n_q ~ U{1..Q} levels
    # decoder (Vocos)
    dec_width: int = 256
    dec_blocks: int = 8
    dec_mult: int = 3
    dec_n_fft: int = 1280
    # the inverse STFT's hop: 0 means one STFT frame per codec frame (hop); hop / r gives r frames per
    # codec frame (the head predicts r spectra from each trunk frame), a shorter synthesis window and
    # finer timing at the same trunk cost
    dec_hop: int = 0
    # training
    batch: int = 16
    seconds: float = 1.0
    lr: float = 1e-3
    warmup: int = 200
    weight_decay: float = 0.01
    grad_clip: float = 1.0
    mel_ffts: tuple = (512, 1024, 2048)
    mel_hops: tuple = (128, 256, 512)
    mel_bins: tuple = (64, 80, 128)

    def to_dict(self) -> dict:
        d = asdict(self)
        for k, v in d.items():
            if isinstance(v, tuple):
                d[k] = list(v)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "CodecConfig":
        known = {f for f in cls.__dataclass_fields__}
        d = {k: (tuple(v) if isinstance(v, list) else v) for k, v in d.items() if k in known}
        return cls(**d)


CONFIGS = {
    # ~5.5 M parameters (TRAINING.md's measured probe)
    "default": CodecConfig(),
    # trains in minutes on one core; ONNX files well under 1 MB each (latent 8: codebooks 8x1024x8)
    "tiny": CodecConfig(name="tiny", enc_n_fft=640, enc_mels=40, enc_width=48, enc_blocks=2, latent=8,
                        dec_width=64, dec_blocks=3, dec_mult=2, dec_n_fft=640, batch=8, lr=2e-3, warmup=50,
                        mel_bins=(40, 64, 80)),
}


# ------------------------------------------------------------------------------------ signal bits

def export_one(weight: torch.Tensor) -> torch.Tensor | None:
    """During ONNX export: a [1] tensor of ones derived from a parameter (weight[:1] * 0 + 1); else None."""
    if not torch.onnx.is_in_onnx_export():
        return None
    return weight.reshape(-1)[:1] * 0.0 + 1.0


def hann(n: int, device=None, one: torch.Tensor | None = None) -> torch.Tensor:
    """Periodic Hann window [n], built from a Range."""
    i = _arange(n, device, one)
    return 0.5 - 0.5 * torch.cos(2.0 * math.pi * i / n)


_BASIS_CACHE: dict = {}


def _cached(fn):
    """Outside ONNX export, keep each basis once per (n_fft, device). Inside export, build it in the
    graph from Ranges multiplied by ``one``, a [1] tensor of ones computed from a weight (see
    ``export_one``): the exporter cannot fold that into megabytes of constants (the files stay small),
    while ONNX Runtime, whose inputs there are all initializers, folds it once at session start."""
    def wrapper(n_fft: int, device=None, one: torch.Tensor | None = None):
        if torch.onnx.is_in_onnx_export():
            return fn(n_fft, device, one)
        key = (fn.__name__, n_fft, str(device))
        if key not in _BASIS_CACHE:
            _BASIS_CACHE[key] = fn(n_fft, device)
        return _BASIS_CACHE[key]
    wrapper.__name__ = fn.__name__
    return wrapper


def _arange(n: int, device=None, one: torch.Tensor | None = None) -> torch.Tensor:
    r = torch.arange(n, device=device, dtype=torch.float32)
    return r if one is None else r * one


@_cached
def dft_basis(n_fft: int, device=None, one: torch.Tensor | None = None) -> torch.Tensor:
    """Windowed forward real-DFT basis [n_fft, 2*(n_fft//2+1)]: cos columns then -sin columns."""
    bins = n_fft // 2 + 1
    k = _arange(bins, device, one).unsqueeze(1)
    n = _arange(n_fft, device, one).unsqueeze(0)
    ang = 2.0 * math.pi * k * n / n_fft
    w = hann(n_fft, device, one)
    return torch.cat([torch.cos(ang) * w, -torch.sin(ang) * w], 0).t()


@_cached
def window_sq(n_fft: int, device=None, one: torch.Tensor | None = None) -> torch.Tensor:
    """Squared Hann window [n_fft] (the overlap-add envelope's kernel)."""
    return hann(n_fft, device, one) ** 2


@_cached
def idft_basis(n_fft: int, device=None, one: torch.Tensor | None = None) -> torch.Tensor:
    """Windowed inverse real-DFT basis [2*(n_fft//2+1), n_fft] (irfft of Re / Im parts, times the
    synthesis window)."""
    bins = n_fft // 2 + 1
    k = _arange(bins, device, one).unsqueeze(1)
    n = _arange(n_fft, device, one).unsqueeze(0)
    ang = 2.0 * math.pi * k * n / n_fft
    c = torch.cat([torch.ones(1, 1, device=device), torch.full((bins - 2, 1), 2.0, device=device),
                   torch.ones(1, 1, device=device)], 0)
    w = hann(n_fft, device, one)
    return torch.cat([c * torch.cos(ang), -c * torch.sin(ang)], 0) * w / n_fft


def frames(audio: torch.Tensor, n_fft: int, hop: int) -> torch.Tensor:
    """audio [B,N] (N = T*hop) -> frames [B,T,n_fft], frame t centred on sample t*hop + hop/2.
    n_fft must be a multiple of hop: frames are concatenations of n_fft/hop consecutive hop-chunks
    (slices and a concat: exports with dynamic N)."""
    r = n_fft // hop
    assert r * hop == n_fft
    pad = (n_fft - hop) // 2
    x = F.pad(audio, (pad, n_fft - hop - pad))  # [B, (T+r-1)*hop]
    chunks = x.reshape(x.shape[0], -1, hop)      # [B, T+r-1, hop]
    T = chunks.shape[1] - (r - 1)
    return torch.cat([chunks[:, i:i + T] for i in range(r)], -1)


def overlap_add(fr: torch.Tensor, hop: int) -> torch.Tensor:
    """frames [B,T,n_fft] -> [B, T*hop]: overlap-add at hop, trimmed like ``frames`` pads."""
    B, T, n_fft = fr.shape[0], fr.shape[1], fr.shape[2]
    r = n_fft // hop
    parts = fr.reshape(B, T, r, hop)
    out = None
    for i in range(r):
        p = F.pad(parts[:, :, i], (0, 0, i, r - 1 - i))  # [B, T+r-1, hop]
        out = p if out is None else out + p
    out = out.reshape(B, -1)
    pad = (n_fft - hop) // 2
    return out[:, pad:pad + T * hop]


def stft_frames(audio: torch.Tensor, n_fft: int, hop: int, one: torch.Tensor | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
    """audio [B,N] -> (re, im) [B, n_fft//2+1, N/hop]: windowed real DFT of ``frames``."""
    spec = torch.matmul(frames(audio, n_fft, hop), dft_basis(n_fft, audio.device, one)).transpose(1, 2)
    bins = n_fft // 2 + 1
    return spec[:, :bins], spec[:, bins:]


def istft_frames(re: torch.Tensor, im: torch.Tensor, n_fft: int, hop: int,
                 one: torch.Tensor | None = None) -> torch.Tensor:
    """(re, im) [B, n_fft//2+1, T] -> audio [B, T*hop]; inverse of stft_frames (weighted overlap-add,
    divided by the overlap-added squared window)."""
    spec = torch.cat([re, im], 1).transpose(1, 2)                     # [B,T,2*bins]
    y = overlap_add(torch.matmul(spec, idft_basis(n_fft, re.device, one)), hop)
    w2 = window_sq(n_fft, re.device, one).view(1, 1, n_fft)
    env = overlap_add(torch.ones_like(spec[:1, :, :1]) * w2, hop)    # [1, T*hop]
    return y / env.clamp_min(1e-6)


def mel_filterbank(n_fft: int, n_mels: int, sample_rate: int, fmin: float = 0.0,
                   fmax: float | None = None) -> torch.Tensor:
    """HTK-style triangular mel filters [n_mels, n_fft//2+1], Slaney-normalised."""
    fmax = fmax or sample_rate / 2

    def hz2mel(f):
        return 2595.0 * math.log10(1.0 + f / 700.0)

    mels = torch.linspace(hz2mel(fmin), hz2mel(fmax), n_mels + 2)
    hz = 700.0 * (10 ** (mels / 2595.0) - 1.0)
    freqs = torch.linspace(0, sample_rate / 2, n_fft // 2 + 1)
    lower = (freqs.unsqueeze(0) - hz[:-2].unsqueeze(1)) / (hz[1:-1] - hz[:-2]).unsqueeze(1)
    upper = (hz[2:].unsqueeze(1) - freqs.unsqueeze(0)) / (hz[2:] - hz[1:-1]).unsqueeze(1)
    fb = torch.clamp(torch.minimum(lower, upper), min=0.0)
    fb = fb * (2.0 / (hz[2:] - hz[:-2])).unsqueeze(1)
    return fb


# ------------------------------------------------------------------------------------ blocks

class ConvNeXtBlock(nn.Module):
    """x [B,C,T] -> [B,C,T]: depthwise conv 7, LayerNorm, pointwise C->mC->C (GELU), layer scale."""

    def __init__(self, dim: int, mult: int = 3, layer_scale: float = 1e-2):
        super().__init__()
        self.dw = nn.Conv1d(dim, dim, 7, padding=3, groups=dim)
        self.norm = nn.LayerNorm(dim, eps=1e-6)
        self.pw1 = nn.Linear(dim, dim * mult)
        self.pw2 = nn.Linear(dim * mult, dim)
        self.gamma = nn.Parameter(torch.full((dim,), layer_scale))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.dw(x).transpose(1, 2)
        h = self.pw2(F.gelu(self.pw1(self.norm(h))))
        return x + (self.gamma * h).transpose(1, 2)


class Encoder(nn.Module):
    """audio [B,N] -> latent z [B,D,T] (log-mel, n_fft enc_n_fft, hop 320; ConvNeXt at frame rate)."""

    def __init__(self, cfg: CodecConfig):
        super().__init__()
        self.cfg = cfg
        self.register_buffer("mel_fb", mel_filterbank(cfg.enc_n_fft, cfg.enc_mels, cfg.sample_rate))
        self.inp = nn.Conv1d(cfg.enc_mels, cfg.enc_width, 7, padding=3)
        self.norm_in = nn.LayerNorm(cfg.enc_width, eps=1e-6)
        self.blocks = nn.ModuleList([ConvNeXtBlock(cfg.enc_width) for _ in range(cfg.enc_blocks)])
        self.norm_out = nn.LayerNorm(cfg.enc_width, eps=1e-6)
        self.out = nn.Linear(cfg.enc_width, cfg.latent)
        if cfg.enc_fine_n_fft:
            self.fine_sub = r = cfg.hop // cfg.enc_fine_hop
            if r * cfg.enc_fine_hop != cfg.hop or cfg.enc_fine_n_fft % cfg.enc_fine_hop:
                raise ValueError(f"the fine front end's hop {cfg.enc_fine_hop} must divide the frame hop {cfg.hop} "
                                 f"and its window {cfg.enc_fine_n_fft}")
            self.register_buffer("fine_fb", mel_filterbank(cfg.enc_fine_n_fft, cfg.enc_fine_mels, cfg.sample_rate))
            self.fine_inp = nn.Conv1d(cfg.enc_fine_mels * r, cfg.enc_width, 3, padding=1)
            nn.init.zeros_(self.fine_inp.weight)
            nn.init.zeros_(self.fine_inp.bias)

    def _log_mel(self, audio: torch.Tensor, n_fft: int, hop: int, fb: torch.Tensor) -> torch.Tensor:
        re, im = stft_frames(audio, n_fft, hop, export_one(self.norm_in.weight))
        mag = torch.sqrt(re * re + im * im + 1e-9)
        return torch.log(torch.matmul(fb, mag).clamp_min(1e-5))

    def log_mel(self, audio: torch.Tensor) -> torch.Tensor:
        """audio [B,N] -> log-mel [B, mels, T]."""
        return self._log_mel(audio, self.cfg.enc_n_fft, self.cfg.hop, self.mel_fb)

    def fine_log_mel(self, audio: torch.Tensor) -> torch.Tensor:
        """audio [B,N] -> the fine front end's log-mel [B, fine_mels * r, T]: the r = hop / fine_hop
        sub-frames of codec frame t (centred at t*hop + (k + 1/2)*fine_hop), stacked mel-major."""
        mel = self._log_mel(audio, self.cfg.enc_fine_n_fft, self.cfg.enc_fine_hop, self.fine_fb)
        b, m, r = mel.shape[0], mel.shape[1], self.fine_sub
        return mel.reshape(b, m, -1, r).transpose(2, 3).reshape(b, m * r, -1)

    def forward(self, audio: torch.Tensor) -> torch.Tensor:
        x = self.inp(self.log_mel(audio))
        if self.cfg.enc_fine_n_fft:
            x = x + self.fine_inp(self.fine_log_mel(audio))
        x = self.norm_in(x.transpose(1, 2)).transpose(1, 2)
        for b in self.blocks:
            x = b(x)
        return self.out(self.norm_out(x.transpose(1, 2))).transpose(1, 2)


class ResidualVQ(nn.Module):
    """Residual vector quantiser, Q levels x K codes of width D, EMA codebooks.

    - k-means init of every level from the first training batch's residuals at that level;
    - dead-code restart: codes whose EMA usage falls under ``dead_fraction`` of the mean are replaced by
      random residual vectors of the current batch;
    - quantiser dropout is chosen by the caller through ``n_q``.
    Buffers: ``embed`` [Q,K,D] (what inference uses), ``ema_count`` [Q,K], ``ema_sum`` [Q,K,D],
    ``inited`` [Q].
    """

    def __init__(self, cfg: CodecConfig):
        super().__init__()
        Q, K, D = cfg.levels, cfg.codebook_size, cfg.latent
        self.Q, self.K, self.D = Q, K, D
        self.decay = cfg.ema_decay
        self.dead_fraction = cfg.dead_fraction
        self.register_buffer("embed", torch.randn(Q, K, D) * 0.1)
        self.register_buffer("ema_count", torch.ones(Q, K))
        self.register_buffer("ema_sum", self.embed.clone())
        self.register_buffer("inited", torch.zeros(Q))
        self.restarts = torch.zeros(Q, dtype=torch.long)  # not a buffer: a statistic for logging

    @staticmethod
    def nearest(x: torch.Tensor, embed: torch.Tensor) -> torch.Tensor:
        """x [M,D] or [B,T,D], embed [K,D] -> ids [M] / [B,T] (int64): squared-distance argmin."""
        d = (x * x).sum(-1, keepdim=True) - 2.0 * torch.matmul(x, embed.t()) + (embed * embed).sum(-1)
        return torch.argmin(d, dim=-1)

    @torch.no_grad()
    def _kmeans_init(self, q: int, x: torch.Tensor, iters: int = 10):
        M = x.shape[0]
        g = torch.Generator().manual_seed(1234 + q)
        idx = torch.randint(0, M, (self.K,), generator=g) if M < self.K else torch.randperm(M, generator=g)[:self.K]
        c = x[idx].clone() + (1e-3 * x.std() * torch.randn(self.K, self.D, generator=g) if M < self.K else 0.0)
        for _ in range(iters):
            a = self.nearest(x, c)
            cnt = torch.bincount(a, minlength=self.K).float()
            s = torch.zeros_like(c).index_add_(0, a, x)
            used = cnt > 0
            c[used] = s[used] / cnt[used].unsqueeze(1)
        cnt = torch.bincount(self.nearest(x, c), minlength=self.K).float()
        mean = M / self.K
        self.embed[q] = c
        self.ema_count[q] = mean  # start every code at the mean usage (dead ones die after a while)
        self.ema_sum[q] = c * mean
        self.inited[q] = 1.0

    @torch.no_grad()
    def _ema_update(self, q: int, x: torch.Tensor, ids: torch.Tensor):
        M = x.shape[0]
        cnt = torch.bincount(ids, minlength=self.K).float()
        s = torch.zeros(self.K, self.D, dtype=x.dtype, device=x.device).index_add_(0, ids, x)
        self.ema_count[q].mul_(self.decay).add_(cnt, alpha=1 - self.decay)
        self.ema_sum[q].mul_(self.decay).add_(s, alpha=1 - self.decay)
        n = self.ema_count[q].sum()
        smoothed = (self.ema_count[q] + 1e-5) / (n + self.K * 1e-5) * n
        self.embed[q] = self.ema_sum[q] / smoothed.unsqueeze(1)
        # dead-code restart
        mean = M / self.K
        dead = self.ema_count[q] < self.dead_fraction * mean
        nd = int(dead.sum())
        if nd:
            pick = torch.randint(0, M, (nd,), device=x.device)
            v = x[pick] + 1e-3 * x.std() * torch.randn(nd, self.D, device=x.device)
            self.embed[q][dead] = v
            self.ema_count[q][dead] = mean
            self.ema_sum[q][dead] = v * mean
            self.restarts[q] += nd

    def forward(self, z: torch.Tensor, n_q: int | None = None):
        """z [B,D,T] -> (quantised [B,D,T] (straight-through), codes int64 [B,n_q,T], commit loss)."""
        n_q = n_q or self.Q
        x = z.transpose(1, 2)  # [B,T,D]
        residual = x
        out = torch.zeros_like(x)
        codes = []
        commit = x.new_zeros(())
        for q in range(n_q):
            flat = residual.reshape(-1, self.D)
            if self.training:
                rd = flat.detach()
                if self.inited[q] < 0.5:
                    self._kmeans_init(q, rd)
                ids = self.nearest(rd, self.embed[q])
                self._ema_update(q, rd, ids)
                ids = self.nearest(rd, self.embed[q])
            else:
                ids = self.nearest(flat, self.embed[q])
            quant = F.embedding(ids, self.embed[q]).view_as(residual)
            commit = commit + F.mse_loss(residual, quant.detach())
            out = out + quant
            residual = residual - quant.detach()
            codes.append(ids.view(x.shape[0], x.shape[1]))
        quantised = x + (out - x).detach()
        return quantised.transpose(1, 2), torch.stack(codes, 1), commit

    def encode(self, z: torch.Tensor) -> torch.Tensor:
        """z [B,D,T] -> codes int64 [B,Q,T] (inference; export-friendly)."""
        residual = z.transpose(1, 2)
        codes = []
        for q in range(self.Q):
            e = self.embed[q]
            ids = self.nearest(residual, e)
            residual = residual - F.embedding(ids, e)
            codes.append(ids)
        return torch.stack(codes, 1)

    def decode(self, codes: torch.Tensor) -> torch.Tensor:
        """codes int64 [B,Q',T] (Q' <= Q levels, coarsest first) -> latent [B,D,T].

        A code >= K (SoundStorm's mask id K) marks that level absent at that frame: it adds
        nothing, as if quantiser dropout had stopped before it. A pack that generates only the
        coarse levels leaves the fine ones masked, and the decoder hears the coarse levels alone."""
        out = None
        for q in range(codes.shape[1]):
            c = codes[:, q]
            present = c < self.embed[q].shape[0]
            v = F.embedding(torch.where(present, c, torch.zeros_like(c)), self.embed[q]) * present[..., None].to(self.embed[q].dtype)
            out = v if out is None else out + v
        return out.transpose(1, 2)


class Decoder(nn.Module):
    """latent [B,D,T] -> audio [B,T*hop]: ConvNeXt at frame rate, then an inverse-STFT head
    (log-magnitude + phase per bin, n_fft dec_n_fft; hop dec_hop, hop / dec_hop spectra per frame)."""

    def __init__(self, cfg: CodecConfig):
        super().__init__()
        self.cfg = cfg
        self.inp = nn.Conv1d(cfg.latent, cfg.dec_width, 7, padding=3)
        self.norm_in = nn.LayerNorm(cfg.dec_width, eps=1e-6)
        self.blocks = nn.ModuleList([ConvNeXtBlock(cfg.dec_width, cfg.dec_mult) for _ in range(cfg.dec_blocks)])
        self.norm_out = nn.LayerNorm(cfg.dec_width, eps=1e-6)
        self.bins = cfg.dec_n_fft // 2 + 1
        self.stft_hop = cfg.dec_hop or cfg.hop
        self.sub = cfg.hop // self.stft_hop
        if self.sub * self.stft_hop != cfg.hop or cfg.dec_n_fft % self.stft_hop:
            raise ValueError(f"dec_hop {cfg.dec_hop} must divide the hop ({cfg.hop}) and dec_n_fft ({cfg.dec_n_fft})")
        self.head = nn.Linear(cfg.dec_width, self.sub * 2 * self.bins)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.inp(z)
        x = self.norm_in(x.transpose(1, 2)).transpose(1, 2)
        for b in self.blocks:
            x = b(x)
        h = self.head(self.norm_out(x.transpose(1, 2)))  # [B, T, sub*2*bins]
        if self.sub > 1:  # frame t's spectra are STFT frames t*sub .. t*sub+sub-1
            h = h.reshape(h.shape[0], -1, 2 * self.bins)
        h = h.transpose(1, 2)  # [B, 2*bins, T*sub]
        logmag, phase = h[:, :self.bins], h[:, self.bins:]
        mag = torch.exp(logmag.clamp(max=7.0))
        return istft_frames(mag * torch.cos(phase), mag * torch.sin(phase), self.cfg.dec_n_fft, self.stft_hop,
                            export_one(self.norm_in.weight))


@torch.no_grad()
def regrid_decoder(codec: "Codec", n_fft: int, hop: int) -> None:
    """Give the decoder an inverse-STFT head of window n_fft and hop `hop` (a divisor of the codec's
    hop), keeping its trunk. The new head starts from the old one: each new bin copies the old bin of
    the same frequency (n_fft must divide the old n_fft), log-magnitudes shift by the windows' length
    ratio (a shorter window's STFT is smaller by that factor), and each sub-frame's phases advance by
    the frequency times the distance from the old frame's start to its own, so a steady partial comes
    out as before. Training takes it from there."""
    dec, cfg = codec.decoder, codec.cfg
    old_n, old_bins = cfg.dec_n_fft, dec.bins
    if dec.sub != 1:
        raise ValueError("regrid_decoder starts from a head with one spectrum per frame")
    if old_n % n_fft:
        raise ValueError(f"the new window ({n_fft}) must divide the old one ({old_n})")
    step = old_n // n_fft
    new_cfg = CodecConfig.from_dict({**cfg.to_dict(), "dec_n_fft": n_fft, "dec_hop": 0 if hop == cfg.hop else hop})
    new = Decoder(new_cfg).to(dec.head.weight.device)
    new.load_state_dict({k: v for k, v in dec.state_dict().items() if not k.startswith("head.")}, strict=False)
    w, b = dec.head.weight, dec.head.bias  # [2*old_bins, C]
    bins, sub = new.bins, new.sub
    pick = torch.arange(bins, device=w.device) * step
    k = torch.arange(bins, device=w.device, dtype=w.dtype)
    ws, bs = [], []
    for s in range(sub):
        # old frame t starts at t*hop + hop/2 - old_n/2; sub-frame s of frame t at t*hop + (s + 1/2)*hop' - n_fft/2
        shift = (s + 0.5) * hop - n_fft / 2 - (cfg.hop / 2 - old_n / 2)
        ws += [w[pick], w[old_bins + pick]]
        bs += [b[pick] - math.log(step), b[old_bins + pick] + 2 * math.pi * k * shift / n_fft]
    new.head.weight.copy_(torch.cat(ws, 0))
    new.head.bias.copy_(torch.cat(bs, 0))
    codec.decoder = new
    codec.cfg.dec_n_fft, codec.cfg.dec_hop = new_cfg.dec_n_fft, new_cfg.dec_hop


def grow_decoder(codec: "Codec", blocks: int) -> int:
    """Append ConvNeXt blocks to the decoder's trunk until it has `blocks`; each new block's layer
    scale starts at zero, so the grown decoder computes exactly what it did and the codes keep their
    meaning. Returns how many blocks were added (0 when it already has that many)."""
    dec = codec.decoder
    have = len(dec.blocks)
    if blocks < have:
        raise ValueError(f"the decoder has {have} blocks; it can grow, not shrink, to {blocks}")
    for _ in range(blocks - have):
        b = ConvNeXtBlock(codec.cfg.dec_width, codec.cfg.dec_mult, layer_scale=0.0)
        dec.blocks.append(b.to(dec.head.weight.device))
    codec.cfg.dec_blocks = blocks
    return blocks - have


class Codec(nn.Module):
    def __init__(self, cfg: CodecConfig):
        super().__init__()
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.quantizer = ResidualVQ(cfg)
        self.decoder = Decoder(cfg)

    def forward(self, audio: torch.Tensor, n_q: int | None = None):
        """audio [B,N] -> (audio_hat [B,N], codes int64 [B,n_q,T], commit loss)."""
        z = self.encoder(audio)
        zq, codes, commit = self.quantizer(z, n_q)
        return self.decoder(zq), codes, commit

    @torch.no_grad()
    def encode(self, audio: torch.Tensor) -> torch.Tensor:
        """audio [B,N] (N a multiple of hop) -> codes int64 [B,Q,T]."""
        return self.quantizer.encode(self.encoder(audio))

    @torch.no_grad()
    def decode(self, codes: torch.Tensor) -> torch.Tensor:
        """codes int64 [B,Q',T] -> audio [B,T*hop]."""
        return self.decoder(self.quantizer.decode(codes))


class EncoderGraph(nn.Module):
    """ONNX wrapper: audio float32 [B,N] -> codes int64 [B,Q,T]."""

    def __init__(self, codec: Codec):
        super().__init__()
        self.codec = codec

    def forward(self, audio):
        return self.codec.quantizer.encode(self.codec.encoder(audio))


class DecoderGraph(nn.Module):
    """ONNX wrapper: codes int64 [B,Q,T] -> audio float32 [B,N]."""

    def __init__(self, codec: Codec):
        super().__init__()
        self.codec = codec

    def forward(self, codes):
        return self.codec.decoder(self.codec.quantizer.decode(codes))


def count_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())
