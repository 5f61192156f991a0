#!/usr/bin/env bash
# Here, after a device run of soundstorm.sh: join the checkpoint's parts from the run's files folder
# (the reply's files_at), check its sha256, and put it where soundstorm.train, validate and
# export_pack read run checkpoints.
#   bash models/training/device/collect.sh /work/.device/<...> runs/ss-gpu
set -euo pipefail
from="${1:?files folder of the device run}"
run="${2:-runs/ss-gpu}"
cd "$(dirname "$0")/.."
mkdir -p "$run"
cat "$from"/soundstorm.pt.part* > "$run/last.pt"
want=$(awk '{print $1}' "$from/soundstorm.pt.sha256")
got=$(sha256sum "$run/last.pt" | awk '{print $1}')
[ "$want" = "$got" ] || { echo "checksum mismatch: $got, expected $want" >&2; rm -f "$run/last.pt"; exit 1; }
cp "$from/train.log" "$run/device-train.log" 2>/dev/null || true
/usr/bin/python3 -c "
import torch; ck = torch.load('$run/last.pt', map_location='cpu')
print('steps', ck['steps'], 'wall', round(ck['wall_seconds'] / 60, 1), 'min', 'config', ck['config'])"
