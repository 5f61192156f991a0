"""Semantic tokenizer figures on held-out data.

  /usr/bin/python3 -m eval.semantic_eval --checkpoint runs/semantic-default/last.pt --out runs/semantic-eval.json

- Phoneme error rate of the CTC head (greedy decoding) on held-out speakers' clips with text.
- Phoneme error rate of the frame head (the semantic tokens themselves: runs collapsed, pauses
  dropped), and its agreement with the HMM forced alignment on its own posteriors.
- Frame-head agreement with the CTC forced alignment on the same clips.
- Token agreement: the same sentence spoken by two different held-out synthetic voices vs two
  different sentences spoken by the same voice (1 - normalised edit distance of the run-length
  collapsed token sequences); the first should be far higher.
- The frame-head figures again after a majority filter over 5 frames (100 ms): a frame head that
  flickers between neighbouring classes for one frame inserts a phone per flicker when the runs are
  collapsed, which the raw figures count in full.
- The CTC head's greedy errors by kind, as fractions of the reference phones: substitutions (and
  among them those that differ only in a stress mark), deletions, insertions.
- The same rates for each held-out reader (`by_speaker`): the 60 clips come from two or three readers.
- With `--vtln`: the CTC head's greedy rate and the filtered frame tokens' rate when each held-out
  reader is read through one warp of the filterbank (vocal-tract length normalisation), the warp
  chosen from the audio alone: the one whose frame-head posteriors are the most confident over the
  reader's clips. The exported graph reads with the plain filterbank.
- With `--ctc-lm FILE` (tuned on training speakers by `semantic.ctc_lm`): the CTC head's phoneme
  error rate when its posteriors are read through a phone bigram (Viterbi over CTC's own graph)
  instead of greedily.
- With `--phone-loop FILE` (tuned on training speakers by `semantic.phone_loop`): the frame head's
  phoneme error rate when its posteriors are read by a phone loop (minimum durations, a phone
  bigram, an insertion penalty) as a hybrid HMM recogniser reads a frame classifier.
"""
import argparse
import json
from dataclasses import asdict

import numpy as np
import torch

from common.corpus_io import load_phonemes
from data.corpus import clip_audio, load_index
from eval.asr import edit_alignment, edit_distance
from eval.generators_eval import flite
from semantic import ctc_lm, phone_loop
from semantic.align import durations_from_alignment, frame_energy_db, hmm_align
from semantic.export import frame_input, load_semantic
from semantic.smooth import majority
from semantic.vocab import BOUNDARIES, encode, phoneme_to_semantic

SENTENCES = [
    "The little boat drifted slowly toward the harbour lights.",
    "Please remember to water the plants before you leave on Friday.",
    "Nobody expected the old bridge to survive another winter.",
    "She opened the letter and read it twice before saying a word.",
    "A warm wind came down from the hills after midnight.",
]


def collapse(tokens):
    return [int(t) for i, t in enumerate(tokens) if i == 0 or t != tokens[i - 1]]


def agreement(a, b):
    a, b = collapse(a), collapse(b)
    return 1.0 - edit_distance(a, b) / max(len(a), len(b), 1)


def phone_sequence(tokens):
    """Frame tokens -> the phones they spell: runs collapsed, pauses dropped."""
    return [t for t in collapse(tokens) if t not in BOUNDARIES]


def reader(row):
    """The held-out reader a clip is counted under: corpus and speaker id."""
    return f"{row['corpus']}:{row['speaker']}"


def rates_by_speaker(tallies):
    """{speaker: {reading: [edits, phones]}} -> {speaker: {"phones": n, reading: rate}}: the held-out clips
    come from few readers, so the pooled rate hides how far apart they are."""
    out = {}
    for speaker, readings in sorted(tallies.items()):
        phones = next(iter(readings.values()))[1] if readings else 0
        if any(n != phones for _, n in readings.values()):
            raise ValueError(f"speaker {speaker}: readings counted over different phones")
        out[speaker] = {"phones": phones, **{k: round(e / max(1, n), 4) for k, (e, n) in readings.items()}}
    return out


STRESS = "ˈˌ"


