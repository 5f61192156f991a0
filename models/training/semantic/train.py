"""Train the semantic tokenizer. Stage `ctc`: CTC phoneme objective. Stage `frame`: align every
clip with the CTC head, then train the frame head (and fine-tune the encoder) on the frame labels.
Stage `viterbi`: embedded re-estimation without CTC (the frame classifier learns in minutes where
CTC sits on its plateau): flat-start labels, then rounds of (train the frame head, realign a fresh
subset with it by HMM forced alignment); at the end every clip is aligned with the frame head.
Stage `ctc-head`: the CTC objective on the CTC head alone, over a frozen encoder (encoder and frame
head, so the tokens, do not change): a trained frame-head model gets a CTC head to read and align with.

  /usr/bin/python3 -m semantic.train --config default --stage ctc --minutes 60 --device cpu
  /usr/bin/python3 -m semantic.train --config default --stage frame --minutes 20
Checkpoints (config, inventory, steps, wall time inside) go to runs/semantic-<config>/last.pt;
a run resumes from it.
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch

from common.compact import load_resumable, load_weights, save_checkpoint
from common.corpus_io import load_phonemes
from common.schedule import time_decay_factor
from data.corpus import CACHE_DIR, clip_audio, load_index
from semantic.align import durations_from_alignment, flat_start_labels, frame_energy_db, hmm_align, read_alignments
from semantic.model import SemanticConfig, SemanticEncoder, load_grown
from semantic.vocab import BOUNDARIES, build_inventory, encode

STAGES = ("ctc", "flat", "frame", "viterbi", "ctc-head")

CONFIGS = {
    "tiny": dict(dim=64, heads=2, layers=2, dropout=0.0),
    "default": dict(dim=144, heads=4, layers=4, dropout=0.1),
    "conv": dict(dim=256, heads=4, layers=10, kernel=11, dropout=0.05, arch="conv"),
}
HOP = 320


def training_rows(max_seconds, cache_dir=CACHE_DIR):
    """The training split's clips that have phonemes (<cache_dir>/g2p_out.jsonl), up to max_seconds.
    A cache other than the corpus's (e.g. data/synthetic.py's) is remembered in each row's `cache`."""
    phon = load_phonemes(cache_dir)
    rows = [r for r in load_index(split="train", with_text=True, cache_dir=cache_dir)
            if r["path"] in phon and r["length"] <= max_seconds * 16000]
    for r in rows:
        r["symbols"] = phon[r["path"]]
        if str(cache_dir) != str(CACHE_DIR):
            r["cache"] = str(cache_dir)
    return rows


