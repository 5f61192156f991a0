"""The held-out tokenizer figures' breakdown by reader."""
import os
import random
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from eval.asr import edit_alignment, edit_distance  # noqa: E402
from eval.semantic_eval import error_kinds, rates_by_speaker, vtln_choice  # noqa: E402


def test_each_reader_gets_its_own_rates_over_its_own_phones():
    out = rates_by_speaker({
        "ls:b": {"ctc_greedy": [3, 10], "frame_filtered": [5, 10]},
        "ls:a": {"ctc_greedy": [1, 40], "frame_filtered": [0, 40]},
    })
    assert list(out) == ["ls:a", "ls:b"]
    assert out["ls:a"] == {"phones": 40, "ctc_greedy": 0.025, "frame_filtered": 0.0}
    assert out["ls:b"] == {"phones": 10, "ctc_greedy": 0.3, "frame_filtered": 0.5}


def test_readings_over_different_phone_counts_are_refused():
    with pytest.raises(ValueError, match="ls:a"):
        rates_by_speaker({"ls:a": {"ctc_greedy": [1, 40], "phone_loop": [1, 39]}})


def test_error_kinds_split_the_edits_and_name_stress_only_substitutions():
    inventory = ["<pad>", "ɪ", "ˈɪ", "t", "d", "n"]
    ref, hyp = [2, 3, 5, 1], [1, 4, 1, 1, 4]
    pairs = edit_alignment(ref, hyp)
    assert sum(x != y for x, y in pairs) == edit_distance(ref, hyp)
    assert error_kinds(pairs, inventory) == {"substitutions": 3, "stress_only_substitutions": 1,
                                             "deletions": 0, "insertions": 1}


def test_edit_alignment_costs_the_edit_distance_and_spells_both_sequences():
    rng = random.Random(5)
    for _ in range(300):
        a = [rng.randrange(4) for _ in range(rng.randrange(9))]
        b = [rng.randrange(4) for _ in range(rng.randrange(9))]
        pairs = edit_alignment(a, b)
        assert sum(x != y for x, y in pairs) == edit_distance(a, b)
        assert [x for x, _ in pairs if x is not None] == a
        assert [y for _, y in pairs if y is not None] == b


def test_vtln_takes_each_readers_most_confident_warp_and_the_nearest_to_one_on_a_tie():
    choice = vtln_choice({
        "ls:a": {0.92: [-1.0, -0.8], 1.0: [-0.7, -0.9], 1.08: [-0.5, -0.6]},
        "ls:b": {0.96: [-0.4], 1.0: [-0.5], 1.04: [-0.4]},
        "ls:c": {0.96: [-0.6], 1.0: [-0.6], 1.12: [-0.6]},
    })
    assert choice == {"ls:a": 1.08, "ls:b": 0.96, "ls:c": 1.0}
