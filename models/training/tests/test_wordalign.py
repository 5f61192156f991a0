"""Word-timing bootstrap of the frame labels (semantic/wordalign.py): the pure parts."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from semantic.wordalign import arpabet, durations_from_words, partition_words, share, transcript_words  # noqa: E402


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