def speed_perturb(audio, frames, labels, factor):
    """Speed perturbation of a padded batch: audio [B,N] played `factor` times faster (pitch and
    tempo together, as a tape; factor > 1 shortens), resampled with torchaudio's windowed sinc.
    frames [B] and frame labels [B,T] (or None) follow: each new frame takes the label of the old frame
    it falls in. -> (audio, frames, pad, labels)."""
    import torchaudio.functional as AF

    new, orig = 160, int(round(160 * factor))
    if orig == new:
        pad = torch.arange(audio.shape[1] // HOP)[None, :] >= frames[:, None]
        return audio, frames, pad, labels
    out = AF.resample(audio, orig_freq=orig, new_freq=new)
    n = (out.shape[1] + HOP - 1) // HOP * HOP
    out = torch.nn.functional.pad(out, (0, n - out.shape[1]))
    frames = torch.clamp((frames.double() * new / orig).ceil().long(), min=1, max=n // HOP)
    T = n // HOP
    pad = torch.arange(T)[None, :] >= frames[:, None]
    if labels is not None:
        src = torch.clamp((torch.arange(T).double() * orig / new).floor().long(), max=labels.shape[1] - 1)
        labels = labels[:, src].clone()
        labels[pad] = -100
    return out, frames, pad, labels


def configure_backend(mkldnn=False):
    """Debian's torch 1.13 computes this encoder's subsample-convolution weight gradients wrongly
    through mkldnn on CPU (2-7x relative error against float64, now and then 1e4-1e18 in size, which
    overflowed clip_grad_norm_: the "non-finite gradient" skips); the native kernels match float64
    to 1e-6. So semantic training runs with mkldnn off unless asked (models/training/README.md)."""
    torch.backends.mkldnn.enabled = bool(mkldnn)


def length_batches(lengths, budget, rng):
    """Indices grouped in order of length so that a padded batch (its longest times its size) stays within
    `budget` (a single longer item makes a batch of its own); the batches shuffled with rng."""
    batches, cur, longest = [], [], 0
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        longest = max(longest, lengths[i])
        if cur and longest * (len(cur) + 1) > budget:
            batches.append(cur)
            cur, longest = [], lengths[i]
        cur.append(i)
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def make_batches(rows, batch_seconds, rng):
    """The rows in padded batches of about batch_seconds of audio (length_batches)."""
    return [[rows[i] for i in b] for b in length_batches([r["length"] for r in rows], batch_seconds * 16000, rng)]


def collate(batch):
    n = max(r["length"] for r in batch)
    n = (n + HOP - 1) // HOP * HOP
    audio = torch.zeros(len(batch), n)
    frames = torch.zeros(len(batch), dtype=torch.long)
    for i, r in enumerate(batch):
        a = clip_audio(r, r["cache"]) if "cache" in r else clip_audio(r)
        audio[i, : len(a)] = torch.from_numpy(a)
        frames[i] = (len(a) + HOP - 1) // HOP
    pad = torch.arange(n // HOP)[None, :] >= frames[:, None]
    return audio, frames, pad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="default", choices=CONFIGS)
    ap.add_argument("--stage", default="ctc", choices=STAGES,
                    help="ctc: CTC only; flat: frame labels from a flat start (equal phone durations inside the "
                         "speech) plus CTC, to get the encoder past CTC's all-blank plateau; frame: CTC forced "
                         "alignment, then the frame head on its labels plus CTC; ctc-head: CTC on the CTC head "
                         "alone over the frozen encoder")
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--mkldnn", action="store_true",
                    help="keep mkldnn on (its subsample-conv weight gradients are wrong on Debian's torch 1.13)")
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--batch-seconds", type=float, default=60)
    ap.add_argument("--limit-clips", type=int, default=0, help="train on the first N clips (tiny runs)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--decay-minutes", type=float, default=0,
                    help="decay the rate linearly over the last M minutes of the run (wall time)")
    ap.add_argument("--decay-final", type=float, default=0.1, help="the rate's factor at the end of the decay")
    ap.add_argument("--alignments", default=None,
                    help="frame: take the frame labels from this alignments.jsonl (e.g. semantic.wordalign's) "
                         "instead of aligning with the CTC head")
    ap.add_argument("--align-head", default="ctc", choices=["ctc", "frame"],
                    help="frame without --alignments: label the clips by forced alignment on this head of the "
                         "loaded model (frame: embedded re-estimation from a trained frame head)")
    ap.add_argument("--run", default=None, help="run folder name under runs/ (default semantic-<config>)")
    ap.add_argument("--fresh", action="store_true", help="start from new weights, not a checkpoint")
    ap.add_argument("--ctc-weight", type=float, default=None, help="weight of CTC beside the frame loss")
    ap.add_argument("--flat-max-seconds", type=float, default=4.0,
                    help="viterbi: the flat-start round trains on clips up to this long (uniform phone "
                         "durations are close to the truth only in short clips)")
    ap.add_argument("--vtlp", type=float, default=None, metavar="W",
                    help="vocal-tract length perturbation: warp each training clip's frequency axis by a factor "
                         "drawn from [1-W, 1+W] (e.g. 0.1)")
    ap.add_argument("--speed", type=float, default=None, metavar="W",
                    help="speed perturbation: play each training batch faster or slower by a factor drawn from "
                         "[1-W, 1+W] in steps of 0.05 (pitch, formants and tempo together; e.g. 0.1)")
    ap.add_argument("--extra-cache", action="append", default=[], metavar="DIR",
                    help="frame: also train on the training split of this cache (data/synthetic.py's .cache/synthetic, "
                         "with its g2p_out.jsonl); its clips are labelled by forced alignment on the loaded model's "
                         "frame head (written to <run>/extra-alignments.jsonl and reused)")
    ap.add_argument("--extra-repeat", type=int, default=1, help="count each --extra-cache clip this many times")
    ap.add_argument("--repeat-corpus", action="append", default=[], metavar="CORPUS=K",
                    help="count each training clip of CORPUS K times (e.g. librispeech-mini=2); only clips with "
                         "transcripts train, so an untranscribed corpus goes in through semantic.pseudo_label and "
                         "--extra-cache / --extra-repeat instead")
    ap.add_argument("--spec-augment", default=None, metavar="F,WF,T,WT",
                    help="SpecAugment while training: F frequency masks of up to WF mel bins and T time masks of "
                         "up to WT mel frames (10 ms) per clip, e.g. 2,10,2,8")
    ap.add_argument("--grow-attn", type=int, default=0, metavar="N",
                    help="append self-attention blocks (semantic.model.AttentionBlock, starting as identities) to the "
                         "loaded encoder until it has N; the optimiser starts afresh")
    ap.add_argument("--seed", type=int, default=0,
                    help="seed of the batch order and the augmentation draws; runs from one checkpoint with different "
                         "seeds take different paths, which common.average can then average")
    ap.add_argument("--consistency", type=float, default=0.0, metavar="ALPHA",
                    help="consistency regularisation (as CR-CTC): each batch is read twice, each copy under its own "
                         "VTLP warp, SpecAugment masks and dropout, both copies learn the usual losses, and ALPHA x "
                         "the symmetric KL divergence between the two copies' per-frame posteriors (CTC and frame "
                         "heads) pulls the readings of one clip in two voices together; a step costs about twice as "
                         "much (0: off)")
    ap.add_argument("--round-minutes", type=float, default=8, help="viterbi: training between realignments")
    ap.add_argument("--align-clips", type=int, default=2000, help="viterbi: clips realigned each round")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    configure_backend(args.mkldnn)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    run_dir = os.path.join(os.path.dirname(str(CACHE_DIR)), "runs", args.run or f"semantic-{args.config}")
    os.makedirs(run_dir, exist_ok=True)
    ckpt_path = os.path.join(run_dir, "last.pt")

    rows = training_rows(max_seconds=20)
    if args.limit_clips:
        rows = rows[: args.limit_clips]
    state = {"steps": {s: 0 for s in STAGES}, "wall_seconds": {s: 0.0 for s in STAGES}, "log": []}
    ck = None if args.fresh else load_resumable(ckpt_path, f"semantic-{args.config}.pt")
    if ck is not None:
        inventory = ck["inventory"]
        cfg = SemanticConfig(**ck["config"])
        state = {k: ck[k] for k in ("steps", "wall_seconds", "log")}
        for k in ("steps", "wall_seconds"):
            for stage in STAGES:  # checkpoints from before a stage existed
                state[k].setdefault(stage, 0)
    else:
        inventory = build_inventory([r["symbols"] for r in rows])
        cfg = SemanticConfig(vocab_size=len(inventory), **CONFIGS[args.config])
    grown = 0
    if args.grow_attn > cfg.attn_layers:
        if ck is None:
            raise SystemExit("--grow-attn grows a trained encoder: give a run with a checkpoint (not --fresh)")
        grown, cfg.attn_layers = args.grow_attn - cfg.attn_layers, args.grow_attn
    model = SemanticEncoder(cfg).to(args.device)
    if args.vtlp:
        model.vtlp = args.vtlp
    if args.spec_augment:
        f, wf, t, wt = (int(v) for v in args.spec_augment.split(","))
        model.augment = dict(freq_masks=f, freq_width=wf, time_masks=t, time_width=wt)
    head_only = args.stage == "ctc-head"
    if head_only and (ck is None or grown):
        raise SystemExit("--stage ctc-head trains the CTC head of a trained encoder: give a run with a checkpoint "
                         "(not --fresh, not --grow-attn)")
    opt = torch.optim.AdamW(model.ctc_parameters() if head_only else model.parameters(), lr=args.lr,
                            weight_decay=0.01)
    if ck is not None:
        if grown:
            try:
                load_grown(model, load_weights(ck))
            except ValueError as e:
                raise SystemExit(f"--grow-attn: {e}")
            print(f"grew {grown} self-attention block(s) (identities at first): {cfg.attn_layers} in all", flush=True)
        else:
            model.load_state_dict(load_weights(ck))
        if ck.get("stage") == args.stage and ck.get("opt") and not grown:
            opt.load_state_dict(ck["opt"])
    print(f"{len(rows)} clips, vocab {len(inventory)}, params {sum(p.numel() for p in model.parameters())/1e6:.2f} M", flush=True)

    rows = with_ids(rows, inventory)
    if args.stage == "frame" and args.alignments:
        rows = rows_from_alignments(rows, args.alignments, inventory)
        print(f"{len(rows)} clips labelled from {args.alignments}", flush=True)
    elif args.stage == "frame":
        rows = align_rows(model, rows, args.device, head=args.align_head)
        write_alignments(os.path.join(run_dir, "alignments.jsonl"), rows, inventory)
    if args.repeat_corpus:
        try:
            rows = repeat_corpus(rows, args.repeat_corpus)
        except ValueError as e:
            raise SystemExit(f"--repeat-corpus: {e}")
        print(f"{len(rows)} training clips after --repeat-corpus {' '.join(args.repeat_corpus)}", flush=True)
    if args.extra_cache:
        if args.stage != "frame" or ck is None:
            raise SystemExit("--extra-cache labels its clips with a trained frame head: use --stage frame on a run "
                             "with a checkpoint")
        rows += extra_rows(model, args, inventory, run_dir)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    start, last_save = time.time(), time.time()
    stage_wall0 = state["wall_seconds"][args.stage]
    step = state["steps"][args.stage]
    first_step = step
    done = False
    train_rows = rows
    if args.stage == "viterbi":
        train_rows = [r for r in rows if r["length"] <= args.flat_max_seconds * 16000] or rows
        print(f"flat start on the {len(train_rows)} clips up to {args.flat_max_seconds:g} s", flush=True)
    round_start, rounds = time.time(), 0
    while not done:
        if args.stage == "viterbi" and time.time() - round_start > args.round_minutes * 60:
            subset = rng.sample(rows, min(args.align_clips, len(rows)))
            train_rows = align_rows(model, subset, args.device, head="frame")
            rounds += 1
            print(f"round {rounds}: realigned {len(train_rows)} clips with the frame head", flush=True)
            round_start = time.time()
        for batch in make_batches(train_rows, args.batch_seconds, rng):
            if args.stage == "viterbi" and time.time() - round_start > args.round_minutes * 60:
                break
            audio, frames, pad = collate(batch)
            # Warm up at every (re)start: a resumed stage may begin with a fresh optimiser.
            warm = min(1.0, (step - first_step + 1) / 200)
            factor = time_decay_factor(time.time() - start, args.minutes, args.decay_minutes, args.decay_final)
            for g in opt.param_groups:
                g["lr"] = args.lr * warm * factor
            if head_only:
                loss = ctc_head_loss(model, ctc, audio.to(args.device), pad.to(args.device), frames, batch)
            else:
                model.train()
                labels = None
                if args.stage != "ctc":
                    labels = torch.full(pad.shape, -100, dtype=torch.long)
                    for i, r in enumerate(batch):
                        if args.stage in ("flat", "viterbi") and "labels" not in r:
                            r["labels"] = flat_start_labels(r["ids"], frame_energy_db(audio[i, : frames[i] * HOP].numpy()))
                        lab = torch.from_numpy(r["labels"])
                        labels[i, : len(lab)] = lab
                if args.speed:
                    speed = 1.0 + 0.05 * rng.randint(-round(args.speed / 0.05), round(args.speed / 0.05))
                    audio, frames, pad, labels = speed_perturb(audio, frames, labels, speed)
                if args.consistency:
                    audio, frames, pad, batch = (torch.cat([audio, audio]), torch.cat([frames, frames]),
                                                 torch.cat([pad, pad]), batch + batch)
                    labels = torch.cat([labels, labels]) if labels is not None else None
                ctc_logits, frame_logits = model(audio.to(args.device), pad.to(args.device))
                if args.stage == "ctc":
                    loss = ctc_of(ctc, ctc_logits, frames, batch)
                else:
                    loss = torch.nn.functional.cross_entropy(frame_logits.reshape(-1, cfg.vocab_size), labels.reshape(-1), ignore_index=-100)
                    ctc_weight = args.ctc_weight if args.ctc_weight is not None else 0.3
                    if ctc_weight > 0:  # 0 x an infinite CTC loss would still be NaN
                        loss = loss + ctc_weight * ctc_of(ctc, ctc_logits, frames, batch)
                if args.consistency:
                    term = consistency_loss(ctc_logits, pad)
                    if args.stage != "ctc":  # the ctc stage trains no frame head
                        term = term + consistency_loss(frame_logits, pad)
                    loss = loss + args.consistency * term
            if not guarded_step(opt, loss, model.parameters(), step):
                continue
            step += 1
            elapsed = time.time() - start
            if step % 20 == 0 or step <= 3:
                print(f"{args.stage} step {step} loss {loss.item():.3f} {elapsed/60:.1f} min", flush=True)
                state["log"].append([args.stage, step, round(loss.item(), 4)])
            if time.time() - last_save > 120 or elapsed > args.minutes * 60 or step >= args.max_steps:
                state["steps"][args.stage] = step
                state["wall_seconds"][args.stage] = stage_wall0 + elapsed
                save_checkpoint(ckpt_path, model, opt, **state, config=cfg.to_dict(), inventory=inventory, stage=args.stage)
                last_save = time.time()
            if elapsed > args.minutes * 60 or step >= args.max_steps:
                done = True
                break
    print("saved", ckpt_path, flush=True)
    if args.stage == "viterbi":
        aligned = align_rows(model, rows, args.device, head="frame")
        write_alignments(os.path.join(run_dir, "alignments.jsonl"), aligned, inventory)
        print(f"wrote the alignments of {len(aligned)} clips", flush=True)


def guarded_step(opt, loss, params, step):
    """One optimiser step on `loss` with the gradient clipped to norm 1, unless the loss or the gradient is
    not finite: one bad batch must not poison the weights (a NaN gradient ended an earlier run).
    -> whether it stepped."""
    if not torch.isfinite(loss):
        print(f"skipping a batch with a non-finite loss at step {step}", flush=True)
        return False
    opt.zero_grad()
    loss.backward()
    if not torch.isfinite(torch.nn.utils.clip_grad_norm_(params, 1.0)):
        print(f"skipping a batch with a non-finite gradient at step {step}", flush=True)
        opt.zero_grad()
        return False
    opt.step()
    return True


def consistency_loss(logits, pad):
    """The consistency term of CR-CTC (Yao et al. 2024) for a batch read twice: logits [2B,T,V] (the
    first B rows one reading of the clips, the last B another, under other augmentation draws), pad
    [2B,T] True where padded. -> the symmetric KL divergence between the two readings' posteriors,
    each direction against the other reading held fixed (no gradient through the target), averaged
    over the unpadded frames."""
    b = logits.shape[0] // 2
    lp = logits.log_softmax(-1)
    a, c = lp[:b], lp[b:]
    keep = (~pad[:b]).to(device=lp.device, dtype=lp.dtype)

    def kl(target, x):  # KL(target || x) per frame, the target fixed
        target = target.detach()
        return (target.exp() * (target - x)).sum(-1)

    per_frame = 0.5 * (kl(a, c) + kl(c, a))
    return (per_frame * keep).sum() / keep.sum().clamp(min=1.0)


def ctc_targets(ids):
    """A clip's CTC targets: its phoneme ids less the boundary tokens."""
    return [i for i in ids if i not in BOUNDARIES]


def ctc_loss(ctc, logits, frames, targets):
    """CTC loss of logits [B,T,V] (frames [B] of them valid) against targets, one id list a clip."""
    targets = [torch.tensor(t) for t in targets]
    lp = logits.log_softmax(-1).transpose(0, 1)
    return ctc(lp, torch.cat(targets), frames, torch.tensor([len(t) for t in targets]))


def ctc_of(ctc, logits, frames, batch):
    """CTC loss of logits [B,T,V] against each clip's phones (ctc_targets of its `ids`)."""
    return ctc_loss(ctc, logits, frames, [ctc_targets(r["ids"]) for r in batch])


def ctc_head_loss(model, ctc, audio, pad, frames, batch):
    """The CTC loss of the CTC head over the frozen encoder (eval mode, no gradient: no dropout, no
    SpecAugment), so that only the CTC head (`model.ctc_parameters()`) learns. batch: the clips' rows
    (their `ids`)."""
    model.eval()
    with torch.no_grad():
        hidden = model.states(audio, pad)[model.cfg.ctc_head_layer]
    model.ctc_blocks.train()  # the head's own blocks (if any) learn with their dropout
    return ctc_of(ctc, model.ctc_logits(hidden, pad), frames, batch)


def write_alignments(path, rows, inventory):
    """One clip a line: path, speaker, phoneme ids and their durations (frames): T2S training data."""
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps({"path": r["path"], "speaker": r["speaker"], "ids": r["ids"],
                                "durations": [int(d) for d in r["durations"]]}) + "\n")
    with open(os.path.join(os.path.dirname(path), "inventory.json"), "w") as f:
        json.dump(inventory, f, ensure_ascii=False)


