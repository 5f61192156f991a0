"""Semantic tokenizer: a small Conformer speech encoder with a CTC phoneme head and a frame head.

Rung 1 of the semantic ladder (../shared/TRAINING.md): a semantic token is the phone label of one
20 ms frame. Stage 1 trains the CTC head; its forced alignment labels every frame; stage 2 trains
the frame head on those labels. The exported graph maps audio to frame labels (argmax inside).
"""
from dataclasses import asdict, dataclass

import torch
from torch import nn

from common.layers import ConformerBlock, LogMel, SelfAttention


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
    # Pre-norm self-attention blocks after the conv/conformer stack (AttentionBlock): whole-clip context
    # on top of the conv stack's two seconds. They start as identities, so a trained encoder can grow them.
    attn_layers: int = 0
    attn_ff: int = 2
    # Self-attention blocks (AttentionBlock) of the CTC head alone, between the encoder's output and the
    # CTC head's linear read-out (0: the linear head). Neither the frame head nor the tokens see them;
    # they start as identities, so `semantic.deep_head` adds them to a trained head without changing it.
    ctc_head_layers: int = 0
    # The CTC head reads the encoder's output normalised per utterance (each channel's mean and variance
    # over the clip's frames), which takes away what a whole clip shares (voice, channel). Off: as read.
    ctc_head_norm: bool = False
    # Which of `SemanticEncoder.states` the CTC head reads (-1: the last, encode's output; the frame head
    # always reads the last).
    ctc_head_layer: int = -1

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


class AttentionBlock(nn.Module):
    """Pre-norm rotary self-attention, then a pre-norm GELU feed-forward, each residual. x [B,T,C].
    Both branches' output projections start at zero, so a new block computes the identity: appended to a
    trained encoder (`semantic.train --grow-attn N`) it leaves the encoder's output unchanged at first."""

    def __init__(self, dim, heads, ff_mult=2, dropout=0.0):
        super().__init__()
        self.attn_norm = nn.LayerNorm(dim)
        self.attn = SelfAttention(dim, heads, dropout)
        self.ff = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, ff_mult * dim), nn.GELU(), nn.Dropout(dropout),
                                nn.Linear(ff_mult * dim, dim))
        self.drop = nn.Dropout(dropout)
        for layer in (self.attn.out, self.ff[-1]):
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)

    def forward(self, x, pad_mask=None):
        x = x + self.drop(self.attn(self.attn_norm(x), pad_mask))
        return x + self.drop(self.ff(x))


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


def vtlp_fbank(fbank, alpha, knee=0.8):
    """Vocal-tract length perturbation (Jaitly & Hinton 2013): the filterbank [n_mels, bins] read
    at each FFT bin's warped frequency, so that the energy at f counts as if it were at w(f):
    w(f) = alpha x f up to a knee, then the straight line to the Nyquist frequency, which stays
    where it is (the knee at `knee` x Nyquist / max(alpha, 1), so w never leaves the band). A
    speaker with a shorter (alpha > 1) or longer (alpha < 1) vocal tract, the same words."""
    bins = fbank.shape[1]
    top = float(bins - 1)
    f = torch.arange(bins, dtype=fbank.dtype)
    fc = knee * top / max(alpha, 1.0)
    pos = torch.where(f <= fc, alpha * f, alpha * fc + (top - alpha * fc) * (f - fc) / (top - fc))
    pos = pos.clamp(0.0, top)
    lo = pos.floor().long().clamp(max=bins - 1)
    hi = (lo + 1).clamp(max=bins - 1)
    frac = pos - lo.to(pos.dtype)
    return fbank[:, lo] * (1.0 - frac) + fbank[:, hi] * frac


