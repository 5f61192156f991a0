"""`semantic.train --stage ctc-head`: the CTC head learns the CTC objective over a frozen encoder, so
a trained frame-head tokenizer gets a CTC head without a single token changing."""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from semantic.model import SemanticConfig, SemanticEncoder, SemanticTokens  # noqa: E402
from semantic.train import ctc_head_loss  # noqa: E402


def test_only_the_ctc_head_learns_and_its_loss_falls():
    torch.manual_seed(0)
    cfg = SemanticConfig(vocab_size=16, dim=32, heads=2, layers=2, kernel=5, dropout=0.1, arch="conv", attn_layers=1)
    enc = SemanticEncoder(cfg)
    enc.augment = dict(freq_masks=2, freq_width=10, time_masks=2, time_width=8)  # must not apply: eval mode
    # Two clips of tone segments, a phone for each segment: 300/900/2400 Hz -> 10 11 12, 600/1500 Hz -> 13 14
    # (ids after the special symbols; the word boundary, 3, is not a CTC target).
    def tones(*hz):
        t = torch.arange(320 * 50 // len(hz)) / 16000
        return torch.cat([0.3 * torch.sin(2 * torch.pi * f * t) for f in hz])

    audio = torch.stack([tones(300, 900, 2400)[: 320 * 48], tones(600, 1500)[: 320 * 48]])
    audio = torch.nn.functional.pad(audio, (0, 320 * 2))
    pad = torch.zeros(2, 50, dtype=torch.bool)
    frames = torch.tensor([50, 50])
    batch = [{"ids": [10, 3, 11, 12]}, {"ids": [13, 3, 14]}]  # the rows' phoneme ids
    head0 = enc.ctc_head.weight.detach().clone()
    frozen = {k: v.clone() for k, v in enc.state_dict().items() if not k.startswith("ctc_head.")}
    with torch.no_grad():
        tokens = SemanticTokens(enc.eval())(audio)
    opt = torch.optim.AdamW(enc.ctc_head.parameters(), lr=0.1)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    losses = []
    for _ in range(150):
        loss = ctc_head_loss(enc, ctc, audio, pad, frames, batch)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.2 * losses[0]
    for k, v in enc.state_dict().items():
        if k in frozen:
            assert torch.equal(v, frozen[k]), k
    assert not torch.equal(enc.ctc_head.weight, head0)
    with torch.no_grad():
        assert torch.equal(SemanticTokens(enc.eval())(audio), tokens)
