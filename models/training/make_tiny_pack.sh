#!/usr/bin/env bash
# Rebuilds the tiny test pack (models/tiny) and the parity fixtures from nothing, on CPU
# (about 25 minutes on one core). Needs the corpus cache: /usr/bin/python3 data/corpus.py build
set -euo pipefail
cd "$(dirname "$0")"
PY=/usr/bin/python3
STEP=${1:-all}
if [[ $STEP == all || $STEP == codec ]]; then
  $PY -m codec.train --config tiny --steps 600
fi
if [[ $STEP == all || $STEP == semantic ]]; then
  $PY -m semantic.train --config tiny --stage ctc --minutes 5 --limit-clips 1500 --batch-seconds 40
  $PY -m semantic.train --config tiny --stage frame --minutes 3 --limit-clips 1500 --batch-seconds 40
  $PY -m t2s.train --config tiny --alignments runs/semantic-tiny/alignments.jsonl --minutes 3
fi
if [[ $STEP == all || $STEP == soundstorm ]]; then
  $PY tokens.py --codec runs/codec-tiny/last.pt --semantic runs/semantic-tiny/last.pt --out .cache/tokens-tiny --limit 1500
  $PY -m soundstorm.train --config tiny --tokens .cache/tokens-tiny --minutes 8
fi
if [[ $STEP == all || $STEP == export ]]; then
  $PY export_pack.py --pack ../tiny --name tiny \
    --description "Tiny pack for tests: trained in minutes on CPU; it speaks badly by design." \
    --codec runs/codec-tiny/last.pt --semantic runs/semantic-tiny/last.pt --t2s runs/t2s-tiny/last.pt \
    --soundstorm runs/soundstorm-tiny/last.pt --tokens .cache/tokens-tiny --fixtures ../../test/fixtures/parity
fi