def error_kinds(pairs, inventory):
    """Counts of one reading's edits by kind, from edit_alignment pairs of phone ids: substitutions
    (of which those between two phones that differ only in stress mark, e.g. ˈɪ for ɪ), deletions,
    insertions."""
    out = {"substitutions": 0, "stress_only_substitutions": 0, "deletions": 0, "insertions": 0}
    for x, y in pairs:
        if x is None:
            out["insertions"] += 1
        elif y is None:
            out["deletions"] += 1
        elif x != y:
            out["substitutions"] += 1
            out["stress_only_substitutions"] += inventory[x].lstrip(STRESS) == inventory[y].lstrip(STRESS)
    return out


WARPS = (0.84, 0.88, 0.92, 0.96, 1.0, 1.04, 1.08, 1.12, 1.16)


def vtln_choice(confidence):
    """{speaker: {warp: [mean max log posterior of the frame head, one per clip]}} -> {speaker: warp}:
    each reader's warp is the one whose clips the frame head reads most confidently (maximum
    likelihood VTLN with no transcript); on a tie the warp nearest 1, then the smaller."""
    return {s: max(by_warp, key=lambda w: (round(float(np.mean(by_warp[w])), 9), -abs(w - 1.0), -w))
            for s, by_warp in confidence.items()}


def vtln_reading(model, rows, refs):
    """The CTC head's greedy rate and the filtered frame tokens' rate on `rows` when each reader's
    clips are read through that reader's vtln_choice warp."""
    confidence, edits = {}, {}
    try:
        for r in rows:
            audio = frame_input(clip_audio(r))
            for w in WARPS:
                model.encoder.warp = w
                ctc_logits, frame_logits = model.encoder(audio)
                log_post = frame_logits[0].log_softmax(-1)
                confidence.setdefault(reader(r), {}).setdefault(w, []).append(float(log_post.max(-1).values.mean()))
                ref = refs[r["path"]]
                edits[r["path"], w] = (edit_distance(ref, ctc_lm.greedy(ctc_logits[0].log_softmax(-1).numpy())),
                                       edit_distance(ref, phone_sequence(majority(log_post.argmax(-1).tolist()))))
    finally:
        model.encoder.warp = None
    warps = vtln_choice(confidence)
    phones = max(1, sum(len(refs[r["path"]]) for r in rows))
    chosen = [edits[r["path"], warps[reader(r)]] for r in rows]
    return {"warps": warps,
            "ctc_phoneme_error_rate": round(sum(c for c, _ in chosen) / phones, 4),
            "frame_head_phoneme_error_rate_filtered": round(sum(f for _, f in chosen) / phones, 4),
            "chosen_by": "each held-out reader's warp of the filterbank (" + ", ".join(str(w) for w in WARPS)
                         + ") whose frame-head posteriors are the most confident over the reader's clips; no transcript"}


def agreements(tokens, voices, sentences):
    """-> (mean agreement of each sentence across the two voices, mean agreement of each voice's
    different sentences); tokens: (voice, sentence index) -> frame tokens."""
    same_sentence = [agreement(tokens[(voices[0], i)], tokens[(voices[1], i)]) for i in range(sentences)]
    same_voice = [agreement(tokens[(v, i)], tokens[(v, j)]) for v in voices for i in range(sentences) for j in range(i + 1, sentences)]
    return round(float(np.mean(same_sentence)), 4), round(float(np.mean(same_voice)), 4)


