#!/usr/bin/env bash
# Set up (first time only) and run every test: unit, AppTest and end-to-end in Chromium.
# Extra arguments go to pytest, e.g. scripts/run-tests.sh tests/unit -q
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's Chromium for the browser tests…"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-liberation >/dev/null
fi
scripts/setup.sh dev
exec .venv/bin/python -m pytest "$@"
