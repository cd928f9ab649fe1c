#!/usr/bin/env bash
# Create .venv and install the pinned requirements (skipped when nothing changed).
# Usage: scripts/setup.sh [app|dev]
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-app}"
req=requirements.txt
[ "$kind" = dev ] && req=requirements-dev.txt
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
stamp=".venv/.installed-$kind"
want=$(cat requirements.txt "$req" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing $req into .venv (first time takes a few minutes: TensorFlow is large)…"
  .venv/bin/python -m pip install --quiet -r "$req"
  echo "$want" > "$stamp"
fi
