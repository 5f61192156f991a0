"""The prompt-token majority filter; the same cases as test/unit/engine/prompt.test.ts (the engine's twin)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from semantic.smooth import majority  # noqa: E402

CASES = [
    ([5, 5, 9, 5, 5, 7, 7, 3, 7, 7], 5, [5, 5, 5, 5, 5, 7, 7, 7, 7, 7]),
    ([1, 2, 1, 2, 3, 3], 3, [1, 1, 2, 2, 3, 3]),
    ([4, 8, 6], 3, [4, 8, 6]),
    ([9, 2, 2, 9, 9, 1], 5, [2, 2, 9, 9, 9, 9]),
    ([3, 1, 4, 1, 5], 1, [3, 1, 4, 1, 5]),
    ([7], 5, [7]),
]


def test_majority_of_each_centred_window_own_token_on_a_tie_else_smallest_id():
    for tokens, width, expected in CASES:
        before = list(tokens)
        assert majority(tokens, width) == expected
        assert tokens == before