def rows_from_alignments(rows, path, inventory):
    """Rows that have an alignment in `path`, each with `labels` (<sil> for pauses) and `durations`."""
    theirs, records = read_alignments(path)
    if theirs != inventory:
        raise SystemExit(f"{path}: its inventory differs from this model's")
    out = []
    for r in rows:
        a = records.get(r["path"])
        if a is None or a["ids"] != r["ids"]:
            continue
        r["durations"] = np.asarray(a["durations"])
        r["labels"] = a["labels"]
        out.append(r)
    return out


def repeat_corpus(rows, specs):
    """rows with each clip of a named corpus counted K times; specs: ["corpus=K", ...]. The copies
    share their labels (rows are not realigned), so a repeat weighs a corpus without new alignment."""
    counts = {}
    for spec in specs:
        name, sep, k = spec.partition("=")
        if not sep or not k.strip().isdigit() or int(k) < 1:
            raise ValueError(f"{spec!r}: expected CORPUS=K with K a whole number >= 1")
        counts[name.strip()] = int(k)
    present = {r["corpus"] for r in rows}
    missing = sorted(set(counts) - present)
    if missing:
        raise ValueError(f"no training clips of {', '.join(missing)} (corpora here: {', '.join(sorted(present))})")
    return repeated(rows, lambda r: counts.get(r["corpus"], 1))