@torch.no_grad()
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--clips", type=int, default=60)
    ap.add_argument("--phone-loop", default=None, help="settings written by semantic.phone_loop for this checkpoint")
    ap.add_argument("--ctc-lm", default=None, help="settings written by semantic.ctc_lm for this checkpoint")
    ap.add_argument("--vtln", action="store_true",
                    help="also read each held-out reader through its own warp of the filterbank (9 passes a clip)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    model, ck = load_semantic(args.checkpoint)
    inventory = ck["inventory"]
    to_sem = np.asarray(phoneme_to_semantic(inventory))
    phon = load_phonemes()
    rows = [r for r in load_index(split="heldout") if r["heldout"] == "speaker" and r["path"] in phon][: args.clips]
    edits = words = 0
    agree, frames = 0, 0
    frame_edits, hmm_agree, hmm_frames, smooth_edits, loop_edits = 0, 0, 0, 0, 0
    loop = phone_loop.load(args.phone_loop) if args.phone_loop else None
    reading = ctc_lm.load(args.ctc_lm) if args.ctc_lm else None
    lm_edits = 0
    tallies, kinds, refs = {}, {}, {}

    def tally(speaker, kind, edit, n):
        t = tallies.setdefault(speaker, {}).setdefault(kind, [0, 0])
        t[0] += edit
        t[1] += n
        return edit

    for r in rows:
        spk = reader(r)
        audio = frame_input(clip_audio(r))
        ctc_logits, frame_logits = model.encoder(audio)
        ctc_post = ctc_logits[0].log_softmax(-1).numpy()
        ids = encode(phon[r["path"]], inventory)
        ref = [i for i in ids if i not in BOUNDARIES]
        refs[r["path"]] = ref
        pairs = edit_alignment(ref, ctc_lm.greedy(ctc_post))
        for k, v in error_kinds(pairs, inventory).items():
            kinds[k] = kinds.get(k, 0) + v
        edits += tally(spk, "ctc_greedy", sum(x != y for x, y in pairs), len(ref))
        if reading is not None:
            lm_edits += tally(spk, "ctc_bigram", edit_distance(ref, ctc_lm.decode(ctc_post, reading[1], reading[0])),
                              len(ref))
        words += len(ref)
        tokens = frame_logits[0].argmax(-1).tolist()
        log_post = frame_logits[0].log_softmax(-1).numpy()
        frame_edits += edit_distance(ref, phone_sequence(tokens))
        smooth_edits += tally(spk, "frame_filtered", edit_distance(ref, phone_sequence(majority(tokens))), len(ref))
        if loop is not None:
            settings, log_bigram, log_prior = loop
            units = phone_loop.decode(log_post, log_bigram, settings, log_prior)
            loop_edits += tally(spk, "phone_loop", edit_distance(ref, phone_loop.phones(units)), len(ref))
        forced = hmm_align(ids, log_post)
        if forced is not None:
            hmm_agree += int((np.asarray(tokens) == forced[1]).sum())
            hmm_frames += len(tokens)
        res = durations_from_alignment(ids, ctc_post, frame_energy_db(audio[0].numpy()))
        if res is not None:
            labels = np.repeat(to_sem[ids], res[0])
            pred = frame_logits[0].argmax(-1).numpy()[: len(labels)]
            agree += int((pred == labels[: len(pred)]).sum())
            frames += len(pred)
    vtln = vtln_reading(model, rows, refs) if args.vtln else None
    voices = ["rms", "slt"]
    tokens = {(v, i): model(frame_input(flite(v, s)))[0].numpy()
              for v in voices for i, s in enumerate(SENTENCES)}
    same_sentence, same_voice = agreements(tokens, voices, len(SENTENCES))
    same_sentence_s, same_voice_s = agreements({k: majority(v) for k, v in tokens.items()}, voices, len(SENTENCES))
    figures = {
        "ctc_phoneme_error_rate": round(edits / max(1, words), 4),
        "ctc_greedy_errors": {k: round(v / max(1, words), 4) for k, v in kinds.items()},
        "frame_head_phoneme_error_rate": round(frame_edits / max(1, words), 4),
        "frame_head_vs_its_forced_alignment": round(hmm_agree / max(1, hmm_frames), 4),
        "frame_head_alignment_agreement": round(agree / max(1, frames), 4),
        "token_agreement_same_sentence_two_voices": same_sentence,
        "token_agreement_different_sentences_same_voice": same_voice,
        "majority_filtered_5_frames": {
            "frame_head_phoneme_error_rate": round(smooth_edits / max(1, words), 4),
            "token_agreement_same_sentence_two_voices": same_sentence_s,
            "token_agreement_different_sentences_same_voice": same_voice_s,
        },
        **({"ctc_bigram_reading": {"phoneme_error_rate": round(lm_edits / max(1, words), 4),
                                   "settings": asdict(reading[0]), "tuned_on": "training speakers' clips"}}
           if reading is not None else {}),
        **({"phone_loop": {"frame_head_phoneme_error_rate": round(loop_edits / max(1, words), 4),
                           "settings": asdict(loop[0]), "tuned_on": "training speakers' clips"}}
           if loop is not None else {}),
        "by_speaker": rates_by_speaker(tallies),
        **({"vtln": vtln} if vtln is not None else {}),
        "heldout_clips": len(rows), "steps": ck.get("steps"),
        "synthetic_voices": [f"flite:{v}" for v in voices],
    }
    with open(args.out, "w") as f:
        json.dump(figures, f, indent=1)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
