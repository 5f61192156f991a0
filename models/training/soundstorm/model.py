"""SoundStorm (Borsos et al. 2023): a bidirectional Conformer over codec frames.

Per frame, the embedding of the semantic token and of every RVQ level's token (or that level's mask
token, id K) are summed; one output head per level. The exported graph returns one level's logits.
"""
from dataclasses import asdict, dataclass

import torch
from torch import nn

from common.layers import ConformerBlock


@dataclass
class SoundStormConfig:
    semantic_vocab: int = 64
    levels: int = 8
    codebook_size: int = 1024
    dim: int = 256
    heads: int = 4
    layers: int = 6
    kernel: int = 15
    dropout: float = 0.1
    # Output head of level q = that level's code embeddings (weight tying): half the parameters of
    # the embedding/head tables, which dominate a small model's size.
    tie_heads: bool = True

    def to_dict(self):
        return asdict(self)


class SoundStorm(nn.Module):
    def __init__(self, cfg: SoundStormConfig):
        super().__init__()
        self.cfg = cfg
        self.semantic_emb = nn.Embedding(cfg.semantic_vocab, cfg.dim)
        # Level q's codes live at rows q*(K+1) .. q*(K+1)+K of one table; row K of a level is its mask.
        self.code_emb = nn.Embedding(cfg.levels * (cfg.codebook_size + 1), cfg.dim)
        self.blocks = nn.ModuleList(ConformerBlock(cfg.dim, cfg.heads, 4, cfg.kernel, cfg.dropout) for _ in range(cfg.layers))
        self.norm = nn.LayerNorm(cfg.dim)
        if not cfg.tie_heads:
            self.head_weight = nn.Parameter(torch.randn(cfg.levels, cfg.dim, cfg.codebook_size) * cfg.dim ** -0.5)
        self.head_bias = nn.Parameter(torch.zeros(cfg.levels, cfg.codebook_size))
        offsets = torch.arange(cfg.levels) * (cfg.codebook_size + 1)
        self.register_buffer("level_offsets", offsets[None, :, None], persistent=False)

    def hidden(self, semantic, codes):
        """semantic [B,T] int64, codes [B,Q,T] int64 (K = masked) -> [B,T,C]."""
        x = self.semantic_emb(semantic) + self.code_emb(codes + self.level_offsets).sum(1)
        for block in self.blocks:
            x = block(x)
        return self.norm(x)

    def head_weights(self, levels):
        """levels int64 [L] -> output projections [L,C,K]."""
        if not self.cfg.tie_heads:
            return self.head_weight.index_select(0, levels)
        q, k, c = self.cfg.levels, self.cfg.codebook_size, self.cfg.dim
        table = self.code_emb.weight.view(q, k + 1, c).index_select(0, levels)[:, :k, :]
        return table.transpose(1, 2) * c ** -0.5  # unit-variance embeddings, unit-variance logits

    def level_logits(self, h, levels):
        """h [B,T,C], levels int64 [B] (one level per example) -> logits [B,T,K]."""
        return torch.bmm(h, self.head_weights(levels)) + self.head_bias.index_select(0, levels)[:, None, :]

    def forward(self, semantic, codes, level):
        """-> logits [B,T,K] of `level` (int64 [1])."""
        h = self.hidden(semantic, codes)
        return torch.matmul(h, self.head_weights(level)[0]) + self.head_bias.index_select(0, level)[0]
