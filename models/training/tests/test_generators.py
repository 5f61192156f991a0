"""SoundStorm decoding oracle, T2S and the semantic encoder: behaviour on small random models."""
import math
import os
import sys

import numpy as np
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from semantic.align import ctc_viterbi, durations_from_alignment, hmm_align  # noqa: E402
from semantic.model import SemanticConfig, SemanticEncoder, SemanticTokens  # noqa: E402
from soundstorm.generate import default_iterations, generate, guided_logits, remaining_masked  # noqa: E402
from soundstorm.model import SoundStorm, SoundStormConfig  # noqa: E402
from soundstorm.train import drop_condition, level_probabilities, mask_batch  # noqa: E402
from t2s.model import DurationGraph, DurationModel, T2SConfig  # noqa: E402

torch.set_num_threads(1)


def tiny_storm(seed=0):
    torch.manual_seed(seed)
    return SoundStorm(SoundStormConfig(semantic_vocab=12, levels=3, codebook_size=16, dim=32, heads=2, layers=1, dropout=0.0)).eval()


def test_cosine_schedule_unmasks_everything_by_the_last_step():
    assert [remaining_masked(100, i, 4) for i in range(4)] == [92, 70, 38, 0]
    assert remaining_masked(7, 0, 1) == 0


def test_generate_pins_fixed_frames_and_fills_the_rest():
    model = tiny_storm()
    T = 20
    sem = torch.randint(0, 12, (T,))
    codes = torch.randint(0, 16, (3, T))
    fixed = torch.zeros(T, dtype=torch.bool)
    fixed[:5] = True
    fixed[15:] = True
    out, passes = generate(model, sem, codes, fixed, [4, 1, 1])
    assert passes == 6
    assert torch.equal(out[:, fixed], codes[:, fixed])
    assert int((out == 16).sum()) == 0


def test_condition_dropout_blanks_the_semantic_tokens_after_the_prompt_only():
    sem, codes = np.arange(1, 11), np.ones((2, 10), dtype=np.int64)
    dropped, same_codes, boundary = drop_condition((sem, codes, 4))
    assert list(dropped) == [1, 2, 3, 4, 0, 0, 0, 0, 0, 0] and boundary == 4 and same_codes is codes
    assert list(sem) == list(range(1, 11))  # the example itself is untouched


def test_guidance_extrapolates_from_the_unconditional_logits():
    model = tiny_storm()
    T, q = 12, 0
    sem = torch.randint(1, 12, (T,))
    codes = torch.randint(0, 16, (3, T))
    fixed = torch.zeros(T, dtype=torch.bool)
    fixed[:4] = True
    with torch.no_grad():
        cond = model(sem[None], codes[None], torch.tensor([q]))[0]
        uncond = model(sem.masked_fill(~fixed, 0)[None], codes[None], torch.tensor([q]))[0]
        assert torch.allclose(guided_logits(model, sem, codes, q, fixed, 0.0), cond)
        assert torch.allclose(guided_logits(model, sem, codes, q, fixed, 2.0), 3 * cond - 2 * uncond, atol=1e-5)
    out, passes = generate(model, sem, codes, fixed, [3, 1, 1], guidance=2.0)
    assert passes == 5 and torch.equal(out[:, :4], codes[:, :4]) and int((out == 16).sum()) == 0


def test_levels_not_trained_get_no_passes_and_stay_masked():
    assert default_iterations(8) == [16, 1, 1, 1, 1, 1, 1, 1]
    assert default_iterations(8, 4) == [16, 1, 1, 1, 0, 0, 0, 0]
    model = tiny_storm().eval()
    K, Q, T = model.cfg.codebook_size, model.cfg.levels, 30
    sem = torch.randint(0, model.cfg.semantic_vocab, (T,))
    codes = torch.randint(0, K, (Q, T))
    fixed = torch.zeros(T, dtype=torch.bool)
    fixed[:10] = True
    out, passes = generate(model, sem, codes, fixed, default_iterations(Q, 1, first=4))
    assert passes == 4
    assert (out[0, 10:] < K).all() and (out[1:, 10:] == K).all()
    assert torch.equal(out[:, :10], codes[:, :10])


def test_generate_is_deterministic_for_a_seed_and_varies_across_seeds():
    model = tiny_storm()
    sem = torch.randint(0, 12, (30,))
    codes = torch.full((3, 30), 16)
    fixed = torch.zeros(30, dtype=torch.bool)
    a, _ = generate(model, sem, codes, fixed, [4, 1, 1], temperature=1.0, seed=3)
    b, _ = generate(model, sem, codes, fixed, [4, 1, 1], temperature=1.0, seed=3)
    c, _ = generate(model, sem, codes, fixed, [4, 1, 1], temperature=1.0, seed=4)
    assert torch.equal(a, b)
    assert not torch.equal(a, c)


