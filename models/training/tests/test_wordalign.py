"""Word- and phone-timing bootstrap of the frame labels (semantic/wordalign.py): the pure parts, and
the phone pass on a real clip when Debian's pocketsphinx is installed."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import shutil  # noqa: E402

import pytest  # noqa: E402

from semantic.wordalign import (arpabet, durations_from_words, partition_words, share, split_word,  # noqa: E402
                                transcript_words, unit_widths)


def test_transcript_words_keep_apostrophes_and_drop_punctuation():
    assert transcript_words("Don't, said HE; twenty-one!") == ["don't", "said", "he", "twenty", "one"]


def test_partition_finds_the_words_espeak_ran_together():
    # espeak writes "in the" as one word (ɪnðə): 4 groups for 5 words.
    words = ["i", "was", "in", "the", "garden"]
    groups = [2, 3, 4, 6]  # ˈaɪ | wʌz | ɪnðə | ɡˈɑːɹdən (phone counts)
    assert partition_words(groups, words) == [(0, 0), (1, 1), (2, 3), (4, 4)]
    assert partition_words([1, 1, 1], ["a", "b"]) is None


def test_arpabet_maps_espeak_phones_with_diphthongs_and_affricates():
    assert arpabet(["h", "ə", "l", "ˈo", "ʊ"]) == ["HH", "AH", "L", "OW"]
    assert arpabet(["tʃ", "ˈɜː", "tʃ"]) == ["CH", "ER", "CH"]
    assert arpabet(["ˈa", "ɪ"]) == ["AY"]
    assert arpabet(["ʘ"]) is None


def test_share_gives_every_phone_a_frame_and_keeps_the_total():
    parts = share(10, [1.6, 1.0, 1.0])
    assert parts.sum() == 10 and parts.min() >= 1 and parts[0] == parts.max()


def test_word_timings_become_durations_that_cover_every_frame():
    # <sil> a b ' ' c . <sil> (phones a=20, b=21, c=22): two words.
    ids = [2, 20, 21, 3, 22, 5, 2]
    symbols = ["<sil>", "a", "b", " ", "k", ".", "<sil>"]
    segments = [("ab", 0.2, 0.39), ("c", 0.6, 0.79)]  # frames 10-20 and 30-40 at 50 Hz
    durations = durations_from_words(ids, symbols, segments, [(0, 0), (1, 1)], total=50)
    assert durations.sum() == 50
    assert durations[0] == 10  # leading silence to the first <sil>
    assert durations[1] + durations[2] == 10 and durations[1] > durations[2]  # the vowel weighs more
    assert durations[3] == 10  # the pause between the words to the word boundary
    assert durations[4] == 10
    assert durations[5] == 10 and durations[6] == 0  # trailing silence to the full stop
    # A word shorter than its phones borrows frames; too little audio for all of them fails.
    assert durations_from_words(ids, symbols, segments, [(0, 0), (1, 1)], total=3) is None
    assert np.all(durations_from_words(ids, symbols, [("ab", 0.2, 0.2), ("c", 0.21, 0.22)], [(0, 0), (1, 1)], total=20) >= 0)


def test_unit_widths_pair_espeak_diphthong_tokens_into_one_arpabet_phone():
    assert unit_widths(["h", "ə", "l", "ˈo", "ʊ"]) == [1.0, 1.0, 1.0, 0.6, 0.4]
    assert unit_widths(["ɹ", "ˈa", "ɪ", "t"]) == [1.0, 0.6, 0.4, 1.0]
    assert unit_widths(["tʃ", "ˈɜː", "tʃ"]) == [1.0, 1.0, 1.0]


def test_split_word_follows_the_phone_boundaries():
    # "right" = R AY T at 0.80-0.86, 0.86-1.02, 1.02-1.08 s: frames 40-54 for ɹ a ɪ t.
    segs = [("R", 0.80, 0.85), ("AY", 0.86, 1.01), ("T", 1.02, 1.08)]
    parts = split_word(40, 54, ["ɹ", "ˈa", "ɪ", "t"], segs)
    assert parts.sum() == 14 and parts.min() >= 1
    assert parts[0] == 3  # 0.80 -> 0.86 s
    assert parts[1] + parts[2] == 8 and parts[1] > parts[2]  # AY, 0.6 / 0.4
    assert parts[3] == 3
    # Counts that do not match: equal shares of the segment index, still >= 1 frame each.
    parts = split_word(0, 6, ["a", "b", "c", "d", "e"], [("AA", 0.0, 0.06), ("B", 0.06, 0.12)])
    assert parts.sum() == 6 and parts.min() >= 1
    # A word squeezed below its phone count in frames still gives every phone one (the caller
    # gives each word at least as many frames as phones).
    assert list(split_word(10, 13, ["a", "b", "c"], [("AA", 0.0, 0.01), ("B", 0.01, 0.02), ("K", 0.02, 0.03)])) == [1, 1, 1]


def test_phone_timings_replace_the_weighted_share_inside_a_word():
    ids = [2, 20, 21, 3, 22, 5, 2]
    symbols = ["<sil>", "a", "b", " ", "k", ".", "<sil>"]
    segments = [("ab", 0.2, 0.39), ("c", 0.6, 0.79)]
    phones = [[("AA", 0.2, 0.35), ("B", 0.36, 0.39)], [("K", 0.6, 0.79)]]
    d = durations_from_words(ids, symbols, segments, [(0, 0), (1, 1)], total=50, phone_segments=phones)
    assert d.sum() == 50 and d[1] == 8 and d[2] == 2 and d[4] == 10


@pytest.mark.skipif(shutil.which("pocketsphinx_continuous") is None, reason="Debian's pocketsphinx is not installed")
def test_phone_pass_aligns_a_rendered_sentence():
    import subprocess
    import tempfile

    import soundfile as sf
    from semantic.wordalign import pocketsphinx_phones
    if shutil.which("flite") is None:
        pytest.skip("flite is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "s.wav")
        subprocess.run(["flite", "-voice", "slt", "-t", "the cat sat on a mat", "-o", wav], check=True)
        audio, sr = sf.read(wav, dtype="float32")
    if sr != 16000:
        audio = np.interp(np.arange(0, len(audio), sr / 16000), np.arange(len(audio)), audio).astype(np.float32)
    prons = [[["DH", "AH"]], [["K", "AE", "T"]], [["S", "AE", "T"]], [["AA", "N"]], [["AH"]], [["M", "AE", "T"]]]
    per_word = pocketsphinx_phones(audio, ["the", "cat", "sat", "on", "a", "mat"], prons)
    assert per_word is not None
    assert [[p for p, _, _ in w] for w in per_word] == prons_flat(prons)
    starts = [a for w in per_word for _, a, _ in w]
    assert starts == sorted(starts) and starts[-1] < len(audio) / 16000


def prons_flat(prons):
    return [v[0] for v in prons]
