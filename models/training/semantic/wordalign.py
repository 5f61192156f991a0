"""Phone durations from word timings: a bootstrap for the frame labels when no phone recogniser of
our own has converged yet (on this 2-core CPU the CTC encoder sat on its blank plateau for 7,000
steps, and embedded re-estimation from a flat start collapsed onto a few classes).

Each training clip is force-aligned at the word level by Debian's pocketsphinx (its en-us acoustic
model, a finite-state grammar of exactly the transcript's words: about 30x real time a core). The
clip's phoneme sequence (the engine's own G2P) is split into words at its word boundaries; when the
word count matches, each word's frames are shared by its phones (vowels weigh 1.6, consonants 1,
each at least one frame), silence between words goes to the pause token there (punctuation, else
the word boundary), and leading/trailing silence to the framing `<sil>`. Clips whose words are not
all in the pocketsphinx dictionary, or whose counts differ, are left out.

pocketsphinx only supplies timings here; the tokens, durations and models are ours. (It is also the
evaluation's recogniser: the evaluation reads words, which no training label carries.)

With --phones (what the default pack uses since session 5), a second pass aligns each clip at the
phone level: every ARPAbet phone of word k becomes a one-phone grammar word `w<k>_<phone>` (the
word's pronunciation variants as alternatives), so pocketsphinx's word times are phone times. Each
word's frames are then split at those phone boundaries (espeak's two diphthong tokens share one
ARPAbet phone 0.6/0.4; when the counts still differ, equal shares of the segment index), and the
words are placed by the phone pass, which does not run a word on over a following pause as the word
pass often does (the word pass still bounds the first word's start and the last word's end). Over
the training frames the labels' mutual information with the codec's level-0 code rises from 0.65
to 0.81 nats (entropy 6.29 nats).

  /usr/bin/python3 -m semantic.wordalign --out runs/wordalign --jobs 2 [--max-seconds 12] [--phones]
"""
import argparse
import json
import os
import re
import subprocess
import tempfile
import time
import wave
from multiprocessing import Pool

import numpy as np

from common.corpus_io import load_phonemes
from data.corpus import CACHE_DIR, clip_audio, load_index
from semantic.vocab import BOUNDARIES, SIL, build_inventory, encode

HOP = 320
FRAME_RATE = 50
DICT = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"
VOWEL = re.compile("[aeiouæɑɐɒɔəɘɚɛɜɞɪɨʊʉʌʏyøœɶᵻ]")


def transcript_words(text):
    return re.findall(r"[a-z']+", text.lower().replace("’", "'"))


def load_dictionary(path=DICT):
    """word -> its dictionary lines (every pronunciation variant)."""
    words = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                words.setdefault(re.sub(r"\(\d+\)$", "", line.split()[0]), []).append(line.rstrip("\n"))
    return words


