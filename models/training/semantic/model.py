"""Semantic tokenizer: a small Conformer speech encoder with a CTC phoneme head and a frame head.

Rung 1 of the semantic ladder (../shared/TRAINING.md): a semantic token is the phone label of one
20 ms frame. Stage 1 trains the CTC head; its forced alignment labels every frame; stage 2 trains
the frame head on those labels. The exported graph maps audio to frame labels (argmax inside).
"""
from dataclasses import asdict, dataclass

import torch
from torch import nn

from common.layers import ConformerBlock, LogMel


@dataclass
class SemanticConfig:
    vocab_size: int = 64  # phoneme inventory size; CTC blank is id 0 (<pad>)
    dim: int = 144
    heads: int = 4
    layers: int = 4
    kernel: int = 15
    dropout: float = 0.1
    hop: int = 320  # samples per output frame (50 Hz at 16 kHz)
    # "conformer", or "conv": a QuartzNet-like stack of depthwise-separable convolutions, several
    # times cheaper per step on CPU (no attention), for when compute is the limit.
    arch: str = "conformer"

    def to_dict(self):
        return asdict(self)


class SeparableConvBlock(nn.Module):
    """Depthwise conv over time + pointwise mix, LayerNorm, GELU, residual. x [B,T,C]."""

    def __init__(self, dim, kernel, dropout):
        super().__init__()
        self.dw = nn.Conv1d(dim, dim, kernel, padding=kernel // 2, groups=dim)
        self.pw = nn.Linear(dim, dim)
        self.norm = nn.LayerNorm(dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, pad_mask=None):
        y = x if pad_mask is None else x.masked_fill(pad_mask[..., None], 0.0)
        y = self.dw(y.transpose(1, 2)).transpose(1, 2)
        return x + self.drop(nn.functional.gelu(self.norm(self.pw(y))))


def spec_augment(mel, freq_masks=2, freq_width=10, time_masks=2, time_width=8, generator=None):
    """SpecAugment's masks on a normalised log-mel [B,F,T]: per clip, `freq_masks` bands of up to
    `freq_width` bins and `time_masks` spans of up to `time_width` frames are set to 0 (the clip's
    mean after normalisation). Returns a new tensor; the labels stay as they are."""
    out = mel.clone()
    b, f, t = mel.shape

    def rand(hi):
        return int(torch.randint(0, max(1, hi), (1,), generator=generator))

    for i in range(b):
        for _ in range(freq_masks):
            w = rand(freq_width + 1)
            start = rand(f - w + 1)
            out[i, start:start + w, :] = 0.0
        for _ in range(time_masks):
            w = rand(time_width + 1)
            start = rand(t - w + 1)
            out[i, :, start:start + w] = 0.0
    return out


class SemanticEncoder(nn.Module):
    def __init__(self, cfg: SemanticConfig):
        super().__init__()
        self.cfg = cfg
        # Training-time SpecAugment settings (a dict of spec_augment's arguments) or None. Not part of
        # the config: it changes nothing in eval mode, so exports and checkpoints do not carry it.
        self.augment = None
        self.mel = LogMel(hop=cfg.hop // 2)
        self.subsample = nn.Sequential(
            nn.Conv1d(80, cfg.dim, 3, padding=1), nn.GELU(),
            nn.Conv1d(cfg.dim, cfg.dim, 3, stride=2, padding=1), nn.GELU(),
        )
        if cfg.arch == "conv":
            self.blocks = nn.ModuleList(SeparableConvBlock(cfg.dim, cfg.kernel, cfg.dropout) for _ in range(cfg.layers))
        else:
            self.blocks = nn.ModuleList(ConformerBlock(cfg.dim, cfg.heads, 4, cfg.kernel, cfg.dropout) for _ in range(cfg.layers))
        self.ctc_head = nn.Linear(cfg.dim, cfg.vocab_size)
        self.frame_head = nn.Linear(cfg.dim, cfg.vocab_size)

    def encode(self, audio, pad_mask=None):
        """audio [B,N] -> hidden [B,T,C], T = N / hop; pad_mask [B,T] True where padded."""
        # Per-utterance mean normalisation: the corpora differ in level and channel.
        mel = self.mel(audio)
        mel = (mel - mel.mean(-1, keepdim=True)) / 4.0
        if self.training and self.augment:
            mel = spec_augment(mel, **self.augment)
        x = self.subsample(mel).transpose(1, 2)
        for block in self.blocks:
            x = block(x, pad_mask)
        return x

    def forward(self, audio, pad_mask=None):
        """-> (ctc logits [B,T,V], frame logits [B,T,V])."""
        h = self.encode(audio, pad_mask)
        return self.ctc_head(h), self.frame_head(h)


class SemanticTokens(nn.Module):
    """Export wrapper: audio float32 [B,N] -> tokens int64 [B,T] (frame-head argmax)."""

    def __init__(self, encoder: SemanticEncoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, audio):
        return self.encoder.frame_head(self.encoder.encode(audio)).argmax(-1)