def repeated(rows, times):
    """rows with each row counted times(row) times; the copies are shallow (they share arrays and
    labels), so a repeat weighs clips without copying their audio."""
    return [r if i == 0 else dict(r) for r in rows for i in range(times(r))]


def with_ids(rows, inventory):
    """Each row with its phoneme `ids`; only the rows CTC can learn from (at least one phone and
    fewer phones than half the frames)."""
    for r in rows:
        r["ids"] = encode(r["symbols"], inventory)
    return [r for r in rows if 0 < sum(i not in BOUNDARIES for i in r["ids"]) < r["length"] // HOP // 2]


def extra_rows(model, args, inventory, run_dir):
    """The --extra-cache clips, each with `ids` and frame `labels` (forced alignment on the model's frame
    head, cached in <run_dir>/extra-alignments.jsonl), each repeated --extra-repeat times."""
    path = os.path.join(run_dir, "extra-alignments.jsonl")
    rows = with_ids([r for d in args.extra_cache for r in training_rows(max_seconds=20, cache_dir=d)], inventory)
    if not os.path.exists(path):
        write_alignments(path, align_rows(model, rows, args.device, head="frame"), inventory)
    aligned = rows_from_alignments(rows, path, inventory)  # the same mapping to frame labels as the corpus's
    print(f"{len(aligned)} extra clips labelled from {path}", flush=True)
    repeat = max(1, args.extra_repeat)
    out = repeated(aligned, lambda r: repeat)
    print(f"{len(out)} extra training clips ({len(aligned)} x {repeat}) from {', '.join(args.extra_cache)}", flush=True)
    return out


@torch.no_grad()
def align_rows(model, rows, device, head="ctc", batch_seconds=120):
    """Adds fresh `labels` (frame labels) and `durations` to every row that aligns, drops the others.
    head "ctc": CTC Viterbi on the CTC head; "frame": HMM forced alignment on the frame head."""
    model.eval()
    out, t0 = [], time.time()
    for k, batch in enumerate(make_batches(rows, batch_seconds, random.Random(0))):
        audio, frames, pad = collate(batch)
        ctc_logits, frame_logits = model(audio.to(device), pad.to(device))
        lp = (ctc_logits if head == "ctc" else frame_logits).log_softmax(-1).cpu().numpy()
        for i, r in enumerate(batch):
            n = int(frames[i])
            if head == "ctc":
                res = durations_from_alignment(r["ids"], lp[i, :n], frame_energy_db(audio[i, : n * HOP].numpy()))
            else:
                res = hmm_align(r["ids"], lp[i, :n])
            if res is not None:
                r["durations"], r["labels"] = res
                out.append(r)
        if k % 50 == 0:
            print(f"aligned {len(out)}/{len(rows)} in {time.time()-t0:.0f} s", flush=True)
    model.train()
    print(f"aligned {len(out)} of {len(rows)} clips", flush=True)
    return out


if __name__ == "__main__":
    main()
