#!/usr/bin/env bash
# Python model tests; skipped (with a line saying so) only until models/training/tests exists.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d models/training/tests ]; then
  echo "test:py: models/training/tests does not exist yet; skipping the Python tests"
  exit 0
fi
exec python3 -m pytest -q models/training/tests
