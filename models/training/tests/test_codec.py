"""Codec: shapes, the in-graph STFT pair, a short training run lowering the loss, ONNX Runtime parity."""
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from codec import ort  # noqa: E402
from codec.model import CONFIGS, Codec, CodecConfig, istft_frames, stft_frames  # noqa: E402
from codec.train import main as train_main, synthetic_batch  # noqa: E402

torch.set_num_threads(1)


def small_cfg(**kw) -> CodecConfig:
    return CodecConfig.from_dict({**CONFIGS["tiny"].to_dict(), "codebook_size": 64, "batch": 4, **kw})


def initialised(cfg: CodecConfig) -> Codec:
    """A codec whose codebooks are k-means-initialised from one synthetic batch, in eval mode."""
    m = Codec(cfg)
    m.train()
    with torch.no_grad():
        m(torch.from_numpy(synthetic_batch(4, 16000, np.random.default_rng(0))))  # k-means init
    return m.eval()


def test_stft_pair_is_identity():
    x = torch.randn(2, 320 * 20) * 0.1
    for n_fft in (640, 1280):
        re, im = stft_frames(x, n_fft, 320)
        assert re.shape == (2, n_fft // 2 + 1, 20)
        assert torch.allclose(istft_frames(re, im, n_fft, 320), x, atol=1e-4)


def test_encode_decode_shapes():
    cfg = small_cfg()
    m = initialised(cfg)
    x = torch.from_numpy(synthetic_batch(2, 320 * 37, np.random.default_rng(1)))
    codes = m.encode(x)
    assert codes.shape == (2, cfg.levels, 37) and codes.dtype == torch.int64
    assert int(codes.min()) >= 0 and int(codes.max()) < cfg.codebook_size
    assert m.decode(codes).shape == (2, 320 * 37)
    assert m.decode(codes[:, :3]).shape == (2, 320 * 37)  # fewer levels still decode
    absent = codes.clone()
    absent[:, 3:] = cfg.codebook_size  # the mask id: levels left ungenerated decode as absent
    assert torch.allclose(m.decode(absent), m.decode(codes[:, :3]), atol=1e-6)
    assert not torch.allclose(m.decode(absent), m.decode(codes), atol=1e-4)
    y, c, commit = m.train()(x, n_q=2)
    assert y.shape == x.shape and c.shape == (2, 2, 37) and commit.ndim == 0


def test_short_training_lowers_loss(tmp_path):
    train_main(["--config", "tiny", "--synthetic", "--steps", "30", "--batch", "4", "--seconds", "0.4",
                "--log-every", "10", "--eval-every", "1000", "--run-dir", str(tmp_path)])
    log = [json.loads(l) for l in (tmp_path / "train.log").read_text().splitlines()]
    assert log[-1]["step"] == 30
    assert log[-1]["mel"] < 0.85 * log[0]["mel"], log
    ck = torch.load(tmp_path / "last.pt")
    assert ck["step"] == 30 and ck["config"]["name"] == "tiny" and ck["wall_seconds"] > 0


def test_quantizer_dropout_option_reaches_the_trained_config(tmp_path):
    train_main(["--config", "tiny", "--synthetic", "--steps", "3", "--batch", "4", "--seconds", "0.4",
                "--log-every", "1", "--eval-every", "1000", "--run-dir", str(tmp_path), "--quantizer-dropout", "0"])
    cfg = torch.load(tmp_path / "last.pt")["config"]
    assert cfg["quantizer_dropout"] == 0.0 and cfg["batch"] == 4 and cfg["seconds"] == 0.4
    # a resumed run takes the flag over the checkpoint's config
    train_main(["--config", "tiny", "--synthetic", "--steps", "5", "--batch", "4", "--seconds", "0.4",
                "--log-every", "1", "--eval-every", "1000", "--run-dir", str(tmp_path), "--resume",
                "--quantizer-dropout", "0.2"])
    ck = torch.load(tmp_path / "last.pt")
    assert ck["step"] == 5 and ck["config"]["quantizer_dropout"] == 0.2 and ck["config"]["batch"] == 4


def test_training_with_the_log_spectrum_loss_lowers_both_losses(tmp_path):
    train_main(["--config", "tiny", "--synthetic", "--steps", "30", "--batch", "4", "--seconds", "0.4",
                "--log-every", "10", "--eval-every", "15", "--run-dir", str(tmp_path), "--stft-weight", "1.0"])
    log = [json.loads(l) for l in (tmp_path / "train.log").read_text().splitlines()]
    losses = [r for r in log if "spec" in r]
    assert losses[-1]["spec"] < losses[0]["spec"] and losses[-1]["mel"] < losses[0]["mel"], log
    lsd = [r["heldout_lsd"] for r in log if "heldout_lsd" in r]
    assert len(lsd) == 2 and all(v > 0 for v in lsd)


def test_training_with_the_evaluation_losses_lowers_them(tmp_path):
    train_main(["--config", "tiny", "--synthetic", "--steps", "30", "--batch", "4", "--seconds", "0.4",
                "--log-every", "10", "--eval-every", "15", "--run-dir", str(tmp_path),
                "--lsd-weight", "1.0", "--cep-weight", "1.0"])
    log = [json.loads(l) for l in (tmp_path / "train.log").read_text().splitlines()]
    losses = [r for r in log if "lsd" in r and "cep" in r]
    assert len(losses) == 3 and "spec" not in losses[0], log
    assert losses[-1]["lsd"] < losses[0]["lsd"] and losses[-1]["cep"] < losses[0]["cep"], log
    cep = [r["heldout_cep_db"] for r in log if "heldout_cep_db" in r]
    assert len(cep) == 2 and all(v > 0 for v in cep)


@pytest.mark.skipif(not ort.available(), reason="node_modules/onnxruntime-node not installed")
def test_onnx_matches_pytorch(tmp_path):
    from codec.export import export_onnx, parity
    cfg = small_cfg(codebook_size=1024)
    m = initialised(cfg)
    enc, dec = export_onnx(m, tmp_path)
    assert enc.stat().st_size < 1_000_000 and dec.stat().st_size < 1_000_000
    clips = list(synthetic_batch(1, 320 * 40, np.random.default_rng(3)))  # alone, and as a batch of 2
    check = parity(m, enc, dec, clips)
    assert check["ok"], json.dumps(check)
    # dynamic axes: another length and batch size run too
    out, _ = ort.run(enc, {"audio": np.zeros((3, 320 * 7), np.float32)}, ["codes"])
    assert out["codes"].shape == (3, cfg.levels, 7) and out["codes"].dtype == np.int64


def tone_head(m: Codec, bin_: int, logmag: float, phase: float):
    """Make the decoder's head emit one steady partial (every frame the same spectrum): zero weights,
    the biases set to a single bin."""
    dec = m.decoder
    with torch.no_grad():
        dec.head.weight.zero_()
        dec.head.bias.fill_(-20.0)
        dec.head.bias[dec.bins:] = 0.0
        dec.head.bias[bin_] = logmag
        dec.head.bias[dec.bins + bin_] = phase


def test_a_regridded_decoder_renders_a_steady_partial_as_before():
    from codec.model import regrid_decoder
    # dec_n_fft 1280, one spectrum per 320-sample frame; Hann windows at a quarter-window hop, before
    # and after, so the overlap-added windows are flat and a steady partial comes out as a pure tone
    cfg = small_cfg(dec_n_fft=1280)
    m = Codec(cfg).eval()
    codes = torch.randint(0, cfg.codebook_size, (1, cfg.levels, 30))
    # 500 Hz: bin 40 of 1280; a whole number of periods per hop, so its phase is the same every frame
    tone_head(m, 40, 4.5, 0.7)
    with torch.no_grad():
        before = m.decode(codes)
    assert float(before[0, 2000:7000].abs().max()) > 0.1
    regrid_decoder(m, 640, 160)
    assert (m.cfg.dec_n_fft, m.cfg.dec_hop, m.decoder.sub, m.decoder.bins) == (640, 160, 2, 321)
    assert m.decoder.head.out_features == 2 * 2 * 321
    with torch.no_grad():
        after = m.decode(codes)
    assert after.shape == before.shape
    # the same tone, same amplitude and phase, away from the edges
    assert torch.allclose(after[0, 1000:8000], before[0, 1000:8000], atol=1e-3 * float(before.abs().max()))
    with pytest.raises(ValueError, match="one spectrum per frame"):
        regrid_decoder(m, 320, 80)
    with pytest.raises(ValueError, match="must divide"):
        Codec(small_cfg(dec_n_fft=640, dec_hop=300))


def test_a_regridded_decoder_trains_saves_and_exports(tmp_path):
    from codec.export import export_onnx, parity
    from codec.model import regrid_decoder
    from codec.train import MelLoss, load_codec, save_checkpoint
    cfg = small_cfg(codebook_size=1024)
    m = initialised(cfg)
    regrid_decoder(m, 320, 160)
    x = torch.from_numpy(synthetic_batch(4, 320 * 25, np.random.default_rng(1)))
    codes = m.encode(x)
    mel = MelLoss(m.cfg)
    opt = torch.optim.Adam(m.decoder.parameters(), lr=3e-3)
    with torch.no_grad():
        start = float(mel(m.decode(codes), x))
    for _ in range(25):
        loss = mel(m.decoder(m.quantizer.decode(codes)), x)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        assert float(mel(m.decode(codes), x)) < 0.9 * start
    save_checkpoint(tmp_path / "regrid.pt", m, None, 0, 0.0)
    again, ck = load_codec(tmp_path / "regrid.pt")
    assert (ck["config"]["dec_n_fft"], ck["config"]["dec_hop"]) == (320, 160)
    with torch.no_grad():
        assert torch.allclose(again.decode(codes), m.decode(codes), atol=1e-6)
    if ort.available():
        enc, dec = export_onnx(again, tmp_path)
        check = parity(again, enc, dec, list(synthetic_batch(1, 320 * 40, np.random.default_rng(3))))
        assert check["ok"], json.dumps(check)


def test_the_beam_search_probe_matches_greedy_at_beam_one_and_leaves_less_residual_when_wider():
    from eval.codec_probes import beam_encode
    cfg = small_cfg(codebook_size=64)
    m = initialised(cfg)
    with torch.no_grad():
        z = m.encoder(torch.from_numpy(synthetic_batch(2, 320 * 30, np.random.default_rng(5))))
    rvq = m.quantizer
    greedy = rvq.encode(z)
    assert torch.equal(beam_encode(rvq, z, 1), greedy)

    def residual(codes):
        return ((z - rvq.decode(codes)) ** 2).sum(1)  # per frame [B,T]

    # a beam need not beat greedy on every frame (the greedy prefix can fall out of it), but overall it does
    four, wide = beam_encode(rvq, z, 4), beam_encode(rvq, z, 32)
    assert wide.shape == greedy.shape and int(wide.max()) < cfg.codebook_size
    assert float(residual(wide).sum()) < float(residual(four).sum()) < float(residual(greedy).sum())


def test_the_fine_front_end_stacks_each_frames_sub_frames_in_time_order():
    cfg = small_cfg(enc_fine_n_fft=160, enc_fine_hop=80, enc_fine_mels=20)
    enc = Codec(cfg).encoder
    r = cfg.hop // cfg.enc_fine_hop
    for t, k in ((3, 0), (3, 2), (5, 3), (6, 1)):
        x = torch.zeros(1, 320 * 10)
        x[0, t * 320 + k * 80 + 40] = 1.0  # the centre of sub-frame k of frame t
        feats = enc.fine_log_mel(x)  # [1, mels * r, T], mel-major
        assert feats.shape == (1, 20 * r, 10)
        energy = feats[0].reshape(20, r, 10).exp().sum(0)  # [r, T]
        assert divmod(int(energy.argmax()), 10) == (k, t)
    with pytest.raises(ValueError, match="must divide"):
        Codec(small_cfg(enc_fine_n_fft=200, enc_fine_hop=80))


def test_a_grown_fine_front_end_starts_as_the_codec_then_trains_resumes_and_exports(tmp_path):
    import copy
    from codec.train import grow_fine, load_codec
    train_main(["--config", "tiny", "--synthetic", "--steps", "4", "--batch", "4", "--seconds", "0.4",
                "--log-every", "1", "--eval-every", "1000", "--run-dir", str(tmp_path)])
    m, _ = load_codec(tmp_path / "last.pt")
    x = torch.from_numpy(synthetic_batch(2, 320 * 30, np.random.default_rng(5)))
    grown, _ = grow_fine(copy.deepcopy(m), 160)
    grown.eval()
    assert grown.cfg.enc_fine_n_fft == 160 and m.cfg.enc_fine_n_fft == 0
    assert torch.equal(grown.encode(x), m.encode(x))  # zero-initialised: the same codes
    train_main(["--config", "tiny", "--synthetic", "--steps", "12", "--batch", "4", "--seconds", "0.4",
                "--log-every", "1", "--eval-every", "1000", "--run-dir", str(tmp_path), "--resume",
                "--grow-fine", "160"])
    ck = torch.load(tmp_path / "last.pt")
    assert ck["step"] == 12 and ck["config"]["enc_fine_n_fft"] == 160
    trained, _ = load_codec(tmp_path / "last.pt")
    assert float(trained.encoder.fine_inp.weight.abs().max()) > 0  # the new path learned
    with torch.no_grad():
        z = trained.encoder(x)
        torch.nn.init.zeros_(trained.encoder.fine_inp.weight)
        torch.nn.init.zeros_(trained.encoder.fine_inp.bias)
        assert not torch.allclose(trained.encoder(x), z, atol=1e-5)  # and the latent depends on it
    # resuming again keeps the grown encoder (its config travels in the checkpoint)
    train_main(["--config", "tiny", "--synthetic", "--steps", "14", "--batch", "4", "--seconds", "0.4",
                "--log-every", "1", "--eval-every", "1000", "--run-dir", str(tmp_path), "--resume"])
    again, ck = load_codec(tmp_path / "last.pt")
    assert ck["step"] == 14 and again.cfg.enc_fine_n_fft == 160
    if ort.available():
        from codec.export import export_onnx, parity
        enc, dec = export_onnx(again, tmp_path)
        check = parity(again, enc, dec, list(synthetic_batch(1, 320 * 40, np.random.default_rng(3))))
        assert check["ok"], json.dumps(check)


def test_the_motion_probe_finds_a_time_smear_in_the_moving_frames_and_ignores_a_gain():
    from eval.codec_probes import motion_bins
    x = synthetic_batch(1, 16000 * 3, np.random.default_rng(7))[0].astype(np.float64)
    quiet = 0.5 * x  # a constant gain: the recogniser's mean normalisation removes it
    bins, rms = motion_bins(x, quiet)
    assert len(bins) == 4 and all(len(b) for b in bins)
    assert max(float(b.mean()) for b in bins) < 0.05 and float(rms.max()) < 0.01
    smear = np.zeros_like(x)  # the same signal blurred over 60 ms
    for lag in range(0, 960, 80):
        smear[lag:] += x[: len(x) - lag] / 12
    bins, _ = motion_bins(x, smear)
    means = [float(b.mean()) for b in bins]
    assert means[3] > means[0] + 0.5, means
