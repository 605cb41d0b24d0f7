#!/usr/bin/env bash
# Set up and open the dashboard on seeds/ (it builds data/events.jsonl when missing or stale).
# The dashboard listens on http://localhost:8501 only (.streamlit/config.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m streamlit run dashboard.py "$@"
