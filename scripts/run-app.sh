#!/usr/bin/env bash
# Set up (first time only) and run Shape Lab at http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
exec .venv/bin/python serve.py --browser.gatherUsageStats=false "$@"
