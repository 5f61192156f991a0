"""Adversarial stage of the codec (train.py --gan): multi-period and multi-resolution discriminators.

HiFi-GAN's MPD (periods 2, 3, 5, 7, 11) and Vocos/UnivNet's MRD (log-magnitude STFT at n_fft 512,
1024, 2048), at widths reduced for CPU (``width``). Losses are least-squares GAN (HiFi-GAN) plus L1
feature matching. Shapes: audio [B,N]; each discriminator returns (logits, [feature maps]).
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import weight_norm


def _conv_stack(convs, post, x):
    """Leaky-ReLU conv stack, then the 1-channel output conv: (logits, every layer's output)."""
    feats = []
    for c in convs:
        x = F.leaky_relu(c(x), 0.1)
        feats.append(x)
    x = post(x)
    feats.append(x)
    return x, feats


class PeriodDiscriminator(nn.Module):
    """audio [B,N] -> logits [B,1,N'/p,p] via a [B,1,N/p,p] view and (k,1) convolutions."""

    def __init__(self, period: int, width: int = 16):
        super().__init__()
        self.period = period
        ch = [1, width, width * 4, width * 8, width * 16]
        self.convs = nn.ModuleList([weight_norm(nn.Conv2d(ch[i], ch[i + 1], (5, 1), (3, 1), padding=(2, 0)))
                                    for i in range(4)])
        self.convs.append(weight_norm(nn.Conv2d(ch[-1], ch[-1], (5, 1), 1, padding=(2, 0))))
        self.post = weight_norm(nn.Conv2d(ch[-1], 1, (3, 1), 1, padding=(1, 0)))

    def forward(self, x):
        b, n = x.shape
        pad = (-n) % self.period
        x = F.pad(x, (0, pad), mode="reflect").view(b, 1, -1, self.period)
        return _conv_stack(self.convs, self.post, x)


class ResolutionDiscriminator(nn.Module):
    """audio [B,N] -> logits over a [B,1,T,F] log-magnitude spectrogram (n_fft, hop n_fft/4)."""

    def __init__(self, n_fft: int, width: int = 16):
        super().__init__()
        self.n_fft = n_fft
        self.register_buffer("window", torch.hann_window(n_fft))
        self.convs = nn.ModuleList([
            weight_norm(nn.Conv2d(1, width, (7, 5), (2, 2), padding=(3, 2))),
            weight_norm(nn.Conv2d(width, width, (5, 3), (2, 1), padding=(2, 1))),
            weight_norm(nn.Conv2d(width, width, (5, 3), (2, 2), padding=(2, 1))),
            weight_norm(nn.Conv2d(width, width, 3, (2, 1), padding=1)),
            weight_norm(nn.Conv2d(width, width, 3, (2, 2), padding=1)),
        ])
        self.post = weight_norm(nn.Conv2d(width, 1, 3, padding=1))

    def forward(self, x):
        s = torch.stft(x, self.n_fft, self.n_fft // 4, window=self.window, return_complex=True)
        x = torch.log(s.abs().clamp_min(1e-5)).transpose(1, 2).unsqueeze(1)  # [B,1,T,F]
        return _conv_stack(self.convs, self.post, x)


class Discriminators(nn.Module):
    def __init__(self, periods=(2, 3, 5, 7, 11), ffts=(512, 1024, 2048), width: int = 16):
        super().__init__()
        self.discs = nn.ModuleList([PeriodDiscriminator(p, width) for p in periods] +
                                   [ResolutionDiscriminator(n, width * 2) for n in ffts])

    def forward(self, x):
        """audio [B,N] -> list of (logits, feature maps), one per discriminator."""
        return [d(x) for d in self.discs]


def discriminator_loss(real, fake) -> torch.Tensor:
    """LSGAN: mean over discriminators of E[(1 - D(x))^2] + E[D(G(z))^2]."""
    return sum(torch.mean((1 - r[0]) ** 2) + torch.mean(f[0] ** 2) for r, f in zip(real, fake)) / len(real)


def generator_losses(real, fake) -> tuple[torch.Tensor, torch.Tensor]:
    """(adversarial E[(1 - D(G(z)))^2], feature matching L1) averaged over discriminators."""
    adv = sum(torch.mean((1 - f[0]) ** 2) for f in fake) / len(fake)
    fm = sum(F.l1_loss(ff, rf.detach()) for r, f in zip(real, fake) for rf, ff in zip(r[1], f[1]))
    return adv, fm / len(fake)
