"""An independent recogniser for intelligibility figures: Debian's pocketsphinx (en-us model).

`transcribe(audio)` -> lower-case words; `wer(ref, hyp)` -> word error rate (Levenshtein / ref words).
"""
import os
import re
import subprocess
import tempfile

import numpy as np
import soundfile as sf


def normalise(text):
    return re.sub(r"[^a-z' ]+", " ", text.lower()).split()


def transcribe(audio, sample_rate=16000):
    """float32 mono audio at 16 kHz -> recognised words."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "a.wav")
        sf.write(path, np.clip(audio, -1, 1), sample_rate, subtype="PCM_16")
        out = subprocess.run(["pocketsphinx_continuous", "-infile", path, "-logfn", "/dev/null"],
                             capture_output=True, text=True, check=True).stdout
    return normalise(out)


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def edit_alignment(a, b):
    """One minimum-edit alignment of a (reference) with b (hypothesis): a list of pairs (x, y), x None
    for an insertion, y None for a deletion, x != y for a substitution. Its edits number
    edit_distance(a, b); on ties a substitution is preferred to a deletion, a deletion to an insertion."""
    n, m = len(a), len(b)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
    pairs, i, j = [], n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i][j] == d[i - 1][j - 1] + (a[i - 1] != b[j - 1]):
            pairs.append((a[i - 1], b[j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and d[i][j] == d[i - 1][j] + 1:
            pairs.append((a[i - 1], None))
            i -= 1
        else:
            pairs.append((None, b[j - 1]))
            j -= 1
    return pairs[::-1]


def corpus_wer(pairs):
    """[(reference words, hypothesis words)] -> total edits / total reference words."""
    edits = sum(edit_distance(r, h) for r, h in pairs)
    words = sum(len(r) for r, _ in pairs)
    return edits / max(1, words)
