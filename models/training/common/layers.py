"""Building blocks shared by the semantic encoder, SoundStorm and T2S (all export to ONNX opset 17)."""
import math

import torch
from torch import nn


class LogMel(nn.Module):
    """Audio [B,N] (16 kHz, N a multiple of `hop`) -> log-mel [B,n_mels,N/hop].

    The STFT is a strided conv over a fixed windowed DFT basis so that ONNX export needs no stft
    operator; padding is chosen so that the frame count is exactly N / hop.
    """

    def __init__(self, sample_rate=16000, n_fft=400, hop=160, n_mels=80):
        super().__init__()
        import torchaudio

        self.hop, self.n_fft = hop, n_fft
        n_bins = n_fft // 2 + 1
        fb = torchaudio.functional.melscale_fbanks(n_bins, 0.0, sample_rate / 2, n_mels, sample_rate, norm="slaney", mel_scale="slaney")
        self.register_buffer("fbank", fb.T.contiguous(), persistent=False)  # [n_mels, n_bins]
        self.pad_left = (n_fft - hop) // 2
        self.pad_right = n_fft - hop - self.pad_left

    def basis(self):
        """Windowed DFT basis [2*bins, 1, n_fft], built from a Range inside the graph so that the
        ONNX file does not carry it as a constant (ONNX Runtime folds it once at session start)."""
        n = self.n_fft
        t = torch.arange(n, dtype=torch.float32)
        k = torch.arange(n // 2 + 1, dtype=torch.float32)[:, None]
        window = 0.5 - 0.5 * torch.cos(2 * math.pi * t / n)
        angle = 2 * math.pi * torch.remainder(k * t, n) / n
        return torch.cat([torch.cos(angle) * window, -torch.sin(angle) * window], 0)[:, None, :]

    def forward(self, audio, fbank=None):
        """fbank: an optional filterbank [n_mels, bins] or one per clip [B, n_mels, bins] in place
        of the mel one (training-time frequency warping); exports never pass it."""
        x = nn.functional.pad(audio[:, None, :], (self.pad_left, self.pad_right))
        spec = nn.functional.conv1d(x, self.basis(), stride=self.hop)  # [B, 2*bins, frames]
        re, im = spec.chunk(2, dim=1)
        power = re * re + im * im
        mel = torch.matmul(self.fbank if fbank is None else fbank, power)
        return torch.log(mel + 1e-5)


class RotaryEmbedding(nn.Module):
    """Rotary position embedding applied to queries and keys [B,H,T,D]."""

    def __init__(self, dim, base=10000.0):
        super().__init__()
        inv = 1.0 / (base ** (torch.arange(0, dim, 2).float() / dim))
        self.register_buffer("inv_freq", inv, persistent=False)

    def forward(self, q, k):
        t = torch.arange(q.shape[-2], device=q.device, dtype=torch.float32)
        freqs = t[:, None] * self.inv_freq[None, :]
        cos, sin = freqs.cos(), freqs.sin()

        def rotate(x):
            x1, x2 = x[..., 0::2], x[..., 1::2]
            return torch.stack([x1 * cos - x2 * sin, x1 * sin + x2 * cos], dim=-1).flatten(-2)

        return rotate(q), rotate(k)


class SelfAttention(nn.Module):
    def __init__(self, dim, heads, dropout=0.0):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        self.rotary = RotaryEmbedding(dim // heads)
        self.dropout = dropout

    def forward(self, x, key_padding=None):
        """x [B,T,C]; key_padding [B,T] bool, True where padded."""
        b, t, c = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k = self.rotary(q, k)
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(c // self.heads)
        if key_padding is not None:
            att = att.masked_fill(key_padding[:, None, None, :], -1e4)
        att = att.softmax(-1)
        att = nn.functional.dropout(att, self.dropout, self.training)
        y = torch.matmul(att, v).transpose(1, 2).reshape(b, t, c)
        return self.out(y)


class ConvModule(nn.Module):
    """Conformer convolution module: pointwise-GLU, depthwise conv, norm, SiLU, pointwise."""

    def __init__(self, dim, kernel=15):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.pw1 = nn.Conv1d(dim, 2 * dim, 1)
        self.dw = nn.Conv1d(dim, dim, kernel, padding=kernel // 2, groups=dim)
        self.bn = nn.GroupNorm(1, dim)
        self.pw2 = nn.Conv1d(dim, dim, 1)

    def forward(self, x, pad_mask=None):
        y = self.norm(x).transpose(1, 2)
        y = nn.functional.glu(self.pw1(y), dim=1)
        if pad_mask is not None:
            y = y.masked_fill(pad_mask[:, None, :], 0.0)
        y = self.pw2(nn.functional.silu(self.bn(self.dw(y))))
        return y.transpose(1, 2)


class ConformerBlock(nn.Module):
    """Macaron feed-forward halves around self-attention (rotary) and a conv module."""

    def __init__(self, dim, heads, ff_mult=4, kernel=15, dropout=0.0):
        super().__init__()
        self.ff1 = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, ff_mult * dim), nn.SiLU(), nn.Dropout(dropout), nn.Linear(ff_mult * dim, dim))
        self.attn_norm = nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads, dropout)
        self.conv = ConvModule(dim, kernel)
        self.ff2 = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, ff_mult * dim), nn.SiLU(), nn.Dropout(dropout), nn.Linear(ff_mult * dim, dim))
        self.out_norm = nn.LayerNorm(dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, pad_mask=None):
        x = x + 0.5 * self.drop(self.ff1(x))
        x = x + self.drop(self.attn(self.attn_norm(x), pad_mask))
        x = x + self.drop(self.conv(x, pad_mask))
        x = x + 0.5 * self.drop(self.ff2(x))
        return self.out_norm(x)
