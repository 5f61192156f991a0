#!/usr/bin/env bash
# Ready the checkout for the GPU machine (the tool library's `device`), and put it back afterwards.
#
# A device call sends the checkout's tracked and untracked-not-ignored files plus its `carry` paths,
# 64 MiB in all; the tracked files alone are over that (81 MiB in session 11: the default pack and the
# committed checkpoints), and the training needs neither. So:
#   bash models/training/device/prepare.sh aside     # pack the token store into .device/, set the
#                                                    # packs and the committed checkpoints aside
#   (device run, carry [".device"]; see soundstorm.sh)
#   bash models/training/device/prepare.sh restore   # put them back (do this before any commit)
#   bash models/training/device/prepare.sh status    # what would travel now
#
# The files set aside go to .device-aside/ (ignored), moved, not copied, and `restore` moves them
# back; a session that ended in between finds them there (`git status` shows them deleted).
set -euo pipefail
root="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
cd "$root"
store="${TOKENS:-models/training/.cache/tokens-cw30b}"  # the shipped codec's codes (codec-s28/s32, shipped in session 33; README: SoundStorm)
# whole folders, so that a checkpoint committed later is set aside too (the device run starts fresh or
# from a RESUME checkpoint carried under .device/)
aside=(models/default models/tiny models/training/checkpoints)

travelling_bytes() {
  # tracked files present on disk, untracked files git does not ignore, and the carried .device/
  { git ls-files -z --cached --others --exclude-standard | xargs -0 -r stat -c %s 2>/dev/null || true
    if [ -d .device ]; then find .device -type f -exec stat -c %s {} +; fi; } | awk '{s+=$1} END {print s+0}'
}

case "${1:-status}" in
  aside)
    [ -f "$store/meta.json" ] || { echo "no token store at $store (tokens.py; see models/training/README.md)" >&2; exit 1; }
    [ -n "$(git status --porcelain --untracked-files=no)" ] && { echo "commit or stash first: the checkout has changes" >&2; exit 1; }
    mkdir -p .device .device-aside
    tar czf .device/tokens.tgz -C "$(dirname "$store")" "$(basename "$store")"
    for p in "${aside[@]}"; do
      [ -e "$p" ] || continue
      mkdir -p ".device-aside/$(dirname "$p")"
      mv "$p" ".device-aside/$p"
    done
    echo "set aside: ${aside[*]}"
    ;;
  restore)
    [ -d .device-aside ] || { echo "nothing set aside"; exit 0; }
    for p in "${aside[@]}"; do
      if [ -e ".device-aside/$p" ]; then
        [ -e "$p" ] && { echo "both $p and .device-aside/$p exist: resolve by hand" >&2; exit 1; }
        mkdir -p "$(dirname "$p")"
        mv ".device-aside/$p" "$p"
      fi
    done
    find .device-aside -depth -type d -empty -delete
    git status --short
    ;;
  status) ;;
  *) echo "usage: prepare.sh aside|restore|status" >&2; exit 2 ;;
esac
bytes=$(travelling_bytes)
echo "would travel: $((bytes / 1048576)) MiB of 64"
