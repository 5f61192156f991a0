#!/usr/bin/env bash
# Python model tests; skipped (with a line saying so) only until models/training/tests exists.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d models/training/tests ]; then
  echo "test:py: models/training/tests does not exist yet; skipping the Python tests"
  exit 0
fi
# Debian's interpreter: it has python3-torch; another python3 earlier on the PATH (pyenv) does not.
exec /usr/bin/python3 -m pytest -q -p no:cacheprovider models/training/tests
