"""Reference SoundStorm decoding: the parity oracle for main/engine's TypeScript loop.

Level by level, coarse to fine; within a level, MaskGIT confidence-based decoding on a cosine
schedule; argmax on each level's last iteration; prompt frames and fixed span frames pinned.
Greedy mode (temperature 0) is deterministic and is what the parity fixtures record.
"""
import math

import torch


def default_iterations(levels, generated_levels=None, first=16):
    """MaskGIT passes per level: `first` on level 0, one on each further generated level, none on
    the levels a model was not trained to generate (they stay masked and decode as absent)."""
    generated = generated_levels or levels
    return [first] + [1] * (generated - 1) + [0] * (levels - generated)


def remaining_masked(total, i, n):
    """Positions still masked after iteration i (0-based) of n, from `total` masked at the start."""
    if i >= n - 1:
        return 0
    return int(math.floor(total * math.cos(math.pi / 2 * (i + 1) / n)))


def filter_logits(logits, top_k=0, top_p=1.0):
    """logits [M,K] -> logits with everything outside top-k / nucleus top-p set to -inf."""
    if top_k and top_k < logits.shape[-1]:
        kth = torch.topk(logits, top_k, dim=-1).values[:, -1:]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    if top_p < 1.0:
        sorted_logits, order = torch.sort(logits, descending=True, dim=-1)
        probs = sorted_logits.softmax(-1)
        cum = probs.cumsum(-1)
        drop = (cum - probs) > top_p
        sorted_logits = sorted_logits.masked_fill(drop, float("-inf"))
        logits = torch.full_like(logits, float("-inf")).scatter(-1, order, sorted_logits)
    return logits


def guided_logits(model, semantic, codes, q, fixed, guidance):
    """Logits [T,K] of level q; with guidance w > 0, classifier-free guidance against the same input
    with the semantic tokens outside the fixed frames set to <pad> (one batch of two)."""
    if not guidance:
        return model(semantic[None], codes[None], torch.tensor([q]))[0]
    uncond = semantic.masked_fill(~fixed, 0)
    both = model(torch.stack([semantic, uncond]), torch.stack([codes, codes]), torch.tensor([q]))
    return both[0] + guidance * (both[0] - both[1])


@torch.no_grad()
def generate(model, semantic, codes, fixed, iterations, temperature=0.0, top_k=0, top_p=1.0, seed=0, guidance=0.0):
    """semantic [T] int64; codes [Q,T] int64 with mask id K where unknown; fixed [T] bool (prompt and
    span sides: never resampled). Returns codes [Q,T] with every non-fixed position decoded.
    guidance: classifier-free guidance weight (0: none; a model trained with --cond-drop)."""
    K = model.cfg.codebook_size
    gen = torch.Generator().manual_seed(seed)
    codes = codes.clone()
    Q, T = codes.shape
    codes[:, ~fixed] = K
    passes = 0
    for q in range(Q):
        n = iterations[q]
        total = int((codes[q] == K).sum())
        for i in range(n):
            masked = (codes[q] == K).nonzero().flatten()
            if len(masked) == 0:
                break
            logits = guided_logits(model, semantic, codes, q, fixed, guidance)[masked]
            passes += 1
            last = i == n - 1
            if temperature == 0 or last:
                probs = logits.softmax(-1)
                conf, tokens = probs.max(-1)
            else:
                scaled = filter_logits(logits / temperature, top_k, top_p)
                probs = scaled.softmax(-1)
                tokens = torch.multinomial(probs, 1, generator=gen)[:, 0]
                conf = probs.gather(-1, tokens[:, None])[:, 0]
                gumbel = -torch.log(-torch.log(torch.rand(conf.shape, generator=gen).clamp(1e-20, 1.0)).clamp_min(1e-20))
                conf = conf + gumbel * temperature * (1 - (i + 1) / n)
            keep_masked = remaining_masked(total, i, n)
            n_unmask = len(masked) - keep_masked
            # Highest score first; ties -> lower position first (stable sort over ascending positions).
            order = sorted(range(len(masked)), key=lambda j: (-float(conf[j]), int(masked[j])))[:n_unmask]
            chosen = torch.tensor(order, dtype=torch.long)
            codes[q, masked[chosen]] = tokens[chosen]
    return codes, passes