class SemanticEncoder(nn.Module):
    def __init__(self, cfg: SemanticConfig):
        super().__init__()
        self.cfg = cfg
        # Training-time SpecAugment settings (a dict of spec_augment's arguments) or None. Not part of
        # the config: it changes nothing in eval mode, so exports and checkpoints do not carry it.
        self.augment = None
        # Training-time VTLP: each clip's frequency axis warped by a factor drawn from
        # [1 - vtlp, 1 + vtlp] (0 or None: off). Like `augment`, it does nothing in eval mode.
        self.vtlp = None
        # Vocal-tract length normalisation when reading (eval.semantic_eval --vtln): outside training,
        # the frequency axis warped by this one factor (None or 1.0: the plain filterbank, as exported).
        self.warp = None
        self.mel = LogMel(hop=cfg.hop // 2)
        self.subsample = nn.Sequential(
            nn.Conv1d(80, cfg.dim, 3, padding=1), nn.GELU(),
            nn.Conv1d(cfg.dim, cfg.dim, 3, stride=2, padding=1), nn.GELU(),
        )
        if cfg.arch == "conv":
            self.blocks = nn.ModuleList(SeparableConvBlock(cfg.dim, cfg.kernel, cfg.dropout) for _ in range(cfg.layers))
        else:
            self.blocks = nn.ModuleList(ConformerBlock(cfg.dim, cfg.heads, 4, cfg.kernel, cfg.dropout) for _ in range(cfg.layers))
        self.attn_blocks = nn.ModuleList(AttentionBlock(cfg.dim, cfg.heads, cfg.attn_ff, cfg.dropout)
                                         for _ in range(cfg.attn_layers))
        self.ctc_blocks = nn.ModuleList(AttentionBlock(cfg.dim, cfg.heads, cfg.attn_ff, cfg.dropout)
                                        for _ in range(cfg.ctc_head_layers))
        self.ctc_head = nn.Linear(cfg.dim, cfg.vocab_size)
        self.frame_head = nn.Linear(cfg.dim, cfg.vocab_size)

    def encode(self, audio, pad_mask=None):
        """audio [B,N] -> hidden [B,T,C], T = N / hop; pad_mask [B,T] True where padded."""
        return self.states(audio, pad_mask)[-1]

    def states(self, audio, pad_mask=None):
        """audio [B,N] -> the hidden states [B,T,C] after the subsampling and after every block, in order
        (the last is encode's output)."""
        # Per-utterance mean normalisation: the corpora differ in level and channel.
        if self.training and self.vtlp:
            alphas = 1.0 + self.vtlp * (2.0 * torch.rand(audio.shape[0]) - 1.0)
            fbank = torch.stack([vtlp_fbank(self.mel.fbank, float(a)) for a in alphas])
            mel = self.mel(audio, fbank)
        elif not self.training and self.warp not in (None, 1.0):
            mel = self.mel(audio, vtlp_fbank(self.mel.fbank, float(self.warp)))
        else:
            mel = self.mel(audio)
        mel = (mel - mel.mean(-1, keepdim=True)) / 4.0
        if self.training and self.augment:
            mel = spec_augment(mel, **self.augment)
        x = self.subsample(mel).transpose(1, 2)
        out = [x]
        for block in list(self.blocks) + list(self.attn_blocks):
            x = block(x, pad_mask)
            out.append(x)
        return out

    def ctc_logits(self, hidden, pad_mask=None):
        """The CTC head: the states it reads [B,T,C] (`states()[cfg.ctc_head_layer]`, by default encode's output)
        -> CTC logits [B,T,V], through the head's own blocks."""
        if self.cfg.ctc_head_norm:
            hidden = utterance_norm(hidden, pad_mask)
        for block in self.ctc_blocks:
            hidden = block(hidden, pad_mask)
        return self.ctc_head(hidden)

    def ctc_parameters(self):
        """The CTC head's weights: what `--stage ctc-head` and `semantic.deep_head` train."""
        return list(self.ctc_blocks.parameters()) + list(self.ctc_head.parameters())

    def forward(self, audio, pad_mask=None):
        """-> (ctc logits [B,T,V], frame logits [B,T,V])."""
        states = self.states(audio, pad_mask)
        return self.ctc_logits(states[self.cfg.ctc_head_layer], pad_mask), self.frame_head(states[-1])


def utterance_norm(x, pad_mask=None, eps=1e-5):
    """x [B,T,C] with each channel's mean and variance over the clip's frames (pad_mask [B,T] True where
    padded: those frames neither count nor change) taken away."""
    keep = torch.ones(x.shape[:2], dtype=x.dtype) if pad_mask is None else (~pad_mask).to(x.dtype)
    keep = keep[..., None]
    n = keep.sum(1, keepdim=True).clamp(min=1.0)
    mean = (x * keep).sum(1, keepdim=True) / n
    var = (((x - mean) * keep) ** 2).sum(1, keepdim=True) / n
    return (x - mean) / torch.sqrt(var + eps)


class SemanticTokens(nn.Module):
    """Export wrapper: audio float32 [B,N] -> tokens int64 [B,T] (frame-head argmax)."""

    def __init__(self, encoder: SemanticEncoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, audio):
        return self.encoder.frame_head(self.encoder.encode(audio)).argmax(-1)


def load_grown(encoder: SemanticEncoder, state: dict) -> int:
    """Load `state` (the weights of an encoder with fewer attention blocks, or as many) into `encoder`.
    The blocks the state lacks keep their identity initialisation. -> how many blocks were added.
    Anything else that does not match is an error."""
    try:
        missing, unexpected = encoder.load_state_dict(state, strict=False)
    except RuntimeError as e:  # a tensor of another shape
        raise ValueError(f"the weights do not fit this encoder: {e}") from None
    new = {k.split(".")[1] for k in missing if k.startswith("attn_blocks.")}
    if unexpected or any(not k.startswith("attn_blocks.") for k in missing):
        raise ValueError(f"the weights do not fit this encoder: missing {missing}, unexpected {unexpected}")
    per_block = len(encoder.attn_blocks[0].state_dict()) if len(encoder.attn_blocks) else 0
    if any(sum(k.startswith(f"attn_blocks.{i}.") for k in missing) != per_block for i in new):
        raise ValueError("the weights hold part of an attention block")
    return len(new)

