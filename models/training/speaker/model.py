"""A small speaker-embedding model for evaluating voice similarity (not shipped in packs).

Log-mel -> 1-D conv stack -> attentive statistics pooling -> 128-d unit embedding. Trained with an
additive-margin softmax over the training speakers; similarity is the cosine of two embeddings.
"""
import torch
from torch import nn

from common.layers import LogMel


class SpeakerEncoder(nn.Module):
    def __init__(self, n_speakers, dim=192, emb=128):
        super().__init__()
        self.mel = LogMel(hop=160)
        layers, ch = [], 80
        for k, d in ((5, 1), (3, 2), (3, 3), (3, 4)):
            layers += [nn.Conv1d(ch, dim, k, padding=d * (k // 2), dilation=d), nn.ReLU(), nn.BatchNorm1d(dim)]
            ch = dim
        self.convs = nn.Sequential(*layers)
        self.attn = nn.Conv1d(dim, 1, 1)
        self.proj = nn.Linear(2 * dim, emb)
        self.classes = nn.Parameter(torch.randn(n_speakers, emb) * 0.01)

    def embed(self, audio):
        """audio [B,N] -> unit embeddings [B,E]."""
        x = self.mel(audio)
        x = x - x.mean(-1, keepdim=True)
        h = self.convs(x)
        w = self.attn(h).softmax(-1)
        mean = (h * w).sum(-1)
        std = ((h * h * w).sum(-1) - mean * mean).clamp_min(1e-6).sqrt()
        return nn.functional.normalize(self.proj(torch.cat([mean, std], -1)), dim=-1)

    def logits(self, emb, labels=None, margin=0.2, scale=30.0):
        cos = emb @ nn.functional.normalize(self.classes, dim=-1).T
        if labels is not None:
            cos = cos - margin * nn.functional.one_hot(labels, cos.shape[-1])
        return scale * cos