def test_masking_follows_the_paper():
    import random
    codes = torch.randint(0, 16, (4, 3, 50))
    masked, loss_mask = mask_batch(codes, [10, 0, 20, 49], [0, 1, 2, 1], 16, random.Random(0))
    for b, (p, q) in enumerate(zip([10, 0, 20, 49], [0, 1, 2, 1])):
        assert (masked[b, :, :p] != 16).all(), "nothing before the prompt boundary is masked"
        assert (masked[b, :q] == codes[b, :q]).all(), "coarser levels are never masked"
        assert (masked[b, q + 1:, p:] == 16).all(), "finer levels are fully masked after the boundary"
        assert loss_mask[b].sum() >= 1 and torch.equal(loss_mask[b], masked[b, q] == 16)


def test_warm_up_masking_caps_the_masked_share():
    import random
    rng = random.Random(3)
    codes = torch.randint(0, 16, (64, 3, 100))
    _, capped = mask_batch(codes, [0] * 64, [0] * 64, 16, rng, max_ratio=0.4)
    _, full = mask_batch(codes, [0] * 64, [0] * 64, 16, rng)
    assert capped.sum(1).max() <= 40, "never more than 40% of the level masked in the warm-up"
    assert full.sum(1).max() > 40, "the paper's schedule masks up to all of it"


def test_level_sampling_favours_coarse_levels_or_is_uniform():
    harmonic = level_probabilities(8, "harmonic")
    assert math.isclose(sum(harmonic), 1.0)
    assert all(a > b for a, b in zip(harmonic, harmonic[1:])), "each finer level is drawn less often"
    assert math.isclose(harmonic[0] / harmonic[7], 8.0)
    assert level_probabilities(4, "uniform") == [0.25] * 4
    with pytest.raises(ValueError, match="unknown level sampling"):
        level_probabilities(8, "coarse-only")


def test_soundstorm_training_lowers_the_loss():
    import random
    model = tiny_storm().train()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    rng = random.Random(0)
    sem = torch.randint(0, 12, (8, 40))
    codes = torch.stack([(sem * 1 + q) % 16 for q in range(3)], 1)  # codes are a function of semantics
    losses = []
    for _ in range(60):
        levels = [rng.randrange(3) for _ in range(8)]
        masked, lm = mask_batch(codes, [rng.randrange(20) for _ in range(8)], levels, 16, rng)
        h = model.hidden(sem, masked)
        lv = torch.tensor(levels)
        logits = model.level_logits(h, lv)
        loss = torch.nn.functional.cross_entropy(logits[lm], codes[torch.arange(8), lv][lm])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert np.mean(losses[-10:]) < 0.5 * np.mean(losses[:10])


def test_ctc_viterbi_recovers_a_planted_alignment():
    T, V = 12, 5
    lp = np.full((T, V), math.log(0.01))
    path = [0, 3, 3, 0, 4, 4, 4, 0, 0, 3, 0, 0]
    for t, s in enumerate(path):
        lp[t, s] = math.log(0.96)
    first, _ = ctc_viterbi(lp, [3, 4, 3])
    assert first == [1, 4, 9]


def test_durations_cover_every_frame_and_give_pauses_the_quiet_frames():
    T, V = 10, 12
    lp = np.full((T, V), math.log(0.01))
    for t, s in enumerate([0, 10, 10, 0, 0, 11, 11, 0, 0, 0]):
        lp[t, s] = math.log(0.9)
    energy = np.array([-60, -5, -5, -50, -50, -5, -5, -60, -60, -60], dtype=float)
    # <sil> a ␣ b <sil>: the quiet frames between a and b are the word boundary's pause.
    dur, labels = durations_from_alignment([2, 10, 3, 11, 2], lp, energy)
    assert dur.sum() == T
    assert list(dur) == [1, 2, 2, 2, 3]
    assert list(labels) == [2, 10, 10, 2, 2, 11, 11, 2, 2, 2]


def test_hmm_alignment_recovers_planted_labels_and_skips_absent_pauses():
    # <sil> a ' ' b . <sil>, with phones a=20 and b=21.
    ids = [2, 20, 3, 21, 5, 2]
    truth = [2, 2, 20, 20, 20, 2, 21, 21, 2, 2]
    lp = np.full((len(truth), 30), -5.0)
    lp[np.arange(len(truth)), truth] = -0.1
    durations, labels = hmm_align(ids, lp)
    assert labels.tolist() == truth
    # The pause between the words goes to the word boundary; the final run to the full stop.
    assert durations.tolist() == [2, 3, 1, 2, 2, 0]
    assert durations.sum() == len(truth)
    # No pause frames at all: every optional pause state is skipped, each phone keeps its frames.
    tight = [20, 20, 21, 21]
    lp = np.full((len(tight), 30), -5.0)
    lp[np.arange(len(tight)), tight] = -0.1
    durations, labels = hmm_align(ids, lp)
    assert labels.tolist() == tight and durations.tolist() == [0, 2, 0, 2, 0, 0]
    # Fewer frames than phones cannot align.
    assert hmm_align(ids, lp[:1]) is None


