#!/usr/bin/env bash
# On the GPU machine: train a SoundStorm of the `default` size (d256 x 6 Conformer blocks, about 11 M
# parameters: twice the small one's, still real time on a laptop CPU) on the carried token store, with
# batches of 64 six-second windows in bfloat16, then bring back its fp16 checkpoint in parts.
#
#   here:   bash models/training/device/prepare.sh aside
#   device: run(command="bash models/training/device/soundstorm.sh 8", carry=[".device"], timeout_s=600)
#   here:   bash models/training/device/prepare.sh restore
#           bash models/training/device/collect.sh <files_at> runs/ss-gpu
#
# MINUTES is the training's wall time (the rate decays linearly over its last 40%); the rest of
# soundstorm.train's options follow it and override these (e.g. --lr 6e-4). RESUME=path (a carried
# checkpoint of this size, e.g. an earlier device run's, under .device/) continues from it instead of
# starting fresh. DEVICE=cpu (no bfloat16) runs the same steps here, to check the script; PYTHON,
# TOKENS_TGZ and WORK (the scratch folder) default to the device's python3, .device/tokens.tgz and
# /tmp/ss-gpu.
# About a minute goes to unpacking and compacting around the training.
set -euo pipefail
minutes="${1:-8}"
shift || true
cd "$(dirname "$0")/.."
export PYTHONUNBUFFERED=1
out="${OUT:-/tmp/device-out}"
py="${PYTHON:-python3}"
work="${WORK:-/tmp/ss-gpu}"
rm -rf "$work"
mkdir -p "$out" "$work/tokens"
nvidia-smi -L 2>/dev/null || true
"$py" -c "import torch; print('torch', torch.__version__, 'cuda', torch.cuda.is_available())"
tar xzf "${TOKENS_TGZ:-../../.device/tokens.tgz}" -C "$work/tokens"
store="$work/tokens/$(ls "$work/tokens" | head -1)"
decay=$("$py" -c "print(round($minutes * 0.4, 2))")
device="${DEVICE:-cuda}"
start=(--fresh)
if [ -n "${RESUME:-}" ]; then mkdir -p "$work/run" && cp "../../$RESUME" "$work/run/last.pt" && start=(); fi
precision=(--bf16)
[ "$device" = cpu ] && precision=()
"$py" -m soundstorm.train --config default --tokens "$store" --run "$work/run" "${start[@]}" \
  --device "$device" "${precision[@]}" --threads "${THREADS:-8}" --batch 64 --lr 1e-3 --warmup 1000 \
  --minutes "$minutes" --decay-minutes "$decay" 0.1 --train-levels 4 --cond-drop 0.2 --prompt-tokens 0.7 \
  "$@" 2>&1 | tee "$out/train.log"
"$py" -m common.compact "$work/run/last.pt" "$work/compact.pt"
# $OUT gives back files of at most 16 MiB: split, and collect.sh joins and checks
split -b 15M -d "$work/compact.pt" "$out/soundstorm.pt.part"
(cd "$work" && sha256sum compact.pt) | tee "$out/soundstorm.pt.sha256"
