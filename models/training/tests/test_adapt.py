"""Decoder adaptation to generated codes (codec/adapt.py) on a tiny codec and a tiny SoundStorm."""
import json
import os
import sys
from argparse import Namespace

import numpy as np
import pytest
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from codec.adapt import Batches, Generated, adapt_step, collect, decoder_only, mel_of, spectral_extra  # noqa: E402
from codec.model import CONFIGS, Codec  # noqa: E402
from codec.train import MelLoss, synthetic_batch  # noqa: E402
from soundstorm.model import SoundStorm, SoundStormConfig  # noqa: E402
from soundstorm.token_store import TokenStore  # noqa: E402

torch.set_num_threads(1)
HOP = 320


def make_store(folder, codec, clips=6, seconds=2.4):
    """A token store of synthetic clips from two speakers, encoded by `codec`; returns path -> audio."""
    audio = {}
    rng = np.random.default_rng(0)
    wav = synthetic_batch(clips, int(seconds * 16000) // HOP * HOP, rng)
    rows, codes_all, sem_all, offset = [], [], [], 0
    for i in range(clips):
        codes = codec.encode(torch.from_numpy(wav[i])[None])[0].T.numpy().astype(np.int16)  # [T,Q]
        sem = (np.arange(len(codes)) // 5 % 7).astype(np.int16)
        path = f"synthetic/{i}.wav"
        audio[path] = wav[i]
        rows.append({"path": path, "speaker": f"s{i % 2}", "split": "train", "text": "x", "frame_offset": offset,
                     "frames": len(codes)})
        codes_all.append(codes)
        sem_all.append(sem)
        offset += len(codes)
    os.makedirs(folder, exist_ok=True)
    np.concatenate(codes_all).tofile(os.path.join(folder, "codes.int16"))
    np.concatenate(sem_all).tofile(os.path.join(folder, "semantic.int16"))
    with open(os.path.join(folder, "index.jsonl"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    with open(os.path.join(folder, "meta.json"), "w") as f:
        json.dump({"levels": codec.cfg.levels, "codebook_size": codec.cfg.codebook_size, "semantic_vocab": 7}, f)
    return audio


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("adapt")
    torch.manual_seed(0)
    codec = Codec(CONFIGS["tiny"]).eval()
    audio = make_store(tmp / "tokens", codec)
    storm = SoundStorm(SoundStormConfig(semantic_vocab=7, levels=codec.cfg.levels,
                                        codebook_size=codec.cfg.codebook_size, dim=32, heads=2, layers=1, dropout=0.0))
    torch.save({"model": storm.state_dict(), "config": storm.cfg.to_dict(), "train_levels": 2}, tmp / "storm.pt")
    args = Namespace(soundstorm=str(tmp / "storm.pt"), tokens=str(tmp / "tokens"), out=str(tmp / "gen"), minutes=5,
                     min_frames=50, max_frames=500, prompt_frames=40, temperature=0.8, top_p=0.9, threads=1, seed=0)
    collect(args)
    return tmp, codec, audio, args


def test_collect_writes_frame_aligned_codes_with_untrained_levels_absent(setup):
    tmp, codec, _, args = setup
    store = TokenStore(args.tokens)
    gen = Generated(args.out, store.levels)
    assert sorted(r["path"] for r in gen.rows) == sorted(r["path"] for r in store.train_rows)
    K = codec.cfg.codebook_size
    by_path = {r["path"]: r for r in store.train_rows}
    for r in gen.rows:
        c = gen.codes(r)
        assert c.shape == (store.levels, by_path[r["path"]]["frames"])
        assert (c[:2] < K).all() and (c[2:] == K).all()  # train_levels 2: the rest left absent
    collect(args)  # a second run finds every clip done and adds nothing
    assert len(Generated(args.out, store.levels).rows) == len(gen.rows)


def test_torn_collection_is_refused(setup, tmp_path):
    _, _, _, args = setup
    folder = tmp_path / "torn"
    folder.mkdir()
    rows = open(os.path.join(args.out, "index.jsonl")).read()
    (folder / "index.jsonl").write_text(rows)
    (folder / "codes.int16").write_bytes(open(os.path.join(args.out, "codes.int16"), "rb").read()[:100])
    with pytest.raises(SystemExit, match="remove the folder"):
        Generated(folder, 8)


def copy_for_adaptation(setup):
    """-> (store, generated, audio, a copy of the codec, its frozen part's state, decoder-only optimiser)."""
    tmp, codec, audio, args = setup
    store = TokenStore(args.tokens)
    gen = Generated(args.out, store.levels)
    model = Codec(type(codec.cfg).from_dict(codec.cfg.to_dict()))  # a test that grows the decoder changes its cfg
    model.load_state_dict(codec.state_dict())
    frozen = {k: v.clone() for k, v in model.state_dict().items() if not k.startswith("decoder.")}
    return store, gen, audio, model, frozen, decoder_only(model)


def test_adaptation_trains_the_decoder_alone_and_lowers_the_loss(setup):
    store, gen, audio, model, frozen, opt = copy_for_adaptation(setup)
    data = Batches(store, gen, 50, 0.3, seed=0, audio=audio)
    fixed = Batches(store, gen, 50, 0.0, seed=1, audio=audio).batch(4)
    mel = MelLoss(model.cfg)
    before = mel_of(model, mel, fixed)
    for _ in range(40):
        adapt_step(model, opt, mel, *data.batch(4), lr=3e-3)
    assert mel_of(model, mel, fixed) < before
    after = model.state_dict()
    assert all(torch.equal(after[k], v) for k, v in frozen.items())  # encoder and codebooks untouched
    codes, wav = fixed
    assert codes.shape == (4, store.levels, 50) and wav.shape == (4, 50 * HOP)


def test_levels_weights_choose_how_many_own_levels_the_decoder_sees(setup):
    from codec.adapt import parse_levels_weights
    tmp, codec, audio, args = setup
    store = TokenStore(args.tokens)
    gen = Generated(args.out, store.levels)
    K = store.codebook_size
    codes, _ = Batches(store, gen, 50, 1.0, seed=0, audio=audio, levels_weights={4: 1.0}).batch(6)
    assert bool((codes[:, 4:] == K).all()) and bool((codes[:, :4] < K).all())
    counts = set()
    data = Batches(store, gen, 50, 1.0, seed=0, audio=audio, levels_weights=parse_levels_weights("4:1,8:1"))
    for _ in range(8):
        c, _ = data.batch(4)
        counts.update(int((c[i, :, 0] < K).sum()) for i in range(4))
    assert counts == {4, 8}
    assert parse_levels_weights(None) is None
    with pytest.raises(SystemExit, match="levels-weights"):
        parse_levels_weights("0:1")


def test_gan_step_trains_the_decoder_alone_with_the_discriminators(setup):
    from codec.adapt import gan_step
    from codec.discriminators import Discriminators
    store, gen, audio, model, frozen, opt = copy_for_adaptation(setup)
    decoder_before = {k: v.clone() for k, v in model.state_dict().items() if k.startswith("decoder.")}
    disc = Discriminators(width=4)
    disc_before = [p.detach().clone() for p in disc.parameters()]
    opt_d = torch.optim.AdamW(disc.parameters(), lr=1.0)
    codes, wav = Batches(store, gen, 50, 1.0, seed=0, audio=audio).batch(2)
    lm, ld, adv = gan_step(model, opt, disc, opt_d, MelLoss(model.cfg), codes, wav, lr=1e-3)
    assert all(np.isfinite(x) for x in (lm, ld, adv))
    after = model.state_dict()
    assert all(torch.equal(after[k], v) for k, v in frozen.items())
    assert any(not torch.equal(after[k], v) for k, v in decoder_before.items())
    assert any(not torch.equal(p, q) for p, q in zip(disc.parameters(), disc_before))


def test_gan_step_adds_the_spectral_losses_under_the_reconstruction_weight(setup):
    from codec.adapt import gan_step
    from codec.discriminators import Discriminators
    from codec.train import CepstralLoss
    assert spectral_extra() is None and spectral_extra(cep=CepstralLoss(), cep_weight=0.0) is None
    store, gen, audio, model, frozen, opt = copy_for_adaptation(setup)
    codes, wav = Batches(store, gen, 50, 1.0, seed=0, audio=audio).batch(2)
    cep = CepstralLoss()
    extra = spectral_extra(cep=cep, cep_weight=2.0)
    with torch.no_grad():
        y = model.decoder(model.quantizer.decode(codes))
        assert float(extra(y, wav)) == pytest.approx(2.0 * float(cep(y, wav)), rel=1e-5)

    def grads(extra_loss):
        """The decoder's gradient of one step with the discriminators' updates off (lr 0)."""
        torch.manual_seed(0)
        disc = Discriminators(width=4)
        opt_d = torch.optim.AdamW(disc.parameters(), lr=1.0)
        seen = {}
        step = opt.step
        opt.step = lambda: seen.update({n: p.grad.clone() for n, p in model.decoder.named_parameters() if p.grad is not None})
        try:
            gan_step(model, opt, disc, opt_d, MelLoss(model.cfg), codes, wav, lr=0.0, extra=extra_loss)
        finally:
            opt.step = step
        return seen

    plain, with_cep = grads(None), grads(extra)
    assert plain.keys() == with_cep.keys() and plain
    assert any(not torch.allclose(plain[n], with_cep[n]) for n in plain)


def test_own_codes_need_no_collect_folder_but_a_generated_mix_does(setup, tmp_path):
    tmp, codec, audio, args = setup
    store = TokenStore(args.tokens)
    empty = Generated(tmp_path / "none", store.levels)
    codes, wav = Batches(store, empty, 50, 1.0, seed=0, audio=audio).batch(3)
    assert codes.shape == (3, store.levels, 50) and wav.shape == (3, 50 * HOP)
    with pytest.raises(SystemExit, match="true-share 1.0"):
        Batches(store, empty, 50, 0.5, seed=0, audio=audio)



def test_batch_lsd_is_the_evaluations_log_spectral_distance():
    from codec.train import lsd_db
    from eval.codec_eval import lsd_frames
    rng = np.random.default_rng(3)
    x = synthetic_batch(1, 16000, rng)[0]
    y = (x + 0.02 * rng.standard_normal(len(x))).astype(np.float32)
    ours = lsd_db(torch.from_numpy(y)[None], torch.from_numpy(x)[None])
    assert ours == pytest.approx(float(lsd_frames(x, y).mean()), rel=1e-4)
    assert lsd_db(torch.from_numpy(x)[None], torch.from_numpy(x)[None]) == pytest.approx(0.0, abs=1e-6)


def test_log_spectrum_loss_trains_the_decoder_towards_the_recordings_bins(setup):
    from codec.adapt import own_probe
    from codec.train import LogSpecLoss
    store, gen, audio, model, frozen, opt = copy_for_adaptation(setup)
    spec = LogSpecLoss((256, 512))
    data = Batches(store, gen, 50, 1.0, seed=0, audio=audio)
    fixed = Batches(store, gen, 50, 1.0, seed=1, audio=audio).batch(4)
    with torch.no_grad():
        before = float(spec(model.decoder(model.quantizer.decode(fixed[0])), fixed[1]))
    lsd_before = own_probe(model, None, fixed)[1]
    mel = MelLoss(model.cfg)
    for _ in range(40):
        lm = adapt_step(model, opt, mel, *data.batch(4), lr=3e-3, extra=spectral_extra(spec=spec, spec_weight=1.0))
        assert np.isfinite(lm)
    with torch.no_grad():
        after = float(spec(model.decoder(model.quantizer.decode(fixed[0])), fixed[1]))
    assert after < before and own_probe(model, None, fixed)[1] < lsd_before
    state = model.state_dict()
    assert all(torch.equal(state[k], v) for k, v in frozen.items())


def test_lsd_loss_is_the_evaluations_distance_in_nepers_and_only_reads_kept_frames():
    from codec.train import LsdLoss
    from eval.codec_eval import lsd_frames
    rng = np.random.default_rng(5)
    x = synthetic_batch(2, 16000, rng)
    x[:, 8000:] *= 1e-4  # 80 dB down: outside the evaluation's 50 dB range, so it must not count
    y = (x + 0.02 * rng.standard_normal(x.shape)).astype(np.float32)
    loss = LsdLoss()(torch.from_numpy(y), torch.from_numpy(x))
    ref = np.concatenate([lsd_frames(a, b) for a, b in zip(x, y)]).mean()
    assert float(loss) * 10 / np.log(10) == pytest.approx(float(ref), rel=1e-3)
    assert float(LsdLoss()(torch.from_numpy(x), torch.from_numpy(x))) < 1e-3


def test_lsd_loss_trains_the_decoder_and_leaves_the_codes_alone(setup):
    from codec.adapt import own_probe
    from codec.train import LsdLoss
    store, gen, audio, model, frozen, opt = copy_for_adaptation(setup)
    data = Batches(store, gen, 50, 1.0, seed=0, audio=audio)
    fixed = Batches(store, gen, 50, 1.0, seed=1, audio=audio).batch(4)
    lsd_before = own_probe(model, None, fixed)[1]
    mel, lsd = MelLoss(model.cfg), LsdLoss()
    for _ in range(40):
        lm = adapt_step(model, opt, mel, *data.batch(4), lr=3e-3, extra=spectral_extra(lsd=lsd, lsd_weight=1.0))
        assert np.isfinite(lm)
    assert own_probe(model, None, fixed)[1] < lsd_before
    state = model.state_dict()
    assert all(torch.equal(state[k], v) for k, v in frozen.items())


def test_cepstral_loss_is_the_evaluations_distance_and_only_reads_kept_frames():
    from codec.train import CepstralLoss
    from eval.codec_eval import cepstral_frames
    rng = np.random.default_rng(6)
    x = synthetic_batch(2, 16000, rng)
    x[:, 8000:] *= 1e-4  # 80 dB down: outside the evaluation's 50 dB range, so it must not count
    y = np.stack([np.convolve(v, np.ones(3) / 3)[: len(v)] for v in x]).astype(np.float32)
    y = (y + 0.01 * rng.standard_normal(y.shape)).astype(np.float32)
    loss = CepstralLoss()(torch.from_numpy(y), torch.from_numpy(x))
    ref = np.concatenate([cepstral_frames(a, b) for a, b in zip(x, y)]).mean()
    assert ref > 0.5
    assert float(loss) * 10 / np.log(10) == pytest.approx(float(ref), rel=1e-3)
    assert float(CepstralLoss()(torch.from_numpy(x), torch.from_numpy(x))) < 1e-3


def test_cepstral_loss_delta_term_reads_how_the_envelope_moves():
    from codec.train import CepstralLoss
    from eval.codec_eval import cepstra_pair, cepstral_db
    rng = np.random.default_rng(7)
    x = synthetic_batch(2, 16000, rng)
    # y: the same sounds 50 ms late, so its envelope moves at other times than x's
    y = np.roll(x, 800, axis=1)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    static = float(CepstralLoss()(yt, xt))
    both = float(CepstralLoss(delta=0.5)(yt, xt))
    deltas = []
    for a, b in zip(x, y):
        cr, ct, keep = cepstra_pair(a, b)
        d = (cr[:, 4:] - cr[:, :-4]) - (ct[:, 4:] - ct[:, :-4])
        deltas.append(cepstral_db(d)[keep[2:-2]])
    ref = float(np.concatenate(deltas).mean()) * np.log(10) / 10
    assert ref > 0.5
    assert both - static == pytest.approx(0.5 * ref, rel=1e-3)
    assert float(CepstralLoss(delta=1.0)(xt, xt)) < 1e-3


def test_cepstral_loss_trains_the_decoder_and_leaves_the_codes_alone(setup):
    from codec.adapt import own_probe
    from codec.train import CepstralLoss
    store, gen, audio, model, frozen, opt = copy_for_adaptation(setup)
    data = Batches(store, gen, 50, 1.0, seed=0, audio=audio)
    codes, target = Batches(store, gen, 50, 1.0, seed=1, audio=audio).batch(4)
    mel, cep = MelLoss(model.cfg), CepstralLoss()
    before = own_probe(model, None, (codes, target))[2]  # the probe's figure: the loss in dB
    with torch.no_grad():
        assert float(cep(model.decoder(model.quantizer.decode(codes)), target)) * 10 / np.log(10) == pytest.approx(before, abs=2e-3)
    for _ in range(40):
        lm = adapt_step(model, opt, mel, *data.batch(4), lr=3e-3, extra=spectral_extra(cep=cep, cep_weight=1.0))
        assert np.isfinite(lm)
    assert own_probe(model, None, (codes, target))[2] < before
    state = model.state_dict()
    assert all(torch.equal(state[k], v) for k, v in frozen.items())


def test_a_grown_decoder_starts_as_the_old_one_trains_its_new_blocks_and_reloads(setup, tmp_path):
    from pathlib import Path

    from codec.model import grow_decoder
    from codec.train import load_codec, save_checkpoint
    store, gen, audio, model, frozen, _ = copy_for_adaptation(setup)
    codes, target = Batches(store, gen, 50, 1.0, seed=1, audio=audio).batch(4)
    with torch.no_grad():
        before = model.decode(codes)
    blocks = model.cfg.dec_blocks
    assert grow_decoder(model, blocks + 2) == 2 and grow_decoder(model, blocks + 2) == 0
    with pytest.raises(ValueError, match="grow, not shrink"):
        grow_decoder(model, blocks - 1)
    with torch.no_grad():
        assert torch.equal(model.decode(codes), before)   # new blocks start as identities
    opt = decoder_only(model)
    data = Batches(store, gen, 50, 1.0, seed=0, audio=audio)
    mel = MelLoss(model.cfg)
    start = mel_of(model, mel, (codes, target))
    for _ in range(30):
        adapt_step(model, opt, mel, *data.batch(4), lr=3e-3)
    assert mel_of(model, mel, (codes, target)) < start
    assert float(model.decoder.blocks[-1].gamma.abs().max()) > 0   # the new blocks learned
    state = model.state_dict()
    assert all(torch.equal(state[k], v) for k, v in frozen.items())
    save_checkpoint(Path(tmp_path) / "grown.pt", model, None, 0, 0.0)
    again, ck = load_codec(Path(tmp_path) / "grown.pt")
    assert ck["config"]["dec_blocks"] == blocks + 2
    with torch.no_grad():
        assert torch.allclose(again.decode(codes), model.decode(codes), atol=1e-6)


def test_encoder_training_keeps_the_codebooks_and_lowers_the_round_trip_loss(setup):
    from codec.adapt import encoder_and_decoder
    store, gen, audio, model, frozen, _ = copy_for_adaptation(setup)
    opt = encoder_and_decoder(model)
    data = Batches(store, gen, 50, 1.0, seed=0, audio=audio, levels_weights={4: 1.0, 8: 1.0})
    fixed = Batches(store, gen, 50, 1.0, seed=1, audio=audio).batch(4)
    mel = MelLoss(model.cfg)
    before = mel_of(model, mel, fixed, through_encoder=True)
    encoder_before = {k: v.clone() for k, v in model.encoder.state_dict().items()}
    for _ in range(40):
        assert np.isfinite(adapt_step(model, opt, mel, *data.batch(4), lr=3e-3, through_encoder=True))
    assert mel_of(model, mel, fixed, through_encoder=True) < before
    state = model.state_dict()
    # the codebooks (and their EMA statistics) never move: every code decodes from the same vector
    assert all(torch.equal(state[k], v) for k, v in frozen.items() if k.startswith("quantizer."))
    assert any(not torch.equal(model.encoder.state_dict()[k], v) for k, v in encoder_before.items())
    with pytest.raises(SystemExit, match="true-share 1.0"):
        from codec.adapt import main
        main(["train", "--codec", "x.pt", "--tokens", str(setup[3].tokens), "--generated", str(setup[0] / "enc"),
              "--train-encoder", "--true-share", "0.5"])


def test_the_phonetic_loss_trains_the_decoder_towards_the_tokenizers_reading(setup):
    from codec.adapt import own_probe
    from codec.phonetic import PhoneticLoss
    from semantic.model import SemanticConfig, SemanticEncoder
    store, gen, audio, model, frozen, opt = copy_for_adaptation(setup)
    torch.manual_seed(0)
    enc = SemanticEncoder(SemanticConfig(vocab_size=12, dim=32, heads=2, layers=2, kernel=5, arch="conv"))
    tokenizer = {k: v.clone() for k, v in enc.state_dict().items()}
    phone = PhoneticLoss(enc)
    assert spectral_extra(phone=phone, phone_weight=0.0) is None
    data = Batches(store, gen, 50, 1.0, seed=0, audio=audio)
    fixed = Batches(store, gen, 50, 1.0, seed=1, audio=audio).batch(4)
    with torch.backends.mkldnn.flags(enabled=False):
        before = own_probe(model, None, fixed, phone=phone)[3]
        for _ in range(40):
            adapt_step(model, opt, MelLoss(model.cfg), *data.batch(4), lr=3e-3, extra=spectral_extra(phone=phone, phone_weight=1.0))
        assert own_probe(model, None, fixed, phone=phone)[3] < before
    after = model.state_dict()
    assert all(torch.equal(after[k], v) for k, v in frozen.items())  # encoder and codebooks untouched
    assert all(torch.equal(enc.state_dict()[k], v) for k, v in tokenizer.items())  # the tokenizer too
