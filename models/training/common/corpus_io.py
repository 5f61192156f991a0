"""The corpus G2P output (main/engine/text/phonemize-cli.ts run over every transcript)."""
import json

from data.corpus import CACHE_DIR


def load_phonemes(cache=CACHE_DIR):
    """clip path -> phoneme symbols, exactly as the engine phonemizes at run time."""
    out = {}
    with open(f"{cache}/g2p_out.jsonl") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                out[r["id"]] = r["symbols"]
    return out