def test_semantic_encoder_frames_match_codec_frames():
    model = SemanticTokens(SemanticEncoder(SemanticConfig(vocab_size=10, dim=32, heads=2, layers=1))).eval()
    with torch.no_grad():
        tokens = model(torch.randn(2, 320 * 37))
    assert tokens.shape == (2, 37) and tokens.dtype == torch.int64


def test_duration_graph_is_non_negative_and_follows_prompt_rate():
    torch.manual_seed(0)
    graph = DurationGraph(DurationModel(T2SConfig(vocab_size=20, semantic_vocab=20, dim=32, layers=1))).eval()
    with torch.no_grad():
        d = graph(torch.randint(3, 20, (1, 15)), torch.randint(2, 20, (1, 80)))
    assert d.shape == (1, 15) and (d >= 0).all()


@pytest.mark.skipif(not os.path.isdir(os.path.join(os.path.dirname(__file__), "..", "..", "..", "node_modules", "onnxruntime-node")),
                    reason="onnxruntime-node is not installed")
def test_soundstorm_and_t2s_onnx_match_pytorch(tmp_path):
    from codec.ort import run as ort_run
    from export_pack import export_soundstorm, export_t2s
    model = tiny_storm()
    export_soundstorm(model, str(tmp_path / "s.onnx"))
    sem = np.random.randint(0, 12, (1, 25)).astype(np.int64)
    codes = np.random.randint(0, 17, (1, 3, 25)).astype(np.int64)
    got = ort_run(tmp_path / "s.onnx", {"semantic": sem, "codes": codes, "level": np.array([1], dtype=np.int64)}, ["logits"])[0]["logits"]
    with torch.no_grad():
        ref = model(torch.from_numpy(sem), torch.from_numpy(codes), torch.tensor([1])).numpy()
    assert got.shape == (1, 25, 16) and np.abs(got - ref).max() < 1e-4
    t2s = DurationModel(T2SConfig(vocab_size=20, semantic_vocab=20, dim=32, layers=1)).eval()
    graph = export_t2s(t2s, str(tmp_path / "t.onnx"))
    phon, prompt = np.random.randint(3, 20, (1, 9)).astype(np.int64), np.random.randint(2, 20, (1, 33)).astype(np.int64)
    got = ort_run(tmp_path / "t.onnx", {"phonemes": phon, "prompt_semantic": prompt}, ["durations"])[0]["durations"]
    with torch.no_grad():
        ref = graph(torch.from_numpy(phon), torch.from_numpy(prompt)).numpy()
    assert np.abs(got - ref).max() < 1e-4


def test_semantic_weights_come_back_from_an_exported_pack_graph(tmp_path):
    from codec.export import store_fp16
    from semantic.export import export_semantic
    from semantic.from_pack import pack_weights

    def conv_model(seed):
        torch.manual_seed(seed)
        cfg = SemanticConfig(vocab_size=10, dim=64, heads=2, layers=3, kernel=5, arch="conv")
        model = SemanticTokens(SemanticEncoder(cfg)).eval()
        with torch.no_grad():  # trained weights differ: the exporter merges identical (fresh) norm tensors
            for p in model.parameters():
                p.add_(0.05 * torch.randn_like(p))
        return model

    shipped, base = conv_model(0), conv_model(1)
    path = tmp_path / "semantic.onnx"
    export_semantic(shipped, str(path), seconds=1.0)
    store_fp16(path)
    got = pack_weights(str(path), base.encoder.state_dict())
    for key, want in shipped.encoder.state_dict().items():
        expected = base.encoder.state_dict()[key] if key.startswith("ctc_head.") else want
        tolerance = 1e-2 * want.abs().max().item() + 1e-6  # fp16 storage
        assert torch.allclose(got[key], expected.float(), atol=tolerance), key
    recovered = SemanticEncoder(shipped.encoder.cfg)
    recovered.load_state_dict(got)
    audio = torch.randn(1, 320 * 50) * 0.1
    with torch.no_grad():
        agree = (SemanticTokens(recovered).eval()(audio) == shipped(audio)).float().mean().item()
    assert agree > 0.95