def _decode(audio, grammar, dictionary_lines, timeout=120):
    """pocketsphinx_continuous with a JSGF grammar over one clip -> [(token, start_s, end_s)]."""
    with tempfile.TemporaryDirectory() as tmp:
        wav, gram = os.path.join(tmp, "c.wav"), os.path.join(tmp, "g.jsgf")
        with wave.open(wav, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(16000)
            w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
        with open(gram, "w") as f:
            f.write("#JSGF V1.0;\ngrammar forced;\npublic <s> = " + grammar + ";\n")
        dic = os.path.join(tmp, "words.dict")
        with open(dic, "w") as f:
            f.write("\n".join(dictionary_lines) + "\n")
        out = subprocess.run(["pocketsphinx_continuous", "-infile", wav, "-jsgf", gram, "-dict", dic, "-time", "yes",
                              "-logfn", "/dev/null",
                              # one utterance for the whole clip: no cut at pauses (each piece would
                              # be decoded against the whole sentence's grammar and fail)
                              "-vad_postspeech", "1000"],
                             capture_output=True, text=True, timeout=timeout)
    segments = []
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 4 and all(re.fullmatch(r"-?\d+(\.\d+)?", x) for x in parts[1:]):
            segments.append((parts[0], float(parts[1]), float(parts[2])))
    return segments


def pocketsphinx_words(audio, words, dictionary_lines):
    """-> [(word, start_s, end_s)] without silences and fillers, or None when decoding fails."""
    segments = []
    for token, a, b in _decode(audio, " ".join(words), dictionary_lines):
        word = re.sub(r"\(\d+\)$", "", token)
        if not (word.startswith("<") or word.startswith("[") or word.startswith("++")):
            segments.append((word, a, b))
    if [w for w, _, _ in segments] != list(words):
        return None
    return segments


def pocketsphinx_phones(audio, words, pronunciations):
    """Phone-level forced alignment: every phone of word k becomes a one-phone grammar word
    `w<k>_<phone>`, so pocketsphinx's word times are phone times (its triphones still see their
    neighbours across these "words"). pronunciations[k]: the ARPAbet variants of word k.
    -> per word, [(ARPAbet phone, start_s, end_s)], or None when decoding fails."""
    alts, lines = [], set()
    for k, variants in enumerate(pronunciations):
        seqs = sorted({" ".join(f"w{k}_{p.lower()}" for p in v) for v in variants})
        alts.append("( " + " | ".join(seqs) + " )")
        lines.update(f"w{k}_{p.lower()} {p}" for v in variants for p in v)
    per_word = [[] for _ in words]
    for token, a, b in _decode(audio, " ".join(alts), sorted(lines)):
        m = re.fullmatch(r"w(\d+)_([a-z]+)(\(\d+\))?", token)
        if m:
            per_word[int(m.group(1))].append((m.group(2).upper(), a, b))
    if any(not segs for segs in per_word):
        return None
    return per_word


# espeak-ng IPA (one phone token, stress and length marks stripped) -> CMU ARPAbet, for words the
# pocketsphinx dictionary lacks (their pronunciation comes from the engine's own G2P).
IPA_ARPABET = {
    "i": "IY", "ɪ": "IH", "ᵻ": "IH", "ɛ": "EH", "æ": "AE", "ɑ": "AA", "ɒ": "AA", "ɔ": "AO", "ʊ": "UH",
    "u": "UW", "ʌ": "AH", "ə": "AH", "ɐ": "AH", "ɜ": "ER", "ɚ": "ER", "e": "EY", "o": "OW", "a": "AA",
    "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "ɡ": "G", "f": "F", "v": "V", "θ": "TH", "ð": "DH",
    "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH", "h": "HH", "m": "M", "n": "N", "ŋ": "NG", "l": "L", "ɹ": "R",
    "w": "W", "j": "Y", "ɾ": "T", "ʔ": "T", "x": "K", "r": "R", "ɬ": "L", "ç": "HH",
}
DIPHTHONGS = {("a", "ɪ"): "AY", ("a", "ʊ"): "AW", ("e", "ɪ"): "EY", ("o", "ʊ"): "OW", ("ɔ", "ɪ"): "OY"}


def _core(symbol):
    """An espeak phone token without its stress, length and diacritic marks."""
    return "".join(ch for ch in symbol if ch not in "ˈˌːˑ̩̯˞ʲʰ̪̆̃")


def arpabet(phones):
    """espeak phone tokens of one word -> ARPAbet, or None when a phone has no counterpart."""
    bare = []
    for p in phones:
        core = _core(p)
        if core.startswith("t") and core.endswith("ʃ") or core.startswith("d") and core.endswith("ʒ"):
            bare.extend([core[0], core[-1]])
        elif core:
            bare.append(core[0] if core not in IPA_ARPABET and core[0] in IPA_ARPABET else core)
    out, i = [], 0
    while i < len(bare):
        pair = tuple(bare[i:i + 2])
        if pair in DIPHTHONGS:
            out.append(DIPHTHONGS[pair])
            i += 2
            continue
        if bare[i] == "t" and i + 1 < len(bare) and bare[i + 1] == "ʃ":
            out.append("CH")
            i += 2
            continue
        if bare[i] == "d" and i + 1 < len(bare) and bare[i + 1] == "ʒ":
            out.append("JH")
            i += 2
            continue
        if bare[i] not in IPA_ARPABET:
            return None
        out.append(IPA_ARPABET[bare[i]])
        i += 1
    return out or None


def partition_words(group_sizes, words):
    """espeak sometimes writes two words as one ("in the" -> ɪnðə): split `words` into
    len(group_sizes) consecutive runs, each run one phone group, choosing the runs whose letter
    counts best fit the groups' phone counts. -> list of (first, last) word index per group."""
    G, N = len(group_sizes), len(words)
    if G > N or G == 0:
        return None
    letters = np.cumsum([0] + [len(w.replace("'", "")) for w in words])
    inf = float("inf")
    cost = np.full((G + 1, N + 1), inf)
    back = np.zeros((G + 1, N + 1), dtype=np.int64)
    cost[0, 0] = 0.0
    for g in range(1, G + 1):
        for n in range(g, N - (G - g) + 1):
            for m in range(max(g - 1, n - 4), n):  # at most 4 words run together
                c = cost[g - 1, m] + abs(group_sizes[g - 1] - 0.8 * (letters[n] - letters[m])) + (n - m - 1) * 2.0
                if c < cost[g, n]:
                    cost[g, n], back[g, n] = c, m
    if cost[G, N] == inf:
        return None
    spans, n = [], N
    for g in range(G, 0, -1):
        m = back[g, n]
        spans.append((m, n - 1))
        n = m
    return spans[::-1]


def word_groups(ids, is_pause=lambda x: x in BOUNDARIES):
    """Phone positions of each word: maximal runs of non-pause items (ids, or symbols with their
    own `is_pause`)."""
    groups, cur = [], []
    for i, x in enumerate(ids):
        if is_pause(x):
            if cur:
                groups.append(cur)
                cur = []
        else:
            cur.append(i)
    if cur:
        groups.append(cur)
    return groups


def share(frames, weights):
    """Split `frames` (>= len(weights)) into integer parts proportional to weights, each >= 1."""
    w = np.asarray(weights, dtype=np.float64)
    extra = frames - len(w)
    raw = w / w.sum() * extra
    base = np.floor(raw).astype(np.int64)
    rest = extra - base.sum()
    base[np.argsort(-(raw - base))[:rest]] += 1
    return base + 1


def unit_widths(symbols):
    """How much of an ARPAbet phone each espeak phone token of one word stands for: 1 each, but
    espeak writes a diphthong as two tokens (a ɪ) where ARPAbet has one phone (AY): 0.6 + 0.4."""
    widths, j = [], 0
    while j < len(symbols):
        if j + 1 < len(symbols) and (_core(symbols[j])[-1:], _core(symbols[j + 1])[:1]) in DIPHTHONGS:
            widths.extend([0.6, 0.4])
            j += 2
        else:
            widths.append(1.0)
            j += 1
    return widths


def split_word(s, e, symbols, phone_segments):
    """Frames [s, e) of one word (or words espeak ran together) -> one part per espeak phone, each
    >= 1 frame, placed at the phone boundaries pocketsphinx found. phone_segments: its
    (ARPAbet phone, start_s, end_s) over the word. When the espeak phones' ARPAbet counterparts
    number as many as the segments, boundaries are taken one to one; otherwise each espeak phone
    takes an equal share of the segment index (linear interpolation of the boundary times)."""
    m, n = len(symbols), len(phone_segments)
    times = [seg[1] for seg in phone_segments] + [phone_segments[-1][2]]
    units = unit_widths(symbols)
    if abs(sum(units) - n) < 1e-6:
        pos = np.concatenate([[0.0], np.cumsum(units)])
    else:
        pos = np.arange(m + 1) * (n / m)
    t = np.interp(pos, np.arange(n + 1), times)
    bounds = [s]
    for j in range(1, m):
        b = int(round(t[j] * FRAME_RATE))
        bounds.append(min(max(b, bounds[-1] + 1), e - (m - j)))
    bounds.append(e)
    return np.diff(bounds)


def durations_from_words(ids, symbols, segments, spans, total, phone_segments=None):
    """-> durations per id summing to `total` frames, or None when the words do not fit.
    spans: the (first, last) transcript word of each phone group (partition_words).
    phone_segments: per transcript word, pocketsphinx's phone segments (pocketsphinx_phones); with
    them each word's frames are split at its phone boundaries, without, shared by weight."""
    groups = word_groups(ids)
    if len(groups) != len(spans) or not groups:
        return None
    dur = np.zeros(len(ids), dtype=np.int64)
    edges = []
    for first, last in spans:
        a, b = segments[first][1], segments[last][2]
        s, e = int(round(a * FRAME_RATE)), int(round((b + 0.01) * FRAME_RATE))
        edges.append([min(s, total), min(e, total)])
    # Words must not overlap and each needs a frame per phone (a fast word borrows from what follows).
    for k, g in enumerate(groups):
        if k > 0:
            edges[k][0] = max(edges[k][0], edges[k - 1][1])
        edges[k][1] = max(edges[k][1], edges[k][0] + len(g))
    if edges[-1][1] > total:
        return None
    for k, ((s, e), g) in enumerate(zip(edges, groups)):
        first, last = spans[k]
        if phone_segments is not None:
            parts = split_word(s, e, [symbols[i] for i in g], [x for w in range(first, last + 1) for x in phone_segments[w]])
        else:
            parts = share(e - s, [1.6 if VOWEL.search(symbols[i]) else 1.0 for i in g])
        dur[g] = parts
        # The gap after this word (or before the first) goes to the pause tokens there.
        nxt = edges[k + 1][0] if k + 1 < len(edges) else total
        gap = nxt - e
        pauses = list(range(g[-1] + 1, groups[k + 1][0] if k + 1 < len(groups) else len(ids)))
        if gap > 0:
            if pauses:
                target = next((i for i in pauses if ids[i] not in (SIL, 3)), pauses[-1] if k + 1 == len(groups) else pauses[0])
                dur[target] += gap
            else:
                dur[g[-1]] += gap
    lead = edges[0][0]
    if lead > 0:
        if groups[0][0] > 0:
            dur[0] += lead
        else:
            dur[groups[0][0]] += lead
    if dur.sum() != total:
        return None
    return dur


_DICT = None
_PHON = None
_PHONES = False


def _init(phones=False):
    global _DICT, _PHON, _PHONES
    _DICT = load_dictionary()
    _PHON = load_phonemes()
    _PHONES = phones


PAUSE_SYMBOLS = {"<sil>", " ", ",", ".", "?", "!", ";", ":"}


def align_one(r):
    """-> (path, word segments, spans, phone segments per word or None), or None when it fails."""
    words = transcript_words(r["text"] or "")
    symbols = _PHON.get(r["path"])
    if not words or symbols is None:
        return None
    groups = [[symbols[i] for i in g] for g in word_groups(symbols, lambda s: s in PAUSE_SYMBOLS)]
    spans = partition_words([len(g) for g in groups], words)
    if spans is None:
        return None
    lines, variants = [], []
    for (first, last), group in zip(spans, groups):
        for w in words[first:last + 1]:
            if w in _DICT:
                lines.extend(_DICT[w])
                variants.append([line.split()[1:] for line in _DICT[w]])
            elif first == last and (pron := arpabet(group)) is not None:
                lines.append(f"{w} {' '.join(pron)}")
                variants.append([pron])
            else:
                return None
    audio = clip_audio(r)
    segments = pocketsphinx_words(audio, words, sorted(set(lines)))
    if segments is None:
        return None
    first, last = segments[0], segments[-1]
    if not _PHONES:
        return r["path"], segments, spans, None
    phone_segments = pocketsphinx_phones(audio, words, variants)
    if phone_segments is None:
        return None
    # The phone pass places the words better than the word pass, which often runs a word on over a
    # pause that follows it; but its first phone may take in the leading silence and its last the
    # trailing one, so there the word pass bounds it.
    segments = [(w, ph[0][1], ph[-1][2]) for w, ph in zip(words, phone_segments)]
    segments[0] = (words[0], max(segments[0][1], first[1]), segments[0][2])
    segments[-1] = (words[-1], segments[-1][1], min(segments[-1][2], last[2]))
    return r["path"], segments, spans, phone_segments


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, help="folder for alignments.jsonl and inventory.json")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--max-seconds", type=float, default=20.0)
    ap.add_argument("--min-seconds", type=float, default=0.0,
                    help="only clips longer than this (to extend an earlier pass's alignments to longer clips)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--phones", action="store_true",
                    help="also force-align each clip at the phone level and split every word's frames at its "
                         "phone boundaries (instead of sharing them by weight)")
    ap.add_argument("--split", default="train", choices=["train", "heldout"],
                    help="which clips to align (heldout: labels for validation only; the inventory is always "
                         "the training clips')")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    phon = load_phonemes()
    rows = [r for r in load_index(split="train", with_text=True) if r["path"] in phon and r["length"] <= 20 * 16000]
    # The same inventory as semantic/train.py builds (every training clip up to 20 s).
    inventory = build_inventory([phon[r["path"]] for r in rows])
    if args.split != "train":
        rows = [r for r in load_index(split=args.split, with_text=True) if r["path"] in phon]
    rows = [r for r in rows if args.min_seconds * 16000 < r["length"] <= args.max_seconds * 16000]
    if args.limit:
        rows = rows[: args.limit]
    t0, kept, tried = time.time(), 0, 0
    by_path = {r["path"]: r for r in rows}
    with Pool(args.jobs, initializer=_init, initargs=(args.phones,)) as pool, open(os.path.join(args.out, "alignments.jsonl"), "w") as f:
        for res in pool.imap_unordered(align_one, rows, chunksize=8):
            tried += 1
            if res is not None:
                path, segments, spans, phone_segments = res
                r = by_path[path]
                ids = encode(phon[path], inventory)
                total = (r["length"] + HOP - 1) // HOP
                dur = durations_from_words(ids, phon[path], segments, spans, total, phone_segments)
                if dur is not None:
                    f.write(json.dumps({"path": path, "speaker": r["speaker"], "ids": ids, "durations": [int(d) for d in dur]}) + "\n")
                    kept += 1
            if tried % 500 == 0:
                print(f"{tried}/{len(rows)} clips, {kept} aligned, {time.time()-t0:.0f} s", flush=True)
    with open(os.path.join(args.out, "inventory.json"), "w") as f:
        json.dump(inventory, f, ensure_ascii=False)
    summary = {"clips": len(rows), "aligned": kept, "seconds": round(time.time() - t0, 1), "source": "pocketsphinx phone timings inside its word timings" if args.phones else "pocketsphinx word timings"}
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print("done", summary, flush=True)


if __name__ == "__main__":
    main()
