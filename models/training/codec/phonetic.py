"""A phonetic loss for the codec decoder: the frozen semantic tokenizer reads the recording and the
rendering, and the decoder learns to make them read alike.

The spectral losses (mel L1, log-magnitude, LSD, cepstra) weigh every bin and frame by its level;
what a listener or a recogniser needs is the phone, and the frames that carry it (onsets, bursts, the
transitions between vowels and consonants) are short and quiet. The semantic tokenizer
(semantic/model.py) was trained to tell phones apart frame by frame, so the distance between its
hidden states on the two signals is a distance in what tells phones apart, the way speech-enhancement
work uses an ASR model's features as a perceptual loss. Two parts:

  features  per layer (the subsampling output and every block's output), the mean absolute difference
            of the hidden states over the recording's mean absolute state (scale-free per layer),
            averaged over the layers;
  posterior the KL divergence of the rendering's frame-head phone posterior from the recording's,
            per frame, averaged.

The tokenizer is frozen and in eval mode (no dropout, SpecAugment or VTLP); gradients reach the
rendering only. Train with torch.backends.mkldnn off (codec.adapt does): Debian's torch 1.13 gets
this encoder's convolution gradients wrong through mkldnn on CPU. Both signals are 16 kHz crops
of whole codec frames (320 samples, two mel hops).
"""
from __future__ import annotations

import torch
from torch import nn


class PhoneticLoss(nn.Module):
    def __init__(self, encoder: nn.Module, posterior_weight: float = 1.0):
        """encoder: a semantic.model.SemanticEncoder (frozen here)."""
        super().__init__()
        self.encoder = encoder.eval()
        for p in self.encoder.parameters():
            p.requires_grad_(False)
        self.posterior_weight = posterior_weight

    @classmethod
    def from_checkpoint(cls, path, posterior_weight: float = 1.0) -> "PhoneticLoss":
        from semantic.export import load_semantic
        model, _ = load_semantic(path)
        return cls(model.encoder, posterior_weight)

    def train(self, mode: bool = True):
        # the tokenizer stays in eval mode whatever the caller's mode
        super().train(mode)
        self.encoder.eval()
        return self

    def layers(self, audio: torch.Tensor) -> list[torch.Tensor]:
        """audio [B,N] -> SemanticEncoder.states (eval mode: no augmentation), then the frame head's
        log-posteriors [B,T,V] last."""
        out = self.encoder.states(audio)
        return out + [torch.log_softmax(self.encoder.frame_head(out[-1]), -1)]

    def forward(self, y: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """y: the rendering [B,N], x: the recording [B,N] -> the loss (a scalar)."""
        with torch.no_grad():
            target = self.layers(x)
        got = self.layers(y)
        feats = [(g - t).abs().mean() / t.abs().mean().clamp_min(1e-6) for g, t in zip(got[:-1], target[:-1])]
        loss = torch.stack(feats).mean()
        if self.posterior_weight > 0:
            lp, lq = target[-1], got[-1]
            kl = (lp.exp() * (lp - lq)).sum(-1).mean()
            loss = loss + self.posterior_weight * kl
        return loss
