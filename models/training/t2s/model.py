"""Text-to-semantic for the frame-phoneme rung: a non-autoregressive duration model.

Phonemes (with word boundaries and punctuation) -> durations in frames, conditioned on the voice
prompt's semantic tokens (their speaking rate and pause habits). The engine length-regulates
`phonemeToSemantic[id]` by these durations into the semantic token sequence; scaling durations
gives exact speed and total-duration control.
"""
from dataclasses import asdict, dataclass

import torch
from torch import nn

from common.layers import ConformerBlock


@dataclass
class T2SConfig:
    vocab_size: int = 64
    semantic_vocab: int = 64
    dim: int = 128
    heads: int = 2
    layers: int = 3
    kernel: int = 5
    dropout: float = 0.1
    sil_id: int = 2

    def to_dict(self):
        return asdict(self)


class DurationModel(nn.Module):
    def __init__(self, cfg: T2SConfig):
        super().__init__()
        self.cfg = cfg
        self.phone_emb = nn.Embedding(cfg.vocab_size, cfg.dim)
        self.prompt_emb = nn.Embedding(cfg.semantic_vocab, cfg.dim)
        self.style = nn.Sequential(nn.Linear(cfg.dim + 2, cfg.dim), nn.SiLU(), nn.Linear(cfg.dim, cfg.dim))
        self.blocks = nn.ModuleList(ConformerBlock(cfg.dim, cfg.heads, 2, cfg.kernel, cfg.dropout) for _ in range(cfg.layers))
        self.out = nn.Linear(cfg.dim, 1)

    def style_vector(self, prompt):
        """prompt semantic [B,S] -> [B,C]: mean token embedding, segment rate, pause fraction."""
        # Mean over the prompt (not a sum divided by its length, which ONNX tracing would freeze).
        rate = (prompt[:, 1:] != prompt[:, :-1]).float().mean(1, keepdim=True) * 10.0
        pause = (prompt == self.cfg.sil_id).float().mean(1, keepdim=True)
        pooled = self.prompt_emb(prompt).mean(1)
        return self.style(torch.cat([pooled, rate, pause], -1))

    def forward(self, phonemes, prompt_semantic, pad_mask=None):
        """phonemes [B,P], prompt_semantic [B,S] -> log(1 + frames) [B,P]."""
        x = self.phone_emb(phonemes) + self.style_vector(prompt_semantic)[:, None, :]
        for block in self.blocks:
            x = block(x, pad_mask)
        return self.out(x)[..., 0]


class DurationGraph(nn.Module):
    """Export wrapper: -> durations float32 [B,P] in frames (>= 0, fractional)."""

    def __init__(self, model: DurationModel):
        super().__init__()
        self.model = model

    def forward(self, phonemes, prompt_semantic):
        return torch.relu(torch.exp(self.model(phonemes, prompt_semantic)) - 1.0)
